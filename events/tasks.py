"""Tasks of the events app, run by the django-q2 cluster: load, call the service, done.

Each task that sends mail runs in one transaction: the "reminded" marks and the outbox rows
commit together or not at all. A worker killed midway leaves nothing half done, and the next
run (the hourly schedule; the ORM broker's redelivery) does the whole work again.
"""

from django.db import transaction

from events import services
from events.models import EventPage


@transaction.atomic
def notify_registrants_of_change(event_id: int) -> int:
    event = EventPage.objects.filter(pk=event_id).first()
    return services.notify_registrants_of_change(event) if event else 0


@transaction.atomic
def message_registrants(event_id: int, subject: str, message: str, statuses: list[str]) -> int:
    event = EventPage.objects.filter(pk=event_id).first()
    return services.message_registrants(event, subject, message, statuses) if event else 0


@transaction.atomic
def send_reminders() -> int:
    # Without the transaction a reminder marked sent but killed before its outbox row was
    # written would never be sent (tests/core/test_queue_faults.py).
    return services.send_reminders()


def erase_expired_registrations() -> int:
    return services.erase_expired_registrations()
