"""Tasks of the core, run by the django-q2 cluster. Each one is thin: load, call, done."""

from django.utils import timezone

from beteiligung.emails import deliver


def deliver_email(subject, text, html, to, attachments=(), headers=None) -> int:
    return deliver(subject, text, html, to, attachments, headers)


def erase_expired_accessibility_feedback() -> int:
    from beteiligung.models import AccessibilityFeedback

    today = timezone.localdate()
    deleted, _ = AccessibilityFeedback.objects.filter(delete_after__lt=today).delete()
    return deleted
