"""Failed logins lock the account only for the address they come from; a slower limit
stops guessing spread over many addresses. A stranger who knows a staff member's e-mail
address cannot keep them out."""

import pytest
from django.conf import settings
from django.test import Client

from beteiligung.roles import Role
from tests.conftest import make_staff

PASSWORD = "secret-pass-123"  # what tests.conftest.make_user sets
TOO_MANY = "zu viele"


@pytest.fixture
def editor(organisation):
    return make_staff(organisation, Role.EDITOR)


def log_in(client, email: str, password: str, address: str):
    return client.post("/konto/login/", {"login": email, "password": password}, REMOTE_ADDR=address)


def test_a_flood_of_wrong_passwords_from_one_address_does_not_lock_out_the_owner(client, editor):
    attacker = Client()
    for _attempt in range(30):
        log_in(attacker, editor.email, "falsch", "203.0.113.7")

    response = log_in(client, editor.email, PASSWORD, "198.51.100.20")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_flooding_address_stays_locked_even_with_the_right_password(client, editor):
    for _attempt in range(5):
        log_in(client, editor.email, "falsch", "203.0.113.7")

    response = log_in(client, editor.email, PASSWORD, "203.0.113.7")

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_guessing_from_many_addresses_locks_the_account_for_a_while(client, editor):
    account_wide = int(settings.ACCOUNT_RATE_LIMITS["login_failed_account"].split("/")[0])
    per_address = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1].split("/")[0])
    for attempt in range(account_wide):
        address = f"10.0.{attempt // per_address // 250}.{attempt // per_address % 250 + 1}"
        log_in(client, editor.email, "falsch", address)

    response = log_in(client, editor.email, PASSWORD, "198.51.100.20")

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_does_not_wipe_the_count_of_failures(client, editor):
    for _attempt in range(4):
        log_in(client, editor.email, "falsch", "203.0.113.7")
    assert log_in(client, editor.email, PASSWORD, "203.0.113.7").status_code == 302
    client.logout()

    log_in(client, editor.email, "falsch", "203.0.113.7")
    response = log_in(client, editor.email, PASSWORD, "203.0.113.7")

    assert TOO_MANY in response.content.decode().lower()
