"""Every e-mail allauth can send (sign-up confirmation, password reset, e-mail change,
security notices) names the portal, leaves no placeholder empty and says "Sie".

Found: the sign-up confirmation read "Hallo von !" and "ein Konto bei  zu registrieren"
(issue #24): the adapter gave allauth's templates no site.
"""

import datetime
import re
from pathlib import Path

import allauth
import pytest
from allauth.core.context import request_context
from django.conf import settings
from django.core import mail
from django.test import RequestFactory

from beteiligung.accounts import AccountAdapter
from tests.conftest import make_user

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
PREFIXES = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for folder in ("account/email", "mfa/email")
    for path in (ALLAUTH_TEMPLATES / folder).glob("*_subject.txt")
)
INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer)\b", re.IGNORECASE)


def context_for(user) -> dict:
    """What allauth passes to these templates (every key any of them reads)."""
    return {
        "user": user,
        "activate_url": "https://portal.example/konto/confirm-email/abc/",
        "key": "abc",
        "password_reset_url": "https://portal.example/konto/password/reset/key/1-abc/",
        "signup_url": "https://portal.example/konto/signup/",
        "code": "XK4P7Q",
        "from_email": "alt@example.org",
        "to_email": "neu@example.org",
        "deleted_email": "alt@example.org",
        "ip": "198.51.100.20",
        "user_agent": "Firefox",
        "timestamp": datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC),
    }


def test_every_allauth_e_mail_is_covered():
    assert "account/email/email_confirmation_signup" in PREFIXES
    assert "account/email/password_reset_key" in PREFIXES
    assert "account/email/email_changed" in PREFIXES
    assert "mfa/email/totp_activated" in PREFIXES
    assert len(PREFIXES) >= 18


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_e_mail_names_the_portal_fills_every_placeholder_and_says_sie(
    prefix, db, django_capture_on_commit_callbacks
):
    user = make_user("anna@example.org")
    request = RequestFactory().get("/")
    with request_context(request), django_capture_on_commit_callbacks(execute=True):
        AccountAdapter(request).send_mail(prefix, user.email, context_for(user))

    [message] = mail.outbox
    html = message.alternatives[0][0]
    site = settings.WAGTAIL_SITE_NAME
    assert site in message.subject
    assert site in message.body
    assert site in html
    for text in (message.subject, message.body):
        assert "{{" not in text and "%(" not in text
        assert not re.search(r"[^\S\n]{2,}|\s[!.,:;]|\(\s*\)", text), text
        assert not INFORMAL.search(text), text
    assert re.search(r"\b(Sie|Ihr\w*)\b", message.body), message.body
    assert "Guten Tag," in message.body


def test_the_sign_up_confirmation_links_to_the_confirmation(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/konto/signup/",
            {
                "email": "neu@example.org",
                "password1": "Lang-genug-2026",
                "password2": "Lang-genug-2026",
            },
        )

    [message] = mail.outbox
    assert (
        message.subject
        == f"Bitte bestätigen Sie Ihre E-Mail-Adresse – {settings.WAGTAIL_SITE_NAME}"
    )
    assert f"für ein Konto im {settings.WAGTAIL_SITE_NAME} registriert" in message.body
    assert re.search(r"http://testserver/konto/confirm-email/\S+/", message.body)
