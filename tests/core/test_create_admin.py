"""The first administrator of a live site: created with a verified address, able to log
in at once, sent to the TOTP setup; seed_demo refuses to run in production."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from beteiligung.models import User
from tests.core.test_settings import run_manage

PASSWORD = "Amtsstube-2026-sicher"


def create_admin(*args: str) -> str:
    out = io.StringIO()
    call_command("create_admin", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def admin_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)


def test_it_creates_a_superuser_with_a_verified_primary_address(db, admin_password):
    output = create_admin(
        "--email", "It-Leitung@Land.example", "--password-from-env", "ADMIN_PASSWORD"
    )

    user = User.objects.get(email="it-leitung@land.example")
    assert user.is_superuser and user.is_staff
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (
        "it-leitung@land.example",
        True,
        True,
    )
    assert "/konto/2fa/" in output
    assert "Zwei-Faktor-Authentifizierung" in output


def test_the_new_administrator_logs_in_at_once_and_is_sent_to_the_totp_setup(
    client, db, admin_password, settings
):
    settings.STAFF_REQUIRE_MFA = True
    create_admin("--email", "it@land.example", "--password-from-env", "ADMIN_PASSWORD")

    response = client.post("/konto/login/", {"login": "it@land.example", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"


def test_it_asks_for_the_password_twice_at_the_prompt(db, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    create_admin("--email", "it@land.example")

    assert User.objects.get(email="it@land.example").check_password(PASSWORD)


def test_it_refuses_two_different_passwords(db, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    with pytest.raises(CommandError, match="stimmen nicht überein"):
        create_admin("--email", "it@land.example")
    assert not User.objects.exists()


def test_it_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "12345678")

    with pytest.raises(CommandError, match="Passwort"):
        create_admin("--email", "it@land.example", "--password-from-env", "ADMIN_PASSWORD")
    assert not User.objects.exists()


def test_it_refuses_a_missing_variable_and_an_address_in_use(db, citizen, admin_password):
    with pytest.raises(CommandError, match="Umgebungsvariable NICHT_DA"):
        create_admin("--email", "it@land.example", "--password-from-env", "NICHT_DA")
    with pytest.raises(CommandError, match="bereits ein Konto"):
        create_admin("--email", citizen.email.upper(), "--password-from-env", "ADMIN_PASSWORD")
    with pytest.raises(CommandError, match="keine gültige E-Mail-Adresse"):
        create_admin("--email", "kein-at", "--password-from-env", "ADMIN_PASSWORD")


def test_seed_demo_refuses_to_run_in_production():
    result = run_manage(
        "seed_demo",
        DJANGO_ENV="production",
        SECRET_KEY="x7#kQ2!vL9@pR4$wZ8%tY3^nM6&bC1*dF5(gH0)jK2-lP8+sA4=eU7",
        ALLOWED_HOSTS="beteiligung.example",
        DATABASE_URL="sqlite:////nonexistent/never-created.sqlite3",
    )

    assert result.returncode != 0
    assert "DJANGO_ENV=production" in result.stderr
    assert "create_admin" in result.stderr
