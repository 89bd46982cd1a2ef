"""The task queue delivers e-mail through the django-q2 broker (ORM, or Redis in CI)."""

from multiprocessing import Event, Queue, Value

import pytest
from django.core import mail
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.monitor import monitor
from django_q.pusher import pusher
from django_q.worker import worker

from beteiligung.emails import queue_email

# Transactional tests flush the database; cms.demo.wagtail_base() brings back what
# Wagtail's migrations created, Django's post_migrate the permissions.
pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]


def run_cluster_once(broker) -> None:
    """Pull every waiting task from the broker and run it with django-q2's own worker."""
    task_queue, result_queue, stop = Queue(), Queue(), Event()
    stop.set()
    pusher(task_queue, stop, broker=broker)
    task_queue.put("STOP")
    worker(task_queue, result_queue, Value("f", -1))
    result_queue.put("STOP")
    monitor(result_queue)


def test_a_queued_email_is_delivered_by_the_cluster(monkeypatch):
    monkeypatch.setattr(Conf, "SYNC", False)
    broker = get_broker()
    broker.purge_queue()

    queue_email(
        "accessibility_feedback",
        ["staff@example.org"],
        {"feedback": {"page_url": "/karte/"}, "admin_url": "https://example.org/admin/x/"},
    )

    assert broker.queue_size() == 1
    assert mail.outbox == []
    run_cluster_once(broker)
    assert broker.queue_size() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@example.org"]
    assert "https://example.org/admin/x/" in message.body
    assert message.alternatives[0][1] == "text/html"
