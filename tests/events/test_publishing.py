"""Publishing a change raises SEQUENCE and tells registrants; capacity follows the page."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from events import services
from events.models import EventPage, EventSeats, RegistrationStatus
from tests.conftest import attachments_of
from tests.events.conftest import republish

pytestmark = pytest.mark.django_db


def test_a_new_time_raises_the_sequence_and_mails_registrants(
    event, django_capture_on_commit_callbacks
):
    services.register(event, name="Anna", email="anna@example.org", persons=3)
    services.register(event, name="Ben", email="ben@example.org")  # waiting list

    with django_capture_on_commit_callbacks(execute=True):
        event = republish(event, start=event.start + datetime.timedelta(hours=1))

    assert event.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    ics = Calendar.from_ical(attachments_of(mail.outbox[0])[0][1]).events[0]
    assert ics["SEQUENCE"] == 1
    assert str(ics["STATUS"]) == "CONFIRMED"
    part = next(
        p for p in mail.outbox[0].message().walk() if p.get_content_type() == "text/calendar"
    )
    assert part.get_param("method") == "PUBLISH"
    assert "ATTENDEE" not in ics and "ORGANIZER" in ics


def test_a_new_text_alone_does_not_bother_registrants(event, django_capture_on_commit_callbacks):
    services.register(event, name="Anna", email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        event = republish(event, intro="Mit Imbiss.")

    assert event.sequence == 0
    assert mail.outbox == []


def test_the_sequence_survives_editing_an_older_revision(event):
    event = republish(event, place_name="Rathaus")
    event = republish(event, place_name="Stadthalle")

    assert event.sequence == 2


def test_cancelling_the_event_sends_a_cancelled_calendar_entry(
    client, event, django_capture_on_commit_callbacks
):
    services.register(event, name="Anna", email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        event = republish(event, cancelled=True)

    assert event.sequence == 1
    ics = Calendar.from_ical(attachments_of(mail.outbox[0])[0][1]).events[0]
    assert str(ics["STATUS"]) == "CANCELLED"
    assert str(ics["UID"]) == f"event-{event.pk}@127.0.0.1"
    # RFC 5546 CANCEL, on the MIME part too, so the client offers to remove the entry.
    part = next(
        p for p in mail.outbox[0].message().walk() if p.get_content_type() == "text/calendar"
    )
    assert part.get_param("method") == "CANCEL"
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.events[0]["ORGANIZER"]).startswith("mailto:")
    assert str(calendar.events[0]["ATTENDEE"]) == "mailto:anna@example.org"
    assert mail.outbox[0].subject.startswith("Veranstaltung abgesagt: ")
    page = client.get(event.url).content.decode()
    assert "Diese Veranstaltung wurde abgesagt." in page


def test_more_capacity_moves_the_waiting_list_up(event, django_capture_on_commit_callbacks):
    services.register(event, name="Anna", email="anna@example.org", persons=3)
    ben = services.register(event, name="Ben", email="ben@example.org", persons=2)

    with django_capture_on_commit_callbacks(execute=True):
        republish(event, capacity=5)

    ben.refresh_from_db()
    assert ben.status == RegistrationStatus.CONFIRMED
    assert EventSeats.objects.get(pk=event.pk).capacity == 5
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]


def test_a_later_date_moves_the_deletion_date(event):
    registration = services.register(event, name="Anna", email="anna@example.org")

    event = republish(event, end=event.end + datetime.timedelta(days=7))

    registration.refresh_from_db()
    assert registration.delete_after == event.last_day + datetime.timedelta(days=30)


def test_the_page_form_refuses_a_capacity_below_the_confirmed_persons(event, admin_user):
    from wagtail.admin.panels import get_edit_handler

    services.register(event, name="Anna", email="anna@example.org", persons=3)
    form_class = get_edit_handler(EventPage).get_form_class()
    page = EventPage.objects.get(pk=event.pk)
    data = {
        field: value
        for field, value in form_class(instance=page, for_user=admin_user).initial.items()
        if value is not None
    }
    data.update({"body-count": "0", "capacity": "2"})
    data.update({f"comments-{key}": "0" for key in ("TOTAL_FORMS", "INITIAL_FORMS")})
    form = form_class(data, instance=page, for_user=admin_user)

    assert not form.is_valid()
    assert "capacity" in form.errors
