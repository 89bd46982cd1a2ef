"""When a sign-in through the OpenID Connect provider (the loopback peer) fails, the citizen
reads in plain German what happened and what to do now, with a way back to the sign-in."""

import copy
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from beteiligung.models import User
from tests.identity.conftest import CALLBACK_PATH, provider_answer, start_oidc_provider
from tests.identity.peers import OidcProvider

PORTAL = "http://127.0.0.1"
CALLBACK = PORTAL + CALLBACK_PATH


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    provider, override = start_oidc_provider(tmp_path_factory.mktemp("oidc"), [PORTAL])
    yield provider
    override.disable()
    provider.stop()


def come_back(provider: OidcProvider, client: Client, tamper=lambda query: query):
    """Start the sign-in, sign in at the provider, return with the (tampered) answer."""
    response = client.post("/konto/oidc/verwaltung/login/?next=/konto/")
    location = provider_answer(provider, response["Location"], CALLBACK)
    back = urlsplit(location)
    return client.get(f"{back.path}?{tamper(back.query)}")


def assert_helpful(response, *sentences: str) -> None:
    html = response.content.decode()
    assert response.status_code == 401
    assert "<h1>Anmeldung nicht abgeschlossen</h1>" in html
    for sentence in sentences:
        assert sentence in html
    assert 'href="/konto/login/"' in html and "Zurück zur Anmeldung" in html
    assert "Drittanbieterkonto" not in html  # allauth's generic text


def test_a_wrong_client_secret_says_it_is_the_portals_fault(provider, settings, db):
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["openid_connect"]["APPS"][0]["secret"] = "falsches-geheimnis"
    settings.SOCIALACCOUNT_PROVIDERS = providers

    response = come_back(provider, Client(HTTP_HOST="127.0.0.1"))

    assert_helpful(
        response,
        "Der Anmeldedienst hat dem Portal die Anmeldung nicht bestätigt.",
        "nicht an Ihren Angaben",
        "mit Ihrer E-Mail-Adresse und Ihrem Passwort",
    )
    assert not User.objects.filter(email=provider.email).exists()


def test_a_tampered_state_asks_to_start_again(provider, db):
    response = come_back(
        provider,
        Client(HTTP_HOST="127.0.0.1"),
        tamper=lambda query: re.sub(r"state=", "state=fremd", query),
    )

    assert_helpful(
        response,
        "in einem anderen Browserfenster begonnen oder ist abgelaufen",
        "Bitte starten Sie die Anmeldung auf dieser Seite erneut.",
    )
    assert not User.objects.filter(email=provider.email).exists()


def test_a_cancelled_sign_in_says_nothing_changed(client, db):
    html = client.get("/konto/3rdparty/login/cancelled/").content.decode()

    assert "<h1>Anmeldung abgebrochen</h1>" in html
    assert "An Ihrem Konto wurde nichts geändert." in html
    assert "Zurück zur Anmeldung" in html
