"""Citizens register on the event page; seats, waiting list and deadline hold."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import EventSeats, Registration, RegistrationStatus
from tests.conftest import attachments_of
from tests.events.conftest import make_event, republish

pytestmark = pytest.mark.django_db


def form(**fields) -> dict:
    return {
        "name": "Anna Becker",
        "email": "anna@example.org",
        "persons": "1",
        "privacy": "on",
        **fields,
    }


def register(client, event, capture, **fields):
    with capture(execute=True):
        return client.post(event.url, form(**fields))


def test_it_confirms_a_registration_and_mails_a_calendar_entry(
    client, event, django_capture_on_commit_callbacks
):
    response = register(client, event, django_capture_on_commit_callbacks, persons="2")

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.name, registration.persons) == ("Anna Becker", 2)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.delete_after == event.last_day + datetime.timedelta(days=30)
    assert EventSeats.objects.get(event=event).taken == 2
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert registration.cancel_url() in message.body
    filename, content, mimetype = attachments_of(message)[0]
    assert (filename, mimetype) == (f"{event.slug}.ics", "text/calendar; method=PUBLISH")
    assert str(Calendar.from_ical(content).events[0]["UID"]) == event.calendar_uid

    page = client.get(response["Location"])
    assert "Ihre Anmeldung ist bestätigt" in page.content.decode()
    assert "1 Platz frei" in page.content.decode()


def test_it_puts_people_on_the_waiting_list_when_the_event_is_full(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks, persons="3")
    register(client, event, django_capture_on_commit_callbacks, email="ben@example.org")

    ben = Registration.objects.get(email="ben@example.org")
    assert ben.status == RegistrationStatus.WAITING
    assert EventSeats.objects.get(event=event).taken == 3
    assert "Warteliste" in mail.outbox[1].body


def test_a_small_group_does_not_overtake_the_waiting_list(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks, persons="2")
    register(
        client, event, django_capture_on_commit_callbacks, email="big@example.org", persons="2"
    )
    register(
        client, event, django_capture_on_commit_callbacks, email="one@example.org", persons="1"
    )

    assert Registration.objects.get(email="one@example.org").status == RegistrationStatus.WAITING


def test_it_rejects_a_second_registration_with_the_same_address(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    response = register(
        client, event, django_capture_on_commit_callbacks, email="ANNA@example.org", name="Anna B."
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mit dieser E-Mail-Adresse ist bereits eine Anmeldung" in content
    assert 'value="Anna B."' in content
    assert Registration.objects.count() == 1


def test_it_rejects_registration_after_the_deadline(client, event_index, organisation):
    event = make_event(
        event_index,
        organisation,
        registration_enabled=True,
        registration_deadline=timezone.now() - datetime.timedelta(hours=1),
    )

    response = client.post(event.url, form())

    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert "Die Anmeldung ist geschlossen" in response.content.decode()
    with pytest.raises(services.RegistrationError):
        services.register(event, name="Anna", email="anna@example.org")


def test_it_rejects_registration_for_a_cancelled_event(client, event):
    event = republish(event, cancelled=True)

    client.post(event.url, form())

    assert Registration.objects.count() == 0


def test_it_keeps_what_the_user_typed_when_the_form_is_incomplete(client, event):
    response = client.post(event.url, form(email="not-an-address", privacy=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Anna Becker"' in content
    assert 'value="not-an-address"' in content
    assert Registration.objects.count() == 0


def test_the_honeypot_stops_bots(client, event):
    client.post(event.url, form(website="http://spam.example"))

    assert Registration.objects.count() == 0


def test_more_persons_than_allowed_are_refused(event):
    with pytest.raises(services.RegistrationError):
        services.register(event, name="Anna", email="anna@example.org", persons=9)


def test_a_signed_in_citizen_finds_the_registration_in_the_account(
    client, citizen, event, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    register(client, event, django_capture_on_commit_callbacks, email=citizen.email)

    assert Registration.objects.get().user == citizen
    assert event.title in client.get("/konto/").content.decode()


def test_the_seat_counter_cannot_exceed_the_capacity_in_the_database(event):
    services.register(event, name="Anna", email="anna@example.org", persons=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        EventSeats.objects.filter(pk=event.pk).update(taken=4)


def test_the_conditional_update_refuses_seats_that_are_gone(event):
    # Two requests that both read "1 seat free" before either wrote: the second one's
    # UPDATE … WHERE taken <= capacity - persons matches no row.
    services.register(event, name="Anna", email="anna@example.org", persons=2)
    stale_first = EventSeats.objects.get(pk=event.pk)
    stale_second = EventSeats.objects.get(pk=event.pk)

    assert services._take(stale_first, 1) is True
    assert services._take(stale_second, 1) is False
    assert EventSeats.objects.get(pk=event.pk).taken == 3


def test_an_unlimited_event_confirms_everyone(event_index, organisation):
    event = make_event(event_index, organisation, registration_enabled=True, capacity=None)

    for number in range(5):
        services.register(event, name="P", email=f"p{number}@example.org")

    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}


def test_one_connection_cannot_flood_the_registration(client, event_index, organisation):
    open_event = make_event(event_index, organisation, registration_enabled=True, capacity=None)
    for number in range(20):
        client.post(open_event.url, form(email=f"p{number}@example.org"))

    response = client.post(open_event.url, form(email="late@example.org"))

    assert Registration.objects.count() == 20
    assert response.status_code == 429
    content = response.content.decode()
    assert "Zu viele Anmeldungen" in content
