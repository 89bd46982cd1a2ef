"""Tasks of the incident reporter, run by the django-q2 cluster."""

from django.utils import timezone


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
