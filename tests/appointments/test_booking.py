"""The public booking flow: service → office → day → time → details → review → reserve."""

import datetime

from django.core import mail

from appointments.models import Booking, BookingStatus, Slot
from tests.appointments.conftest import DETAILS, days_ahead, make_slot, reserve_via_http
from tests.conftest import attachments_of, make_user


def test_a_citizen_walks_from_service_to_a_free_time(client, service, office, slot):
    index = client.get("/termine/")
    assert service.name in index.content.decode()

    offices = client.get(f"/termine/leistung/{service.pk}/")
    page = offices.content.decode()
    assert "Marktplatz 1" in page
    assert "maps-frame" in page  # the map, with the address list as its alternative

    local = slot.local_start()
    days = client.get(f"/termine/leistung/{service.pk}/stelle/{office.pk}/?monat={local:%Y-%m}")
    assert f"/stelle/{office.pk}/{local:%Y-%m-%d}/" in days.content.decode()

    times = client.get(f"/termine/leistung/{service.pk}/stelle/{office.pk}/{local:%Y-%m-%d}/")
    assert f"/termin/{slot.pk}/" in times.content.decode()
    assert local.strftime("%H:%M") in times.content.decode()


def test_a_full_day_has_no_link_in_the_calendar(client, service, office, slot):
    Slot.objects.filter(pk=slot.pk).update(booked=1)
    local = slot.local_start()

    days = client.get(f"/termine/leistung/{service.pk}/stelle/{office.pk}/?monat={local:%Y-%m}")

    assert f"/stelle/{office.pk}/{local:%Y-%m-%d}/" not in days.content.decode()


def test_the_details_step_shows_a_review_before_booking(client, service, slot):
    response = client.post(f"/termine/leistung/{service.pk}/termin/{slot.pk}/", DETAILS)

    page = response.content.decode()
    assert "Erika Mustermann" in page
    assert "data-pow-challenge" in page
    assert 'name="reserve"' in page
    assert Booking.objects.count() == 0


def test_it_keeps_what_was_typed_when_the_email_is_invalid(client, service, slot):
    response = client.post(
        f"/termine/leistung/{service.pk}/termin/{slot.pk}/",
        {**DETAILS, "email": "kein-at", "reserve": "1"},
    )

    page = response.content.decode()
    assert "Erika Mustermann" in page
    assert "error-summary" in page
    assert Booking.objects.count() == 0


def test_it_reserves_the_slot_and_emails_a_confirmation_link(
    client, service, slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reserve_via_http(client, service, slot)

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.RESERVED
    assert booking.reference.startswith("T-") and len(booking.reference) == 9
    assert booking.reserved_until > booking.created_at
    slot.refresh_from_db()
    assert slot.booked == 1
    assert len(mail.outbox) == 1
    assert booking.confirm_url() in mail.outbox[0].body
    # The page after reserving does not reveal the secret token.
    page = client.get(response["Location"]).content.decode()
    assert booking.reference in page
    assert booking.token not in page


def test_it_confirms_when_the_link_is_clicked_in_time(
    client, service, slot, django_capture_on_commit_callbacks
):
    reserve_via_http(client, service, slot)
    booking = Booking.objects.get()

    assert client.get(booking.confirm_path()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(booking.confirm_path())

    booking.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == BookingStatus.CONFIRMED
    message = mail.outbox[-1]
    assert booking.reference in message.subject
    assert booking.manage_url() in message.body
    assert "Personalausweis" in message.body
    assert "Marktplatz 1" in message.body
    assert attachments_of(message)[0][0] == f"termin-{booking.reference}.ics"
    page = client.get(booking.manage_path()).content.decode()
    assert booking.reference in page
    assert "Personalausweis" in page


def test_it_rejects_booking_when_slot_is_full(client, service, slot):
    Slot.objects.filter(pk=slot.pk).update(booked=1)

    response = reserve_via_http(client, service, slot)

    assert response.status_code == 409
    page = response.content.decode()
    assert "gerade vergeben worden" in page
    assert "Erika Mustermann" in page
    assert Booking.objects.count() == 0


def test_after_a_lost_race_the_next_time_is_prefilled(client, service, office, slot):
    Slot.objects.filter(pk=slot.pk).update(booked=1)
    other = make_slot(office, slot.start + datetime.timedelta(minutes=15))
    reserve_via_http(client, service, slot, note="Rollstuhl")

    page = client.get(f"/termine/leistung/{service.pk}/termin/{other.pk}/").content.decode()

    assert 'value="Erika Mustermann"' in page
    assert "Rollstuhl" in page


def test_it_refuses_a_slot_inside_the_minimum_notice(client, service, office):
    soon = make_slot(office, datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=30))

    response = reserve_via_http(client, service, soon)

    assert response.status_code == 409
    assert Booking.objects.count() == 0


def test_it_limits_active_bookings_per_email(client, service, office):
    office.max_active_bookings = 2
    office.save()
    slots = [make_slot(office, days_ahead(3, hour)) for hour in (9, 10, 11)]
    for slot in slots[:2]:
        assert reserve_via_http(client, service, slot).status_code == 302

    response = reserve_via_http(client, service, slots[2], email="ERIKA@example.org")

    assert response.status_code == 409
    assert "2 aktive Termine" in response.content.decode()
    assert Booking.objects.count() == 2
    assert Slot.objects.get(pk=slots[2].pk).booked == 0


def test_a_cancelled_booking_no_longer_counts_against_the_limit(client, service, office):
    office.max_active_bookings = 1
    office.save()
    first, second = make_slot(office, days_ahead(3, 9)), make_slot(office, days_ahead(3, 10))
    reserve_via_http(client, service, first)
    Booking.objects.update(status=BookingStatus.CANCELLED)

    assert reserve_via_http(client, service, second).status_code == 302


def test_it_rejects_a_missing_or_replayed_proof_of_work(client, service, slot, office):
    response = reserve_via_http(client, service, slot, pow="")
    assert response.status_code == 400
    assert Booking.objects.count() == 0

    other = make_slot(office, days_ahead(6))
    from tests.appointments.conftest import solved_challenge

    solution = solved_challenge()
    assert reserve_via_http(client, service, slot, pow=solution).status_code == 302
    assert reserve_via_http(client, service, other, pow=solution).status_code == 400


def test_the_honeypot_stops_a_bot(client, service, slot):
    response = reserve_via_http(client, service, slot, website="http://spam.example")

    assert response.status_code == 200
    assert Booking.objects.count() == 0


def test_it_rate_limits_reservations_per_ip(client, service, office, settings):
    settings.APPOINTMENTS_RESERVE_RATE = 3
    slots = [make_slot(office, days_ahead(4, 8 + n)) for n in range(4)]
    for n, slot in enumerate(slots[:3]):
        reserve_via_http(client, service, slot, email=f"p{n}@example.org")

    response = reserve_via_http(client, service, slots[3], email="p9@example.org")

    assert response.status_code == 429
    assert Booking.objects.count() == 3


def test_a_logged_in_citizen_gets_name_and_email_filled_in(client, service, slot):
    user = make_user("clara@example.org", first_name="Clara", last_name="Bürger")
    client.force_login(user)

    page = client.get(f"/termine/leistung/{service.pk}/termin/{slot.pk}/").content.decode()
    assert 'value="Clara Bürger"' in page
    assert 'value="clara@example.org"' in page

    reserve_via_http(client, service, slot, email="clara@example.org")
    assert Booking.objects.get().user == user
    assert "Meine Termine" in client.get("/konto/").content.decode()
