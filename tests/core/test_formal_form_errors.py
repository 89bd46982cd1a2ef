"""Bad input on the account forms is answered formally: the German catalogues of Django
REST framework and Wagtail say "du" for some of Django's and Wagtail's own messages, and
locale_overrides/ replaces them."""

import re

import pytest
from django.utils import translation

from tests.core.test_formal_address import INFORMAL, main_text

pytestmark = pytest.mark.django_db


def errors_after(client, path: str, data: dict) -> str:
    response = client.post(path, data)
    assert response.status_code == 200
    return " ".join(main_text(response.content.decode()).split())


def test_signup_with_a_bad_address_asks_formally_for_a_valid_one(client):
    text = errors_after(
        client,
        "/konto/signup/",
        {"email": "keine-adresse", "password1": "kurz", "password2": "anders"},
    )

    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein." in text
    assert INFORMAL.findall(text) == []


def test_login_with_a_bad_address_asks_formally_for_a_valid_one(client):
    text = errors_after(client, "/konto/login/", {"login": "keine adresse", "password": "x"})

    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein." in text
    assert INFORMAL.findall(text) == []


def test_password_reset_with_a_bad_address_asks_formally_for_a_valid_one(client):
    text = errors_after(client, "/konto/password/reset/", {"email": "@example"})

    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein." in text
    assert INFORMAL.findall(text) == []


@pytest.mark.parametrize(
    "message",
    [
        "Enter a valid URL.",
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
        "Please add some alt text for your image or mark it as decorative",
        "Choose who can view the live version of this page",
        "Select a new parent page",
    ],
)
def test_other_messages_staff_and_citizens_meet_say_sie(message):
    with translation.override("de"):
        german = translation.gettext(message)

    assert german != message
    assert not re.search(r"\b(Gib|Lade|Wähle|füge|dein)\b", german)
    assert INFORMAL.findall(german) == []
