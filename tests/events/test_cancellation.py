"""Registrants cancel through the signed link; the waiting list moves up by itself."""

import re

import pytest
from django.core import mail

from events import services
from events.models import EventSeats, Registration, RegistrationStatus
from tests.conftest import attachments_of

pytestmark = pytest.mark.django_db


def cancel_link(message) -> str:
    return re.search(r"https?://\S+/veranstaltungen/abmelden/\S+/", message.body)[0]


def test_the_link_from_the_e_mail_cancels_without_logging_in(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, name="Anna", email="anna@example.org", persons=2)
    path = cancel_link(mail.outbox[0]).split("8000", 1)[1]

    page = client.get(path)
    assert page.status_code == 200
    assert event.title in page.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED

    response = client.post(path)

    assert response.status_code == 302
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert EventSeats.objects.get(pk=event.pk).taken == 0
    done = client.get(response["Location"]).content.decode()
    assert "storniert" in done


def test_a_forged_link_is_not_found(client, event):
    registration = services.register(event, name="Anna", email="anna@example.org")

    response = client.post(f"/veranstaltungen/abmelden/{registration.pk}:forged/")

    assert response.status_code == 404
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_cancelling_promotes_the_next_person_and_tells_them(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        anna = services.register(event, name="Anna", email="anna@example.org", persons=3)
        ben = services.register(event, name="Ben", email="ben@example.org", persons=2)
        cleo = services.register(event, name="Cleo", email="cleo@example.org", persons=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(anna.cancel_url().split("8000", 1)[1])

    ben.refresh_from_db()
    cleo.refresh_from_db()
    assert ben.status == RegistrationStatus.CONFIRMED and ben.promoted_at is not None
    assert cleo.status == RegistrationStatus.WAITING  # 2 + 2 > 3: she keeps her place in line
    assert EventSeats.objects.get(pk=event.pk).taken == 2
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]
    assert attachments_of(mail.outbox[0])[0][0].endswith(".ics")


def test_a_second_cancellation_changes_nothing(event):
    registration = services.register(event, name="Anna", email="anna@example.org")
    services.cancel(registration)

    assert services.cancel(registration) == []
    assert EventSeats.objects.get(pk=event.pk).taken == 0


def test_cancelling_a_waiting_place_frees_no_seat(event):
    services.register(event, name="Anna", email="anna@example.org", persons=3)
    waiting = services.register(event, name="Ben", email="ben@example.org")

    services.cancel(waiting)

    assert EventSeats.objects.get(pk=event.pk).taken == 3


def test_after_cancelling_the_same_address_may_register_again(event):
    registration = services.register(event, name="Anna", email="anna@example.org")
    services.cancel(registration)

    again = services.register(event, name="Anna", email="anna@example.org")

    assert again.status == RegistrationStatus.CONFIRMED
