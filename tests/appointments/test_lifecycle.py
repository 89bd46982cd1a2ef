"""After reserving: expiry, confirmation, cancellation with hold-back, rebooking, reminders,
erasure of personal data."""

import datetime

from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from appointments import services
from appointments.models import Booking, BookingStatus, Slot
from tests.appointments.conftest import DETAILS, days_ahead, make_slot
from tests.conftest import attachments_of


def reserve(slot, service, **fields) -> Booking:
    return services.reserve(slot=slot, service=service, **{**DETAILS, **fields})


def test_an_unconfirmed_reservation_expires_and_frees_the_slot(client, service, slot):
    booking = reserve(slot, service)
    later = timezone.now() + datetime.timedelta(minutes=31)

    assert services.release_due(now=later) == 1

    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.EXPIRED
    assert slot.booked == 0
    assert services.release_due(now=later) == 0  # the seat is given back once only


def test_a_late_confirmation_is_refused(client, service, slot):
    booking = reserve(slot, service)
    Booking.objects.filter(pk=booking.pk).update(
        reserved_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.post(booking.confirm_path())

    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RESERVED
    services.release_due()
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_cancelling_holds_the_slot_back_before_it_is_bookable_again(
    client, service, slot, django_capture_on_commit_callbacks
):
    booking = reserve(slot, service)
    services.confirm(booking)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/termine/buchung/{booking.token}/absagen/")

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.sequence == 1
    assert Slot.objects.get(pk=slot.pk).booked == 1  # held back
    assert not slot.office.free_slots().filter(pk=slot.pk).exists()

    services.release_due(now=timezone.now() + datetime.timedelta(minutes=29))
    assert Slot.objects.get(pk=slot.pk).booked == 1
    services.release_due(now=timezone.now() + datetime.timedelta(minutes=31))
    assert Slot.objects.get(pk=slot.pk).booked == 0
    assert slot.office.free_slots().filter(pk=slot.pk).exists()

    message = mail.outbox[0]
    assert booking.reference in message.subject
    calendar = Calendar.from_ical(attachments_of(message)[0][1])
    event = calendar.events[0]
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"booking-{booking.pk}@portal.example"
    # RFC 5546: a CANCEL names its ORGANIZER (the office) and the ATTENDEE it goes to, and
    # the e-mail part says method=CANCEL, as Outlook needs to offer "remove from calendar".
    assert str(event["ORGANIZER"]) == "mailto:buergerbuero@example.org"
    assert event["ORGANIZER"].params["CN"] == slot.office.name
    assert str(event["ATTENDEE"]) == "mailto:erika@example.org"
    part = next(p for p in message.message().walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL"
    assert part.get_content_charset() == "utf-8"
    assert part.get_filename() == f"termin-{booking.reference}.ics"


def test_the_cancel_link_needs_the_right_token(client, service, slot):
    booking = reserve(slot, service)

    assert client.post("/termine/buchung/not-the-token/absagen/").status_code == 404
    assert client.get("/termine/buchung/not-the-token/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RESERVED


def test_rebooking_cancels_and_prefills_the_new_booking(client, service, office, slot):
    booking = reserve(slot, service, phone="0151 1234")
    services.confirm(booking)
    other = make_slot(office, days_ahead(8))

    response = client.post(f"/termine/buchung/{booking.token}/umbuchen/")

    assert response.status_code == 302
    assert f"/stelle/{office.pk}/" in response["Location"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    page = client.get(f"/termine/leistung/{service.pk}/termin/{other.pk}/").content.decode()
    assert 'value="erika@example.org"' in page
    assert 'value="0151 1234"' in page


def test_the_booking_ics_has_the_fields_calendar_programs_need(client, service, slot):
    booking = reserve(slot, service)
    services.confirm(booking)

    response = client.get(f"/termine/buchung/{booking.token}/termin.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"termin-{booking.reference}.ics" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    assert [str(tz["TZID"]) for tz in calendar.timezones] == ["Europe/Berlin"]
    event = calendar.events[0]
    assert str(event["UID"]) == f"booking-{booking.pk}@portal.example"
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == slot.start
    assert event["DTEND"].dt == slot.end
    assert "Marktplatz 1" in str(event["LOCATION"])
    assert str(event["URL"]) == booking.manage_url()
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert booking.reference in str(event["DESCRIPTION"])


def test_the_reminder_goes_out_once_with_a_cancel_button(
    service, office, django_capture_on_commit_callbacks
):
    slot = make_slot(office, timezone.now() + datetime.timedelta(days=5))
    booking = reserve(slot, service)
    services.confirm(booking)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        early = services.send_reminders(now=timezone.now())
        due = services.send_reminders(now=timezone.now() + datetime.timedelta(days=3, hours=1))
        again = services.send_reminders(now=timezone.now() + datetime.timedelta(days=3, hours=2))

    assert (early, due, again) == (0, 1, 0)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert booking.manage_url() in html
    assert "absagen" in html


def test_personal_data_is_erased_after_the_retention_time_keeping_statistics(service, office, slot):
    booking = reserve(slot, service, phone="0151", note="Bitte Rollstuhlplatz")
    services.confirm(booking)
    services.mark(booking, BookingStatus.ATTENDED)
    after = slot.local_start().date() + datetime.timedelta(days=office.retention_days + 1)

    assert services.erase_personal_data(today=after - datetime.timedelta(days=1)) == 0
    assert services.erase_personal_data(today=after) == 1

    booking.refresh_from_db()
    assert (booking.name, booking.email, booking.phone, booking.note) == ("", "", "", "")
    assert booking.personal_data_erased
    assert booking.status == BookingStatus.ATTENDED
    assert booking.service == service
