"""Citizens sign up with e-mail verification, log in, and keep a display name."""

import re

from allauth.account.models import EmailAddress
from django.core import mail

from beteiligung.models import User


def test_sign_up_verify_and_log_in(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/signup/",
            {
                "email": "neu@example.org",
                "password1": "ein-sicheres-passwort-42",
                "password2": "ein-sicheres-passwort-42",
                "display_name": "Neue Nutzerin",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Neue Nutzerin"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = re.search(r"http://testserver(/konto/confirm-email/[^\s]+/)", message.body).group(1)

    client.logout()
    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        "/konto/login/", {"login": "neu@example.org", "password": "ein-sicheres-passwort-42"}
    )
    assert response.status_code == 302
    assert client.get("/konto/").status_code == 200


def test_unverified_citizen_cannot_log_in(client, db, django_capture_on_commit_callbacks):
    from tests.conftest import make_user

    make_user("offen@example.org", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/login/", {"login": "offen@example.org", "password": "secret-pass-123"}
        )
    assert response.status_code == 302
    assert "/konto/confirm-email/" in response["Location"]
    assert client.get("/konto/").status_code == 302


def test_signup_form_shows_german_errors_and_keeps_the_email(client, db):
    response = client.post(
        "/konto/signup/",
        {"email": "kaputt@example.org", "password1": "abc", "password2": "abd"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="kaputt@example.org"' in page
    assert "Passwort" in page
    assert not User.objects.filter(email="kaputt@example.org").exists()


def test_profile_changes_the_display_name(client, citizen):
    client.force_login(citizen)
    response = client.post("/konto/", {"display_name": "Clara C."})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "Clara C."


def test_password_reset_mail_is_sent_through_the_queue(
    client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": citizen.email})
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body
