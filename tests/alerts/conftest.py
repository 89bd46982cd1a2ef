"""Builders for alerts: a procedure with a planning area (tests/cms/conftest.py), follows of
each kind, and a helper that runs the scheduled scan as the cluster does."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from alerts import services
from alerts.models import FollowKind, Frequency, Subscription
from tests.cms.conftest import AREA, INSIDE, OUTSIDE, make_procedure  # noqa: F401

HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def follow(kind: str, *, user=None, email: str = "", frequency=Frequency.IMMEDIATE, **target):
    subscription = Subscription(
        kind=kind,
        user=user,
        email=email,
        frequency=frequency,
        confirmed_at=timezone.now(),
        **target,
    )
    subscription.save()
    return subscription


def follow_area(latitude: str, longitude: str, radius_km: int = 5, **fields):
    return follow(
        FollowKind.AREA,
        place="Darmstadt",
        latitude=latitude,
        longitude=longitude,
        radius_km=radius_km,
        **fields,
    )


def run_alerts(django_capture_on_commit_callbacks, now=None) -> list:
    """One scheduled run (collect and dispatch) with its mails sent; returns those mails."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.collect_and_dispatch(now)
    return list(mail.outbox)
