"""The account pages address everyone as "Sie", like the rest of the portal; django-allauth's
own German catalogue says "du" (locale_overrides/ replaces it)."""

import re

import pytest

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(du|Du|dein\w*|Dein\w*|dich|Dich|dir|Dir|hast|bist|kannst|musst)\b")


def main_text(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


@pytest.mark.parametrize(
    "path",
    ["/konto/login/", "/konto/signup/", "/konto/password/reset/", "/konto/confirm-email/"],
)
def test_the_account_pages_say_sie(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert INFORMAL.findall(main_text(response.content.decode())) == []


def test_the_login_page_invites_to_register_formally(client):
    text = main_text(client.get("/konto/login/").content.decode())

    assert "Sie haben noch kein Konto? Dann" in " ".join(text.split())


def test_the_logout_page_asks_formally(client, citizen):
    client.force_login(citizen)

    text = main_text(client.get("/konto/logout/").content.decode())

    assert "Möchten Sie sich wirklich abmelden?" in text


INFORMAL_WORDS = (" du ", " dich ", " dein", " dir ", " Du ", " Dich ", " Dein")


def informal_words_in(html: str) -> list[str]:
    text = " " + " ".join(main_text(html).split()) + " "
    return [word for word in INFORMAL_WORDS if word in text]


@pytest.mark.parametrize(
    "path",
    [
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
        "/konto/password/reset/done/",
        "/konto/confirm-email/",
        "/konto/confirm-email/ungueltiger-schluessel/",
        "/konto/password/reset/key/1-ungueltig/",
        "/konto/inactive/",
    ],
)
def test_every_allauth_page_for_visitors_says_sie(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert informal_words_in(response.content.decode()) == []


@pytest.mark.parametrize(
    "path",
    [
        "/konto/email/",
        "/konto/password/change/",
        "/konto/logout/",
        "/konto/reauthenticate/",
        "/konto/2fa/",
        "/konto/2fa/totp/activate/",
    ],
)
def test_every_allauth_page_for_a_logged_in_citizen_says_sie(client, citizen, path):
    client.force_login(citizen)

    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert informal_words_in(response.content.decode()) == []


def test_the_second_factor_page_says_sie(client, citizen):
    from tests.e2e.conftest import PASSWORD, add_totp

    add_totp(citizen)
    client.post("/konto/login/", {"login": citizen.email, "password": PASSWORD})

    response = client.get("/konto/2fa/authenticate/")

    assert response.status_code == 200
    assert "code" in response.content.decode()
    assert informal_words_in(response.content.decode()) == []
