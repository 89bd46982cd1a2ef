"""Staff log in through allauth with a second factor; failed logins lock out."""

import pytest
from allauth.mfa.models import Authenticator

from beteiligung.roles import Role
from tests.conftest import make_staff


def test_wagtail_login_goes_through_the_portal_login(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/pages/"


def test_admin_sends_anonymous_visitors_to_the_portal_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.fixture
def require_mfa(settings):
    settings.STAFF_REQUIRE_MFA = True


def test_staff_without_a_second_factor_must_set_one_up(client, organisation, require_mfa):
    client.force_login(make_staff(organisation, Role.EDITOR))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"


def test_staff_with_a_second_factor_reach_the_admin(client, organisation, require_mfa):
    editor = make_staff(organisation, Role.EDITOR)
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_citizens_do_not_need_a_second_factor_for_their_account(client, citizen, require_mfa):
    client.force_login(citizen)
    assert client.get("/konto/").status_code == 200


def test_repeated_wrong_passwords_lock_the_login(client, citizen, settings):
    for _attempt in range(5):
        response = client.post("/konto/login/", {"login": citizen.email, "password": "falsch"})
        assert response.status_code == 200
    response = client.post("/konto/login/", {"login": citizen.email, "password": "secret-pass-123"})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
