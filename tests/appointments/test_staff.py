"""Staff views in the Wagtail admin, for the right and for another organisation."""

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from appointments import services
from appointments.models import Booking, BookingStatus, Office, Service, Slot
from tests.appointments.conftest import DETAILS, days_ahead, make_office, make_slot


@pytest.fixture
def booking(service, slot) -> Booking:
    booking = services.reserve(slot=slot, service=service, **DETAILS)
    return services.confirm(booking)


def day_of(slot) -> str:
    return slot.local_start().date().isoformat()


def test_a_clerk_sees_the_day_plan_of_their_office(client, clerk, office, booking, slot):
    client.force_login(clerk)

    response = client.get(f"/admin/termine/{office.pk}/?tag={day_of(slot)}")

    page = response.content.decode()
    assert response.status_code == 200
    assert booking.reference in page
    assert "Erika Mustermann" in page
    assert "Führerschein beantragen" in page
    assert "Terminplan" in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/termine/{office}/",
        "/admin/termine/{office}/buchen/",
        "/admin/termine/{office}/statistik/",
    ],
)
def test_a_clerk_of_another_organisation_gets_403(client, other_clerk, office, url):
    client.force_login(other_clerk)

    assert client.get(url.format(office=office.pk)).status_code == 403


def test_a_clerk_of_another_organisation_cannot_touch_a_booking(
    client, other_clerk, office, booking
):
    client.force_login(other_clerk)

    response = client.post(f"/admin/termine/buchung/{booking.pk}/", {"action": "cancel"})
    rotate = client.post(f"/admin/termine/{office.pk}/feed-erneuern/")

    assert (response.status_code, rotate.status_code) == (403, 403)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_citizen_cannot_open_the_staff_views(client, citizen, office):
    client.force_login(citizen)

    response = client.get(f"/admin/termine/{office.pk}/")

    assert response.status_code in (302, 403)


def test_a_clerk_marks_attended_and_no_show(client, clerk, booking):
    client.force_login(clerk)

    client.post(f"/admin/termine/buchung/{booking.pk}/", {"action": "no_show"})

    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW


def test_a_clerk_cancels_on_behalf_and_the_citizen_is_told(
    client, clerk, booking, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/termine/buchung/{booking.pk}/", {"action": "cancel"})

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert mail.outbox[0].to == ["erika@example.org"]
    assert "Terminabsage" in mail.outbox[0].body or booking.reference in mail.outbox[0].subject


def test_a_clerk_books_for_a_caller_confirmed_at_once(client, clerk, office, service, slot):
    client.force_login(clerk)

    response = client.post(
        f"/admin/termine/{office.pk}/buchen/",
        {
            "tag": day_of(slot),
            "service": service.pk,
            "slot": slot.pk,
            "name": "Anrufer Ahmet",
            "email": "",
            "phone": "06421 999",
        },
    )

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.booked_by_staff
    assert Slot.objects.get(pk=slot.pk).booked == 1


def test_the_private_feed_needs_the_current_token(client, clerk, office, booking):
    old_path = office.feed_path()
    response = client.get(old_path)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = Calendar.from_ical(response.content).events[0]
    assert "Erika Mustermann" in str(event["SUMMARY"])
    assert client.get(f"/termine/feed/{office.pk}/wrong.ics").status_code == 404

    client.force_login(clerk)
    client.post(f"/admin/termine/{office.pk}/feed-erneuern/")

    office.refresh_from_db()
    assert client.get(old_path).status_code == 404
    assert client.get(office.feed_path()).status_code == 200


def test_statistics_count_bookings_cancellations_and_no_shows(client, clerk, office, service):
    slots = [make_slot(office, days_ahead(2, 8 + n), capacity=2) for n in range(3)]
    bookings = [
        services.reserve(slot=s, service=service, **{**DETAILS, "email": f"{n}@example.org"})
        for n, s in enumerate(slots)
    ]
    services.mark(bookings[0], BookingStatus.ATTENDED)
    services.mark(bookings[1], BookingStatus.NO_SHOW)
    services.cancel(bookings[2])
    client.force_login(clerk)

    page = client.get(f"/admin/termine/{office.pk}/statistik/").content.decode()

    assert (
        "<td>Führerschein beantragen</td><td>3</td><td>1</td><td>1</td><td>1</td><td>50 %</td>"
        in page
    )
    assert "<td>6</td><td>2</td><td>33 %</td>" in page


def test_the_office_list_in_the_admin_shows_only_the_own_organisation(
    client, clerk, office, other_organisation
):
    foreign = make_office(other_organisation, "Fremdes Amt")
    client.force_login(clerk)

    page = client.get("/admin/snippets/appointments/office/").content.decode()

    assert "Bürgerbüro" in page
    assert "Fremdes Amt" not in page
    assert client.get(f"/admin/snippets/appointments/office/edit/{foreign.pk}/").status_code == 404
    assert client.get(f"/admin/snippets/appointments/office/edit/{office.pk}/").status_code == 200


def test_a_clerk_creates_a_service_only_for_their_organisation(
    client, clerk, office, organisation, other_organisation
):
    client.force_login(clerk)

    client.post(
        "/admin/snippets/appointments/service/add/",
        {
            "organisation": other_organisation.pk,
            "name": "Fremd",
            "duration_minutes": 15,
            "sort_order": 0,
            "active": "on",
        },
    )
    assert not Service.objects.filter(name="Fremd").exists()

    response = client.post(
        "/admin/snippets/appointments/service/add/",
        {
            "organisation": organisation.pk,
            "name": "Meldebescheinigung",
            "duration_minutes": 10,
            "offices": [office.pk],
            "sort_order": 0,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert list(Service.objects.get(name="Meldebescheinigung").offices.all()) == [office]


def test_editing_opening_hours_in_the_admin_generates_slots(
    client, clerk, office, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    today = timezone.localdate()
    data = {
        "organisation": office.organisation_id,
        "name": office.name,
        "address": office.address,
        "min_notice_hours": 0,
        "horizon_days": 14,
        "max_active_bookings": 3,
        "hold_minutes": 30,
        "holdback_minutes": 30,
        "reminder_days": 2,
        "retention_days": 14,
        "active": "on",
        "rules-TOTAL_FORMS": 1,
        "rules-INITIAL_FORMS": 0,
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
        "rules-0-weekday": today.weekday(),
        "rules-0-start_time": "09:00",
        "rules-0-end_time": "12:00",
        "rules-0-slot_minutes": 30,
        "rules-0-capacity": 2,
        "rules-0-valid_from": today.isoformat(),
        "rules-0-every_weeks": 1,
        "closures-TOTAL_FORMS": 0,
        "closures-INITIAL_FORMS": 0,
        "closures-MIN_NUM_FORMS": 0,
        "closures-MAX_NUM_FORMS": 1000,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/snippets/appointments/office/edit/{office.pk}/", data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Office.objects.get(pk=office.pk).rules.count() == 1
    assert Slot.objects.filter(office=office, capacity=2).count() >= 6 * 2
