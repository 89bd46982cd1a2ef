"""After registering, the event page says so instead of offering the form again."""

import pytest
from django.test import Client

from events import services
from events.models import Registration

pytestmark = pytest.mark.django_db

FORM = {"name": "Anna Becker", "email": "anna@example.org", "persons": "1", "privacy": "on"}
SUBMIT = '<button type="submit">Anmelden</button>'


def register(client, event, capture, **fields):
    with capture(execute=True):
        response = client.post(event.url, {**FORM, **fields})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_the_page_says_you_are_registered_with_the_date_and_a_cancel_link(
    client, event, django_capture_on_commit_callbacks
):
    page = register(client, event, django_capture_on_commit_callbacks)

    registration = Registration.objects.get()
    assert "Sie sind angemeldet" in page
    assert event.start.strftime("%Y") in page and "Uhr" in page
    assert registration.cancel_path() in page
    assert "einen Tag vor der Veranstaltung" in page
    assert SUBMIT not in page


def test_the_same_browser_sees_its_registration_on_a_later_visit(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)

    page = client.get(event.url).content.decode()
    assert "Sie sind angemeldet" in page
    assert SUBMIT not in page


def test_another_visitor_still_gets_the_form(client, event, django_capture_on_commit_callbacks):
    register(client, event, django_capture_on_commit_callbacks)

    page = Client().get(event.url).content.decode()
    assert "Sie sind angemeldet" not in page
    assert SUBMIT in page


def test_the_waiting_list_state_names_the_place(client, event, django_capture_on_commit_callbacks):
    services.register(event, name="Ben", email="ben@example.org", persons=3)
    services.register(event, name="Cem", email="cem@example.org")

    page = register(client, event, django_capture_on_commit_callbacks)

    assert "Sie stehen auf der Warteliste, Platz 2" in page
    assert "rücken Sie automatisch nach" in page
    assert "Auf die Warteliste</button>" not in page


def test_a_signed_in_citizen_sees_the_registration_in_any_browser(
    client, citizen, event, django_capture_on_commit_callbacks
):
    services.register(event, name="Clara", email=citizen.email, user=citizen)

    other_browser = Client()
    other_browser.force_login(citizen)
    page = other_browser.get(event.url).content.decode()
    assert "Sie sind angemeldet" in page
    assert SUBMIT not in page


def test_the_form_is_offered_again_after_cancelling(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    services.cancel(Registration.objects.get())

    page = client.get(event.url).content.decode()
    assert "Sie sind angemeldet" not in page
    assert SUBMIT in page


def test_someone_else_can_still_be_registered_from_the_same_browser(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)

    page = client.get(event.url + "?weitere=1").content.decode()
    assert "Weitere Person anmelden" in page
    assert SUBMIT in page


def test_posting_the_same_registration_again_registers_once(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    page = register(client, event, django_capture_on_commit_callbacks)

    assert Registration.objects.count() == 1
    assert "Sie sind angemeldet" in page
