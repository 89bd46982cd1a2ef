"""Tasks of the core, run by the django-q2 cluster. Each one is thin: load, call, done."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from beteiligung.emails import deliver, send_outbox


def send_outbox_email(email_id: int) -> dict[str, int]:
    """Send one outbox mail right after the transaction that wrote it has committed."""
    return send_outbox(pk=email_id)


def send_outbox_emails(email_ids: list[int]) -> dict[str, int]:
    """Send a batch written by ``queue_messages`` (alerts), once it has committed."""
    return send_outbox(pks=list(email_ids))


def sweep_outbox() -> dict[str, int]:
    """Every minute: send what is still due (lost tasks, refused attempts, dead workers), and
    erase mails (they hold addresses and texts) EMAIL_OUTBOX_KEEP_DAYS after they were sent
    or given up on."""
    from beteiligung.models import OutboxEmail, OutboxStatus

    counts = send_outbox()
    cutoff = timezone.now() - datetime.timedelta(days=settings.EMAIL_OUTBOX_KEEP_DAYS)
    counts["erased"], _detail = OutboxEmail.objects.filter(
        Q(status=OutboxStatus.SENT, sent_at__lt=cutoff)
        | Q(status=OutboxStatus.FAILED, next_attempt_at__lt=cutoff)
    ).delete()
    return counts


def deliver_email(subject, text, html, to, attachments=(), headers=None) -> int:
    # Tasks queued before the outbox existed still carry the whole message; send those.
    return deliver(subject, text, html, to, attachments, headers)


def erase_expired_accessibility_feedback() -> int:
    from beteiligung.models import AccessibilityFeedback

    today = timezone.localdate()
    deleted, _ = AccessibilityFeedback.objects.filter(delete_after__lt=today).delete()
    return deleted


def erase_expired_identity_records() -> int:
    """Login records past their deletion date, and assertion IDs past their expiry."""
    from beteiligung.models import IdentityLogin, UsedAssertion

    deleted, _ = IdentityLogin.objects.filter(delete_after__lt=timezone.localdate()).delete()
    UsedAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
