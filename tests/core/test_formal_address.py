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
