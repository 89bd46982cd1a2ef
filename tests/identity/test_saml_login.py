"""BundID over SAML with the test client against a pysaml2 identity provider: signed
metadata, a first login that creates an account, the trust level on the session and in a
login record, and every refusal (signature, expiry, replay, audience) as a German message."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from lxml import etree

from beteiligung.identity import SESSION_LEVEL
from beteiligung.models import IdentityLogin, User
from tests.identity.conftest import start_saml_idp
from tests.identity.peers import SamlIdP


def portal_client() -> Client:
    # python3-saml refuses single-label hosts such as "testserver" in its own URLs.
    return Client(HTTP_HOST="127.0.0.1")


MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"


@pytest.fixture(scope="module")
def idp(tmp_path_factory, django_db_blocker):
    folder = tmp_path_factory.mktemp("saml")
    with django_db_blocker.unblock():
        idp, override = start_saml_idp(
            folder, lambda: portal_client().get("/konto/saml/metadata/").content
        )
    yield idp
    idp.stop()
    override.disable()


def start_login(client: Client, next_url: str = "/konto/") -> str:
    """Press the BundID button; returns the ID of the AuthnRequest the IdP receives."""
    response = client.post(f"/konto/saml/bundid/login/?next={next_url}")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert "Signature" in query, "die Anmeldeanfrage an BundID ist nicht signiert"
    return query, query["SAMLRequest"]


def post_response(client: Client, idp: SamlIdP, saml_response: str):
    return client.post("/konto/saml/bundid/acs/", {"SAMLResponse": saml_response}, follow=True)


def request_id(idp: SamlIdP, client: Client) -> str:
    query, _ = start_login(client)
    return idp.parse_request(query).message.id


def test_the_metadata_names_our_endpoints_and_is_signed(idp, db):
    response = portal_client().get("/konto/saml/metadata/")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.find(f"{{{DS}}}Signature") is not None, "Metadaten sind nicht signiert"
    acs = root.find(f".//{{{MD}}}AssertionConsumerService").get("Location")
    assert acs.endswith("/konto/saml/bundid/acs/")
    assert root.find(f".//{{{MD}}}SingleLogoutService") is not None
    uses = {kd.get("use") for kd in root.iterfind(f".//{{{MD}}}KeyDescriptor")}
    assert {"signing", "encryption"} <= uses


def test_the_login_page_explains_bundid_next_to_its_button(idp, db):
    page = portal_client().get("/konto/login/").content.decode()
    assert "Mit BundID melden Sie sich mit Ihrem Online-Ausweis" in page
    assert "Mit BundID anmelden" in page


def test_a_first_bundid_login_creates_an_account_without_a_confirmation_mail(idp, db, mailoutbox):
    client = portal_client()
    saml_response = idp.response(request_id(idp, client))
    response = post_response(client, idp, saml_response)
    assert response.redirect_chain[-1][0] == "/konto/"
    user = User.objects.get(email="erika@example.org")
    assert (user.first_name, user.last_name) == ("Erika", "Mustermann")
    assert user.emailaddress_set.get().verified
    assert mailoutbox == []
    assert client.session[SESSION_LEVEL] == "substanziell"
    login = IdentityLogin.objects.get(user=user)
    assert (login.provider, login.trust_level) == ("BundID", "substanziell")
    account = user.socialaccount_set.get()
    assert account.uid == "bpk2-erika-0001"
    assert account.extra_data["urn:oid:2.5.4.9"] == ["Heidestraße 17"]
    my_data = client.get("/konto/meine-daten/").content.decode()
    assert "Verknüpfter Anmeldedienst" in my_data
    assert "Heidestraße 17" in my_data
    assert "Straße und Hausnummer" in my_data
    assert "substanziell" in my_data


def test_an_assertion_posted_twice_is_refused_the_second_time(idp, db):
    client = portal_client()
    saml_response = idp.response(request_id(idp, client))
    post_response(client, idp, saml_response)
    thief = portal_client()
    response = post_response(thief, idp, saml_response)
    assert "bereits verwendet" in response.content.decode()
    assert "_auth_user_id" not in thief.session


def test_an_expired_assertion_is_refused(idp, db):
    client = portal_client()
    saml_response = idp.response(request_id(idp, client), minutes=-20)
    response = post_response(client, idp, saml_response)
    assert "abgelaufen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_assertion_for_another_service_is_refused(idp, db):
    client = portal_client()
    saml_response = idp.response(request_id(idp, client), audience="https://andere-stelle.example/")
    response = post_response(client, idp, saml_response)
    assert "für einen anderen Dienst" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_assertion_signed_by_another_key_is_refused(idp, db, tmp_path):
    rogue = SamlIdP(tmp_path, port=idp.port)
    rogue.entity_id = idp.entity_id
    rogue.load(idp.folder / "sp-metadata.xml")  # the same name, another key
    client = portal_client()
    saml_response = rogue.response(request_id(idp, client))
    response = post_response(client, idp, saml_response)
    assert "Signatur" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deleting_the_account_deletes_the_linked_bundid_and_its_logins(idp, db):
    from allauth.socialaccount.models import SocialAccount

    from beteiligung.privacy import delete_account

    client = portal_client()
    post_response(client, idp, idp.response(request_id(idp, client)))
    user = User.objects.get(email="erika@example.org")
    delete_account(user)
    assert not SocialAccount.objects.exists()
    assert not IdentityLogin.objects.exists()


def test_a_logout_after_a_bundid_login_sends_a_signed_logout_request_to_the_idp(idp, db):
    client = portal_client()
    post_response(client, idp, idp.response(request_id(idp, client)))
    response = client.post("/konto/logout/")
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == idp.base
    assert "Signature" in parse_qs(location.query)
    assert "_auth_user_id" not in client.session


def test_hostile_attributes_from_the_idp_are_shown_as_text(idp, db):
    idp.person = {
        "uid": "bpk2-hostile-0003",
        "email": "hostile@example.org",
        "first_name": '<script>alert(1)</script>"onmouseover=',
        "last_name": '=HYPERLINK("http://evil.example")',
    }
    try:
        client = portal_client()
        post_response(client, idp, idp.response(request_id(idp, client)))
        html = client.get("/konto/meine-daten/").content.decode()
    finally:
        idp.person = {"uid": "bpk2-erika-0001", "email": "erika@example.org"}
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_logout_at_the_idp_ends_the_session_here_too(idp, db):
    client = portal_client()
    post_response(client, idp, idp.response(request_id(idp, client)))
    assert "_auth_user_id" in client.session
    location = urlsplit(idp.logout_request_url())
    response = client.get(f"{location.path}?{location.query}")
    assert "_auth_user_id" not in client.session
    answer = urlsplit(response["Location"])
    assert f"{answer.scheme}://{answer.netloc}" == idp.base, "keine LogoutResponse an BundID"
    assert "SAMLResponse" in parse_qs(answer.query)
