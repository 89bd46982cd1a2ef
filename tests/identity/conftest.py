import copy
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from tests.identity.peers import OidcProvider, SamlIdP, make_keypair


def saml_settings(idp: SamlIdP, sp_key: Path, sp_cert: Path) -> dict:
    app = copy.deepcopy(settings.SAML_APP_CONFIG)
    app["settings"]["idp"] = {"entity_id": idp.entity_id, "metadata_file": str(idp.metadata_file())}
    app["settings"]["key_file"] = str(sp_key)
    app["settings"]["cert_file"] = str(sp_cert)
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["saml"]["APPS"] = [app]
    return {"SAML_ENABLED": True, "SOCIALACCOUNT_PROVIDERS": providers}


def start_saml_idp(folder: Path, fetch_sp_metadata: Callable[[], bytes]):
    """An IdP with the portal configured for it; yields (idp, override) while it runs."""
    sp_key, sp_cert = make_keypair(folder, "sp")
    idp = SamlIdP(folder)
    override = override_settings(**saml_settings(idp, sp_key, sp_cert))
    override.enable()
    metadata = folder / "sp-metadata.xml"
    metadata.write_bytes(fetch_sp_metadata())
    idp.start(metadata)
    return idp, override


def oidc_settings(provider) -> dict:
    app = copy.deepcopy(settings.OIDC_APP_CONFIG)
    app["client_id"] = provider.client_id
    app["secret"] = provider.client_secret
    app["settings"]["server_url"] = provider.issuer
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    providers["openid_connect"]["APPS"] = [app]
    return {"OIDC_ENABLED": True, "SOCIALACCOUNT_PROVIDERS": providers}


CALLBACK_PATH = "/konto/oidc/verwaltung/login/callback/"


def start_oidc_provider(folder: Path, portal_urls: list[str], **options):
    """The OIDC provider with the portal registered as its client (a callback for each of
    ``portal_urls``) and the portal configured for it; returns (provider, override) while
    it runs. ``options`` go to OidcProvider (amr, consent)."""
    callbacks = [url.rstrip("/") + CALLBACK_PATH for url in portal_urls]
    provider = OidcProvider(folder, callbacks, **options)
    override = override_settings(**oidc_settings(provider))
    override.enable()
    return provider, override


def provider_answer(
    provider: OidcProvider, start: str, callback: str, shows: str | None = None
) -> str:
    """Sign in at the provider's own login form as a person would (the form ``shows`` that
    text, when given), following its redirects until it sends the browser back to
    ``callback``; returns that address."""
    import re

    import requests

    browser = requests.Session()
    page = browser.get(start)
    if shows is not None:
        assert shows in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url,
        {
            "csrfmiddlewaretoken": token,
            "username": provider.username,
            "password": provider.password,
        },
        allow_redirects=False,
    )
    location = answer.headers["Location"]
    while not location.startswith(callback):
        location = requests.compat.urljoin(answer.url, location)
        answer = browser.get(location, allow_redirects=False)
        location = answer.headers["Location"]
    return location
