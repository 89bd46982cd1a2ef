"""The e-mail outbox: every mail is written in the transaction that caused it, sent once it
has committed, retried with backoff while the mail server refuses, and given up on (and shown
to staff) after EMAIL_OUTBOX_GIVE_UP_DAYS."""

import datetime
import email
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from beteiligung.emails import Attachment, queue_email, retry_delay, send_outbox
from beteiligung.models import OutboxEmail, OutboxStatus, User
from beteiligung.tasks import sweep_outbox
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

FEEDBACK = {
    "feedback": {"message": "Kontrast zu gering", "page_url": "/kontakt/", "name": "", "email": ""}
}


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port(settings) -> int:
    """A port where no mail server listens (yet); e-mail goes there over real SMTP."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def start_smtp(smtp_port):
    controllers = []

    def start() -> Inbox:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def queue_feedback_mail() -> None:
    queue_email("accessibility_feedback", ["staff@example.org"], FEEDBACK)


def test_a_mail_is_sent_once_the_transaction_that_wrote_it_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_feedback_mail()
        row = OutboxEmail.objects.get()
        assert row.status == OutboxStatus.QUEUED
        assert mail.outbox == []

    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and row.sent_at
    (message,) = mail.outbox
    assert message.to == ["staff@example.org"]
    assert "Betroffene Seite: /kontakt/" in message.body
    assert message.extra_headers["X-Outbox-ID"] == str(row.pk)


def test_a_mail_is_rolled_back_with_the_transaction_that_wrote_it(
    django_capture_on_commit_callbacks,
):
    def book_and_fail() -> None:
        with transaction.atomic():
            queue_feedback_mail()
            raise RuntimeError("the booking failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        book_and_fail()

    assert OutboxEmail.objects.count() == 0
    assert mail.outbox == []


def test_a_mail_refused_while_the_server_is_down_is_retried_until_it_is_accepted(
    start_smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_feedback_mail()

    row = OutboxEmail.objects.get()
    assert row.status == OutboxStatus.QUEUED
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)

    # Not due yet: the sweep leaves it alone.
    assert send_outbox() == {"sent": 0, "retry": 0, "failed": 0}
    inbox = start_smtp()
    OutboxEmail.objects.update(next_attempt_at=timezone.now())  # the backoff has passed
    assert send_outbox()["sent"] == 1
    assert send_outbox()["sent"] == 0

    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.attempts == 2 and row.last_error == ""
    (message,) = inbox.messages
    assert message["To"] == "staff@example.org"


def test_the_backoff_doubles_per_attempt_up_to_an_hour(settings):
    settings.EMAIL_OUTBOX_RETRY_SECONDS = 60
    delays = [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 7, 20)]
    assert delays == [60, 120, 240, 480, 3600, 3600]


def test_a_mail_still_refused_after_the_give_up_days_is_marked_failed(settings, smtp_port):
    settings.EMAIL_OUTBOX_GIVE_UP_DAYS = 3
    queue_feedback_mail()
    young, old = (
        OutboxEmail.objects.create(
            subject="jung", to=["a@example.org"], from_email="portal@example.org", text="."
        ),
        OutboxEmail.objects.get(subject__contains="Barriere"),
    )
    OutboxEmail.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3, minutes=1)
    )

    assert send_outbox() == {"sent": 0, "retry": 1, "failed": 1}
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.status == OutboxStatus.FAILED and "ConnectionRefusedError" in old.last_error
    assert young.status == OutboxStatus.QUEUED
    # A failed mail is not tried again by the sweep.
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    assert send_outbox()["failed"] == 0


def test_a_mail_claimed_by_one_worker_is_not_claimed_by_another_until_its_lease_runs_out():
    queue_feedback_mail()
    now = timezone.now()
    lease = datetime.timedelta(minutes=5)
    first = OutboxEmail.objects.claim(now=now, lease=lease, limit=10, token="a" * 32)
    second = OutboxEmail.objects.claim(now=now, lease=lease, limit=10, token="b" * 32)
    assert [row.status for row in first] == [OutboxStatus.SENDING] and second == []

    # The first worker died: after the lease the mail belongs to whoever claims it next.
    later = now + lease + datetime.timedelta(seconds=1)
    (again,) = OutboxEmail.objects.claim(now=later, lease=lease, limit=10, token="c" * 32)
    assert again.pk == first[0].pk and again.attempts == 2
    # The dead worker cannot mark it any more.
    assert first[0].mark_sent("a" * 32) is False


def test_attachments_and_headers_survive_the_outbox(start_smtp):
    inbox = start_smtp()
    calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    queue_email(
        "accessibility_feedback",
        ["staff@example.org"],
        FEEDBACK,
        attachments=[
            Attachment("termin.ics", calendar, "text/calendar; method=REQUEST"),
            Attachment("plan.pdf", b"%PDF-1.4 \x00\xff", "application/pdf"),
        ],
        headers={"Reply-To": "buerger@example.org"},
    )
    assert send_outbox()["sent"] == 1

    (message,) = inbox.messages
    assert message["Reply-To"] == "buerger@example.org"
    parts = {part.get_content_type(): part for part in message.walk()}
    ics = parts["text/calendar"]
    assert ics.get_param("method") == "REQUEST"
    assert ics.get_filename() == "termin.ics"
    assert "METHOD:REQUEST" in ics.get_payload(decode=True).decode()
    assert parts["application/pdf"].get_payload(decode=True) == b"%PDF-1.4 \x00\xff"
    assert "text/plain" in parts and "text/html" in parts


def test_sent_and_failed_mails_are_erased_after_the_keep_days(settings):
    settings.EMAIL_OUTBOX_KEEP_DAYS = 14
    old = timezone.now() - datetime.timedelta(days=15)
    recent = timezone.now() - datetime.timedelta(days=13)
    fields = {"to": ["a@example.org"], "from_email": "portal@example.org", "text": "."}
    OutboxEmail.objects.create(
        subject="alt gesendet", status=OutboxStatus.SENT, sent_at=old, **fields
    )
    OutboxEmail.objects.create(
        subject="alt aufgegeben", status=OutboxStatus.FAILED, next_attempt_at=old, **fields
    )
    OutboxEmail.objects.create(subject="neu", status=OutboxStatus.SENT, sent_at=recent, **fields)

    assert sweep_outbox()["erased"] == 2
    assert list(OutboxEmail.objects.values_list("subject", flat=True)) == ["neu"]


def test_the_outbox_is_swept_every_minute():
    schedule = Schedule.objects.get(func="beteiligung.tasks.sweep_outbox")
    assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 1)


@pytest.fixture
def failed_mail() -> OutboxEmail:
    return OutboxEmail.objects.create(
        subject="Ihre Buchung",
        to=["buerger@example.org"],
        from_email="portal@example.org",
        text="Bestätigt.",
        status=OutboxStatus.FAILED,
        attempts=9,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("admin@example.org", "admin@example.org", "pw-123456")


def test_staff_with_the_view_permission_see_failed_mails_in_the_outbox(
    client, organisation, failed_mail
):
    from django.contrib.auth.models import Permission

    clerk = make_staff(organisation)
    clerk.user_permissions.add(Permission.objects.get(codename="view_outboxemail"))
    client.force_login(clerk)

    response = client.get("/admin/postausgang/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Postausgang" in page
    assert "Ihre Buchung" in page and "Fehlgeschlagen" in page
    assert "Empfänger" in page and "buerger@example.org" in page
    assert "Connection unexpectedly closed" in page
    assert "Jetzt erneut senden" not in page
    assert client.get(f"/admin/postausgang/edit/{failed_mail.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/postausgang-erneut/{failed_mail.pk}/").status_code in (302, 403)
    failed_mail.refresh_from_db()
    assert failed_mail.status == OutboxStatus.FAILED


def test_staff_without_the_permission_do_not_see_the_outbox(client, organisation, failed_mail):
    client.force_login(make_staff(organisation))
    response = client.get("/admin/postausgang/")
    assert response.status_code in (302, 403)


def test_a_superuser_sends_a_failed_mail_again_now(
    client, superuser, failed_mail, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    listing = client.get("/admin/postausgang/").content.decode()
    assert "Jetzt erneut senden" in listing
    confirm = client.get(f"/admin/postausgang-erneut/{failed_mail.pk}/")
    assert "Diese E-Mail jetzt erneut senden?" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/postausgang-erneut/{failed_mail.pk}/")

    assert response.status_code == 302
    failed_mail.refresh_from_db()
    assert failed_mail.status == OutboxStatus.SENT
    (message,) = mail.outbox
    assert message.subject == "Ihre Buchung"
