"""The public booking flow in four screens: service and office → day and time → details
(the reservation) → done."""

import datetime

from django.core import mail

from appointments.models import BERLIN, Booking, BookingStatus, Service, Slot
from tests.appointments.conftest import (
    DETAILS,
    days_ahead,
    make_office,
    make_slot,
    reserve_via_http,
)
from tests.conftest import attachments_of, make_user


def test_the_first_screen_lists_each_service_with_links_to_its_offices(client, service, office):
    page = client.get("/termine/").content.decode()

    assert service.name in page
    assert "Marktplatz 1" in page
    assert f"/termine/leistung/{service.pk}/stelle/{office.pk}/" in page
    assert "maps-frame" in page  # the map, with the address list as its alternative
    assert 'aria-current="step"' in page


def test_the_search_narrows_the_services_without_javascript(client, organisation, service, office):
    other = Service.objects.create(organisation=organisation, name="Fahrzeug zulassen")
    other.offices.add(office)

    page = client.get("/termine/", {"q": "fuhrer"}).content.decode()

    assert "Führerschein beantragen" in page
    assert "Fahrzeug zulassen" not in page
    assert 'value="fuhrer"' in page
    assert "1 Anliegen gefunden" in page


def test_the_search_can_name_the_town_of_an_office(client, organisation, service, office):
    far = make_office(organisation, "Außenstelle", address="Hainstraße 1\n35216 Biedenkopf")
    service.offices.add(far)

    page = client.get("/termine/", {"q": "Biedenkopf"}).content.decode()

    assert f"/stelle/{far.pk}/" in page
    assert f"/stelle/{office.pk}/" not in page


def test_a_search_that_finds_nothing_says_so(client, service):
    page = client.get("/termine/", {"q": "Hundesteuer"}).content.decode()

    assert "Kein Anliegen passt zu Ihrer Suche." in page
    assert service.name not in page


def test_the_old_office_step_leads_to_the_first_screen_for_its_service(
    client, organisation, service, office
):
    Service.objects.create(organisation=organisation, name="Fahrzeug zulassen").offices.add(office)

    response = client.get(f"/termine/leistung/{service.pk}/", follow=True)

    assert response.redirect_chain[-1][0] == f"/termine/?leistung={service.pk}"
    page = response.content.decode()
    assert f"/termine/leistung/{service.pk}/stelle/{office.pk}/" in page
    assert "Fahrzeug zulassen" not in page


def test_the_calendar_has_german_weekday_heads_with_full_names(client, service, office, slot):
    page = client.get(f"/termine/leistung/{service.pk}/stelle/{office.pk}/").content.decode()

    for short, full in [("Mo", "Montag"), ("Di", "Dienstag"), ("So", "Sonntag")]:
        assert (
            f'<span aria-hidden="true">{short}</span><span class="visually-hidden">{full}' in page
        )
    assert "Mon<" not in page


def test_choosing_a_day_shows_its_times_on_the_same_screen(client, service, office, slot):
    local = slot.local_start()

    page = client.get(
        f"/termine/leistung/{service.pk}/stelle/{office.pk}/", {"tag": f"{local:%Y-%m-%d}"}
    ).content.decode()

    assert f"?tag={local:%Y-%m-%d}#zeiten" in page
    assert f"/termine/leistung/{service.pk}/termin/{slot.pk}/" in page
    assert local.strftime("%H:%M") in page


def test_without_a_chosen_day_the_first_free_day_of_the_month_is_shown(
    client, service, office, slot
):
    local = slot.local_start()

    page = client.get(
        f"/termine/leistung/{service.pk}/stelle/{office.pk}/", {"monat": f"{local:%Y-%m}"}
    ).content.decode()

    assert 'aria-current="true"' in page
    assert f"/termine/leistung/{service.pk}/termin/{slot.pk}/" in page


def test_the_old_time_step_leads_to_the_calendar_with_the_day_chosen(client, service, office, slot):
    local = slot.local_start()

    response = client.get(f"/termine/leistung/{service.pk}/stelle/{office.pk}/{local:%Y-%m-%d}/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"/termine/leistung/{service.pk}/stelle/{office.pk}/?tag={local:%Y-%m-%d}#zeiten"
    )


def test_a_full_day_has_no_link_in_the_calendar(client, service, office, slot):
    Slot.objects.filter(pk=slot.pk).update(booked=1)
    local = slot.local_start()

    days = client.get(f"/termine/leistung/{service.pk}/stelle/{office.pk}/?monat={local:%Y-%m}")

    page = days.content.decode()
    assert f"?tag={local:%Y-%m-%d}" not in page
    assert f"/termin/{slot.pk}/" not in page


def test_a_day_outside_the_horizon_or_nonsense_shows_the_current_month(client, service, office):
    url = f"/termine/leistung/{service.pk}/stelle/{office.pk}/"
    for params in ({"tag": "2999-12-31"}, {"tag": "kein-tag"}, {"monat": "2026-99"}):
        assert client.get(url, params).status_code == 200


def test_the_details_screen_shows_the_choice_with_change_links_and_the_check(
    client, service, office, slot
):
    page = client.get(f"/termine/leistung/{service.pk}/termin/{slot.pk}/").content.decode()

    assert "Führerschein beantragen" in page and "Bürgerbüro" in page
    assert page.count(">Ändern<") == 3
    assert f'href="/termine/?leistung={service.pk}"' in page
    assert f"?tag={slot.local_start():%Y-%m-%d}#zeiten" in page
    assert "data-pow-challenge" in page
    assert "Wir prüfen kurz, dass Sie kein Programm sind" in page
    assert 'name="reserve"' in page
    assert "Personalausweis" in page
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
    # The done page: the reference, what happens next and when, a calendar file, a way
    # out; it does not reveal the secret token (that would confirm without the e-mail).
    page = client.get(response["Location"]).content.decode()
    assert booking.reference in page
    assert booking.token not in page
    assert "Bitte bestätigen Sie Ihren Termin" in page
    assert f"Bis {booking.reserved_until.astimezone(BERLIN):%H:%M} Uhr" in page
    assert "/termine/reserviert/termin.ics" in page
    assert "/termine/reserviert/absagen/" in page


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


def test_a_citizen_with_a_verified_address_is_booked_at_once(
    client, service, slot, django_capture_on_commit_callbacks
):
    client.force_login(make_user("clara@example.org", first_name="Clara", last_name="Bürger"))
    page = client.get(f"/termine/leistung/{service.pk}/termin/{slot.pk}/").content.decode()
    assert "sofort gebucht" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = reserve_via_http(client, service, slot, email="Clara@example.org")

    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.reserved_until is None and booking.confirmed_at is not None
    assert len(mail.outbox) == 1
    assert booking.confirm_url() not in mail.outbox[0].body
    assert attachments_of(mail.outbox[0])[0][0] == f"termin-{booking.reference}.ics"
    done = client.get(response["Location"]).content.decode()
    assert "Ihr Termin ist gebucht" in done
    assert booking.reference in done


def test_a_logged_in_citizen_with_another_address_still_confirms_by_email(client, service, slot):
    client.force_login(make_user("clara@example.org"))

    reserve_via_http(client, service, slot, email="clara.privat@example.org")

    assert Booking.objects.get().status == BookingStatus.RESERVED


def test_an_unverified_account_still_confirms_by_email(client, service, slot):
    client.force_login(make_user("clara@example.org", verified=False))

    reserve_via_http(client, service, slot, email="clara@example.org")

    assert Booking.objects.get().status == BookingStatus.RESERVED


def test_a_verified_address_does_not_get_around_the_limit(client, service, office):
    office.max_active_bookings = 1
    office.save()
    client.force_login(make_user("clara@example.org"))
    first, second = make_slot(office, days_ahead(3, 9)), make_slot(office, days_ahead(3, 10))
    assert reserve_via_http(client, service, first, email="clara@example.org").status_code == 302

    response = reserve_via_http(client, service, second, email="clara@example.org")

    assert response.status_code == 409
    assert Booking.objects.count() == 1


def test_the_done_page_offers_the_calendar_file_and_cancelling(client, service, slot):
    reserve_via_http(client, service, slot)
    booking = Booking.objects.get()

    ics = client.get("/termine/reserviert/termin.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert booking.reference in ics.content.decode()

    response = client.post("/termine/reserviert/absagen/", follow=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert "Ihr Termin wurde abgesagt." in response.content.decode()


def test_the_done_page_shows_nothing_to_another_browser(client, service, slot):
    from django.test import Client

    reserve_via_http(client, service, slot)

    assert Client().get("/termine/reserviert/").status_code == 404
    assert Client().get("/termine/reserviert/termin.ics").status_code == 404
    assert Client().post("/termine/reserviert/absagen/").status_code == 404
    assert Booking.objects.get().status == BookingStatus.RESERVED
