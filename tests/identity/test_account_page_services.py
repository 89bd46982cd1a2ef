"""The account page names each configured sign-in service by its configured name, and
offers no link when none is configured."""

import copy

from django.conf import settings
from django.test import Client

CONNECTIONS = "/konto/3rdparty/"


def configure(settings, *, saml_name: str = "", oidc_name: str = "") -> None:
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    if saml_name:
        app = copy.deepcopy(settings.SAML_APP_CONFIG)
        app["name"] = saml_name
        providers["saml"]["APPS"] = [app]
        settings.SAML_ENABLED = True
    if oidc_name:
        app = copy.deepcopy(settings.OIDC_APP_CONFIG)
        app.update(name=oidc_name, client_id="portal", secret="geheim")
        app["settings"]["server_url"] = "https://anmeldung.example/"
        providers["openid_connect"]["APPS"] = [app]
        settings.OIDC_ENABLED = True
    settings.SOCIALACCOUNT_PROVIDERS = providers


def account_page(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/konto/").content.decode()


def test_with_only_an_oidc_provider_the_link_names_it_and_not_bundid(citizen, settings):
    configure(settings, oidc_name="Servicekonto Hessen")

    html = account_page(citizen)

    assert "Anmeldung mit Servicekonto Hessen verknüpfen oder lösen" in html
    assert "BundID" not in html


def test_with_both_services_the_link_names_both(citizen, settings):
    configure(settings, saml_name="BundID", oidc_name="Servicekonto Hessen")

    html = account_page(citizen)

    assert "Anmeldung mit BundID und Servicekonto Hessen verknüpfen oder lösen" in html


def test_the_saml_service_is_named_as_configured(citizen, settings):
    configure(settings, saml_name="Landeskonto")

    html = account_page(citizen)

    assert "Anmeldung mit Landeskonto verknüpfen oder lösen" in html
    assert "BundID" not in html


def test_without_a_service_there_is_no_link_to_the_connections(citizen):
    assert settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []

    html = account_page(citizen)

    assert CONNECTIONS not in html
    assert "verknüpfen oder lösen" not in html
