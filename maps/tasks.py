"""Tasks of the incident reporter, run by the django-q2 cluster."""

import datetime

from django.utils import timezone

UNCONFIRMED_DAYS = 30


def erase_expired_reporter_data() -> int:
    """Erase the reporter's name and e-mail once a closed report's retention has passed."""
    from maps.models import Report, ReportSupport

    today = timezone.localdate()
    expired = Report.objects.filter(delete_after__lt=today)
    count = 0
    for report in expired.only("pk", "delete_after"):
        report.erase_reporter_data()
        count += 1
    # Who supported a closed report no longer matters; the count stays on the report.
    ReportSupport.objects.filter(
        report__closed_at__isnull=False, report__delete_after__isnull=True
    ).delete()
    return count


def delete_unconfirmed_reports() -> int:
    """Reports whose e-mail link was never used are dropped after 30 days, photos included."""
    from maps.models import Report

    cutoff = timezone.now() - datetime.timedelta(days=UNCONFIRMED_DAYS)
    abandoned = Report.objects.filter(
        confirmed_at__isnull=True, published=False, created_at__lt=cutoff
    ).exclude(reporter_email="")
    count = 0
    for report in abandoned.prefetch_related("photos"):
        for photo in report.photos.all():
            photo.image.delete(save=False)
        report.delete()
        count += 1
    return count
