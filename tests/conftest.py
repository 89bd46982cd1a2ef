"""Shared builders and fixtures: a citizen, staff of an organisation, the demo page tree."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django_q.conf import Conf

from beteiligung.models import Organisation, User
from beteiligung.roles import Role


@pytest.fixture(autouse=True)
def _fast_and_synchronous(settings, monkeypatch):
    # Rate limits count in the cache; every test starts with none used.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # django-q2 runs each task through its real worker code in this process; the queue
    # tests in tests/core/test_queue.py switch this off to go through the broker.
    monkeypatch.setattr(Conf, "SYNC", True)


def make_user(email: str = "citizen@example.org", *, verified: bool = True, **fields) -> User:
    user = User.objects.create_user(
        username=email, email=email, password="secret-pass-123", **fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_organisation(name: str = "Stadt Musterstadt") -> Organisation:
    organisation = Organisation.objects.create(name=name)
    organisation.ensure_roles()
    return organisation


def make_staff(
    organisation: Organisation, role: str = Role.EDITOR, email: str | None = None
) -> User:
    user = make_user(email or f"{role}@{organisation.slug}.example")
    organisation.add_member(user, role)
    return user


@pytest.fixture
def citizen(db) -> User:
    return make_user("citizen@example.org", display_name="Clara Citizen")


@pytest.fixture
def organisation(db) -> Organisation:
    return make_organisation("Stadt Musterstadt")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return make_organisation("Gemeinde Anderswo")


@pytest.fixture
def home(db):
    from cms.demo import home_page

    return home_page()
