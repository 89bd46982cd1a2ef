"""The reporter's name and e-mail are erased a set number of days after closing."""

import datetime

import pytest
from django.utils import timezone
from django_q.models import Schedule

from maps.models import ReportStatus, ReportSupport
from maps.tasks import erase_expired_reporter_data
from tests.maps.conftest import make_report

pytestmark = pytest.mark.django_db


def test_closing_sets_the_deletion_date_from_the_category(category):
    category.retention_days = 14
    category.save()
    report = make_report(category, reporter_email="a@example.org")
    report.set_status(ReportStatus.CLOSED_REJECTED)
    assert report.delete_after == timezone.localdate() + datetime.timedelta(days=14)
    report.set_status(ReportStatus.IN_PROGRESS)
    assert report.delete_after is None


def test_the_task_erases_expired_reporter_data_only(category, citizen):
    expired = make_report(
        category,
        reporter_email="old@example.org",
        reporter_name="Old",
        status=ReportStatus.RESOLVED,
        closed_at=timezone.now(),
        delete_after=timezone.localdate() - datetime.timedelta(days=1),
    )
    ReportSupport.objects.create(report=expired, user=citizen)
    kept = make_report(
        category,
        reporter_email="new@example.org",
        status=ReportStatus.RESOLVED,
        delete_after=timezone.localdate() + datetime.timedelta(days=5),
    )
    assert erase_expired_reporter_data() == 1
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert (expired.reporter_email, expired.reporter_name, expired.notify) == ("", "", False)
    assert not ReportSupport.objects.filter(report=expired).exists()
    assert kept.reporter_email == "new@example.org"


def test_the_task_is_scheduled_daily():
    from beteiligung.signals import sync_schedules

    sync_schedules()
    schedule = Schedule.objects.get(func="maps.tasks.erase_expired_reporter_data")
    assert schedule.schedule_type == Schedule.DAILY
