"""With no identity service configured the portal looks and works as before: no BundID
button, no SP metadata, and no request to another host."""

from django.test import Client


def test_the_login_page_offers_only_the_email_account(db, settings):
    assert settings.SAML_ENABLED is False and settings.OIDC_ENABLED is False
    html = Client().get("/konto/login/").content.decode()
    assert "BundID" not in html
    assert "Anmeldedienst" not in html


def test_there_is_no_saml_metadata_without_an_idp(db):
    assert Client().get("/konto/saml/metadata/").status_code == 404


def test_the_account_page_has_no_link_to_sign_in_services(citizen):
    client = Client()
    client.force_login(citizen)
    assert "verknüpfen oder lösen" not in client.get("/konto/").content.decode()
