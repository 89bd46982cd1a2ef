"""Registering or cancelling twice (a double click, a reload, two clicks at once) answers
the same success page both times, with one registration and one e-mail."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from events import services
from events.models import EventSeats, Registration, RegistrationStatus

CONFIRMED = "Ihre Anmeldung ist bestätigt"
CANCELLED = "Ihre Anmeldung ist storniert"

FORM = {"name": "Anna Becker", "email": "anna@example.org", "persons": "2", "privacy": "on"}


@pytest.mark.django_db
def test_sending_the_registration_form_twice_shows_the_same_confirmation(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(event.url, FORM)
        second = client.post(event.url, FORM)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert CONFIRMED in client.get(second["Location"]).content.decode()
    assert Registration.objects.count() == 1
    assert EventSeats.objects.get(pk=event.pk).taken == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_cancelling_twice_shows_the_same_confirmation(client, event):
    registration = services.register(event, name="Anna", email="anna@example.org")
    path = registration.cancel_url().split("8000", 1)[1]

    first = client.post(path, follow=True)
    second = client.post(path, follow=True)

    for response in (first, second):
        assert response.status_code == 200
        assert CANCELLED in response.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert EventSeats.objects.get(pk=event.pk).taken == 0


@pytest.mark.django_db(transaction=True)
def test_two_registration_clicks_at_the_same_moment_register_once(event):
    clicks = 4
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(clicks)
    serial = threading.Lock()
    responses = []

    def click() -> None:
        from django.db import connections

        try:
            if parallel:
                barrier.wait()
                responses.append(Client().post(event.url, FORM))
            else:
                with serial:
                    responses.append(Client().post(event.url, FORM))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [r.status_code for r in responses] == [302] * clicks
    assert {r["Location"] for r in responses} == {f"{event.url}?angemeldet=confirmed#anmeldung"}
    assert Registration.objects.count() == 1
    assert EventSeats.objects.get(pk=event.pk).taken == 2


@pytest.mark.django_db
def test_a_plus_tag_does_not_register_the_same_mailbox_twice(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, FORM)
        response = client.post(
            event.url, {**FORM, "email": "Anna+zweimal@example.org", "name": "Anna Zwei"}
        )

    assert response.status_code == 200
    assert "bereits" in response.content.decode()
    assert Registration.objects.count() == 1
    assert EventSeats.objects.get(pk=event.pk).taken == 2
