"""Scheduled tasks: the reminder the day before, and erasing registrations after 30 days."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import services, tasks
from events.models import Registration
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def test_registrants_get_one_reminder_the_day_before(
    event_index, organisation, django_capture_on_commit_callbacks
):
    soon = make_event(
        event_index,
        organisation,
        registration_enabled=True,
        start=timezone.now() + datetime.timedelta(hours=20),
    )
    later = make_event(
        event_index, organisation, registration_enabled=True, title="Später", slug="spaeter"
    )
    anna = services.register(soon, name="Anna", email="anna@example.org")
    services.register(later, name="Ben", email="ben@example.org")
    cancelled = services.register(soon, name="Cleo", email="cleo@example.org")
    services.cancel(cancelled)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 1
    assert tasks.send_reminders() == 0

    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert anna.cancel_url() in mail.outbox[0].body
    anna.refresh_from_db()
    assert anna.reminded_at is not None


def test_registrations_are_erased_after_their_deletion_date(event):
    registration = services.register(event, name="Anna", email="anna@example.org")
    Registration.objects.filter(pk=registration.pk).update(
        delete_after=timezone.localdate() - datetime.timedelta(days=1)
    )
    services.register(event, name="Ben", email="ben@example.org")

    assert tasks.erase_expired_registrations() == 1
    assert list(Registration.objects.values_list("name", flat=True)) == ["Ben"]
