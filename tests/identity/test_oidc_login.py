"""Staff single sign-on through an OpenID Connect provider (django-oauth-toolkit in its own
process on loopback): discovery, authorization code with PKCE, a signed ID token checked
against the provider's keys, and the provider's second factor (amr) standing in for our
TOTP when the administration turns that on."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from beteiligung.identity import SESSION_MFA
from beteiligung.models import IdentityLogin
from tests.conftest import make_staff
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


def sign_in(provider: OidcProvider, next_url: str = "/admin/") -> Client:
    """Press the button, sign in at the provider as a person would, come back."""
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post(f"/konto/oidc/verwaltung/login/?next={next_url}")
    assert response.status_code == 302
    location = provider_answer(
        provider, response["Location"], CALLBACK, shows="Anmeldung der Verwaltung"
    )
    back = urlsplit(location)
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_staff_sign_in_with_the_providers_second_factor_reach_the_admin(
    provider, organisation, settings
):
    settings.STAFF_REQUIRE_MFA = True
    settings.OIDC_MFA_SATISFIES_STAFF_MFA = True
    staff = make_staff(organisation, email=provider.email)
    client = sign_in(provider)
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.session[SESSION_MFA] is True
    login = IdentityLogin.objects.get(user=staff)
    assert (login.provider, login.second_factor) == ("Anmeldung der Verwaltung", True)
    assert client.get("/admin/").status_code == 200


def test_without_the_setting_staff_still_set_up_our_second_factor(provider, organisation, settings):
    settings.STAFF_REQUIRE_MFA = True
    settings.OIDC_MFA_SATISFIES_STAFF_MFA = False
    make_staff(organisation, email=provider.email)
    client = sign_in(provider)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/konto/2fa/" in response["Location"]
