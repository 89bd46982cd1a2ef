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


def test_reports_never_confirmed_by_email_are_deleted_after_30_days(category):
    from django.core.files.base import ContentFile

    from maps.models import Report, ReportPhoto
    from maps.tasks import delete_unconfirmed_reports
    from tests.maps.conftest import image_bytes

    old = timezone.now() - datetime.timedelta(days=31)
    abandoned = make_report(
        category, published=False, reporter_email="x@example.org", created_at=old
    )
    photo = ReportPhoto(report=abandoned)
    photo.image.save("p.jpg", ContentFile(image_bytes()), save=True)
    path = photo.image.path
    recent = make_report(category, published=False, reporter_email="y@example.org")
    waiting_for_review = make_report(category, published=False, created_at=old)
    confirmed = make_report(category, reporter_email="z@example.org", created_at=old)
    confirmed.confirm()

    assert delete_unconfirmed_reports() == 1
    assert set(Report.objects.values_list("pk", flat=True)) == {
        recent.pk,
        waiting_for_review.pk,
        confirmed.pk,
    }
    import os

    assert not os.path.exists(path)
