"""OpenID Connect in Chromium, against the real provider on loopback (django-oauth-toolkit
in its own process, started once for the module, with a consent page): a citizen signs in
from the portal's login page and finds the service linked to the new account; a staff
member reaches the admin by single sign-on, with the provider's second factor standing in
for our TOTP only when the administration allows it; a refused consent, a wrong client
secret and a tampered state end on a German page of ours, never a 500."""

import copy
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from beteiligung.models import IdentityLogin, User
from tests.conftest import make_staff
from tests.e2e.conftest import PASSWORD
from tests.identity.conftest import CALLBACK_PATH, start_oidc_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE = django_settings.OIDC_NAME  # "Anmeldung der Verwaltung"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    provider, override = start_oidc_provider(
        tmp_path_factory.mktemp("oidc-browser"), [live_server.url], amr="pwd,otp", consent=True
    )
    yield provider
    override.disable()
    provider.stop()


SHOTS = Path(os.environ["OIDC_SHOTS"]) if os.environ.get("OIDC_SHOTS") else None


def shoot(page, name: str) -> None:
    if SHOTS is None:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def start_sign_in(page, axe_check, next_url: str = "") -> None:
    """On our login page: the provider's button, then allauth's confirmation (it asks
    before it sends the browser to another host)."""
    page.goto("/konto/login/" + (f"?next={next_url}" if next_url else ""))
    # Only the OIDC provider is configured: the login page does not promise BundID.
    expect(page.locator(".identity-login")).not_to_contain_text("BundID")
    page.get_by_role("link", name=f"Mit {SERVICE} anmelden").click()
    expect(page.get_by_role("button", name="Weiter")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Weiter").click()


def at_the_provider(page, provider, *, allow: bool = True) -> None:
    """The provider's own login form, then its consent page."""
    page.wait_for_url(f"{provider.issuer.rsplit('/o', 1)[0]}/login/**")
    expect(page.get_by_role("heading", name="Anmeldung der Verwaltung")).to_be_visible()
    page.get_by_label("Benutzername").fill(provider.username)
    page.get_by_label("Passwort").fill(provider.password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/o/authorize/**")
    page.get_by_role("button", name="Erlauben" if allow else "Ablehnen").click()


def test_a_citizen_signs_in_with_the_provider_and_finds_it_linked_to_the_new_account(
    provider, page, live_server, axe_check
):
    start_sign_in(page, axe_check)
    at_the_provider(page, provider)
    page.wait_for_url(f"{live_server.url}/konto/")
    expect(page.get_by_role("heading", name="Mein Konto", level=1)).to_be_visible()
    expect(page.get_by_text(f"Sie sind angemeldet als {provider.email}.")).to_be_visible()
    axe_check(page)
    citizen = User.objects.get(email=provider.email)
    assert citizen.socialaccount_set.get().provider == "verwaltung"
    assert IdentityLogin.objects.get(user=citizen).provider == SERVICE

    page.get_by_role("link", name=f"Anmeldung mit {SERVICE} verknüpfen oder lösen").click()
    linked = page.get_by_role("group", name="Verknüpfte Dienste")
    expect(linked).to_contain_text(SERVICE)
    axe_check(page)
    assert page.foreign_requests and all(
        url.startswith(provider.issuer.rsplit("/o", 1)[0]) for url in page.foreign_requests
    ), "Der Browser war bei einem anderen Dienst als dem Anbieter"


def test_staff_with_the_providers_second_factor_open_the_admin_without_our_totp(
    provider, page, live_server, organisation, settings, axe_check
):
    settings.STAFF_REQUIRE_MFA = True
    settings.OIDC_MFA_SATISFIES_STAFF_MFA = True
    staff = make_staff(organisation, email=provider.email)
    start_sign_in(page, axe_check, next_url="/admin/")
    at_the_provider(page, provider)
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.locator("body")).not_to_contain_text("Zwei-Faktor")
    expect(page.get_by_role("navigation", name="Hauptmenü")).to_be_visible()
    login = IdentityLogin.objects.get(user=staff)
    assert (login.provider, login.second_factor) == (SERVICE, True)


def test_without_the_setting_staff_signed_in_by_the_provider_must_set_up_our_totp(
    provider, page, live_server, organisation, settings, axe_check
):
    settings.STAFF_REQUIRE_MFA = True
    settings.OIDC_MFA_SATISFIES_STAFF_MFA = False
    make_staff(organisation, email=provider.email)
    start_sign_in(page, axe_check, next_url="/admin/")
    at_the_provider(page, provider)
    # allauth asks for the password before a second factor is set up (reauthentication).
    page.wait_for_url("**/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F")
    expect(page.locator(".message-info")).to_contain_text(
        "Bitte richten Sie die Zwei-Faktor-Authentifizierung ein"
    )
    axe_check(page)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    expect(page.locator("input[name=code]")).to_be_visible()
    axe_check(page)


def test_a_refused_consent_ends_on_our_page_in_german(provider, page, live_server, axe_check):
    start_sign_in(page, axe_check)
    at_the_provider(page, provider, allow=False)
    page.wait_for_url(f"{live_server.url}/konto/**")
    expect(page.get_by_role("heading", name="Anmeldung abgebrochen")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("An Ihrem Konto wurde nichts geändert.")
    expect(page.get_by_role("link", name="Zurück zur Anmeldung")).to_be_visible()
    axe_check(page)
    shoot(page, "oidc-cancelled")
    assert not User.objects.filter(email=provider.email).exists()


def test_a_wrong_client_secret_is_refused_with_a_german_message(
    provider, page, live_server, settings, axe_check
):
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["openid_connect"]["APPS"][0]["secret"] = "falsches-geheimnis"
    settings.SOCIALACCOUNT_PROVIDERS = providers
    start_sign_in(page, axe_check)
    at_the_provider(page, provider)
    page.wait_for_url(f"{live_server.url}{CALLBACK_PATH}**")
    expect(page.get_by_role("heading", name="Anmeldung nicht abgeschlossen")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("nicht an Ihren Angaben")
    expect(page.get_by_role("link", name="Zurück zur Anmeldung")).to_be_visible()
    axe_check(page)
    shoot(page, "oidc-wrong-secret")
    assert not User.objects.filter(email=provider.email).exists()


def test_a_tampered_state_is_refused_with_a_german_message(provider, page, live_server, axe_check):
    def tamper(route) -> None:
        """The provider's answer to the consent, its redirect back with another state."""
        if route.request.method != "POST":
            route.continue_()
            return
        answer = route.fetch(max_redirects=0)
        parts = urlsplit(answer.headers["location"])
        query = dict(parse_qsl(parts.query))
        query["state"] = "fremd" + query["state"]
        back = f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
        route.fulfill(status=302, headers={"Location": back})

    # Playwright sees only the first request of a redirect chain: intercept the consent.
    page.route(lambda url: urlsplit(url).path == "/o/authorize/", tamper)
    start_sign_in(page, axe_check)
    at_the_provider(page, provider)
    page.wait_for_url(f"{live_server.url}{CALLBACK_PATH}?*state=fremd*")
    expect(page.get_by_role("heading", name="Anmeldung nicht abgeschlossen")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("in einem anderen Browserfenster begonnen")
    axe_check(page)
    shoot(page, "oidc-tampered-state")
    assert not User.objects.filter(email=provider.email).exists()


def test_staff_without_a_portal_password_confirm_by_an_emailed_code_before_our_totp(
    provider, page, live_server, organisation, settings, axe_check
):
    settings.STAFF_REQUIRE_MFA = True
    settings.OIDC_MFA_SATISFIES_STAFF_MFA = False
    staff = make_staff(organisation, email=provider.email)
    staff.set_unusable_password()
    staff.save()
    start_sign_in(page, axe_check, next_url="/admin/")
    at_the_provider(page, provider)
    # No password to confirm with: allauth offers a code by e-mail instead (no 403).
    page.wait_for_url("**/konto/reauthenticate/code/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F")
    expect(page.get_by_role("heading", name="Zugriff bestätigen")).to_be_visible()
    axe_check(page)
