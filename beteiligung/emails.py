"""One way to send e-mail: render a subject/text/html template triplet, send from the outbox.

``queue_email`` renders now (in the user's language, with the request's data) and writes the
finished message to the outbox (``OutboxEmail``) in the surrounding transaction. A task sends
it once the transaction has committed; the outbox sweep retries whatever is still unsent, so
a slow or broken mail server, or a killed worker, never loses a mail.
"""

import base64
import datetime
import logging
import uuid
from dataclasses import dataclass, field
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from beteiligung.models import OutboxEmail, OutboxStatus
from beteiligung.queue import enqueue

logger = logging.getLogger(__name__)


@dataclass
class Attachment:
    filename: str
    content: str | bytes
    mimetype: str


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str
    to: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def render_email(
    template: str, to: list[str], context: dict, language: str | None = None
) -> RenderedEmail:
    """Render ``emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html``."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    return RenderedEmail(subject=" ".join(subject.split()), text=text, html=html, to=list(to))


def queue_email(
    template: str,
    to: list[str],
    context: dict,
    attachments: list[Attachment] | None = None,
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    message = render_email(template, to, context, language)
    message.attachments = list(attachments or [])
    message.headers = dict(headers or {})
    queue_message(message)


def queue_message(message: RenderedEmail) -> OutboxEmail | None:
    """Write the message to the outbox inside the caller's transaction, then send it.

    The row commits (or rolls back) with whatever caused the mail. Once committed, a task
    tries to send it at once; if that task is lost (the Redis broker has no acknowledgement)
    or the mail server refuses, the outbox sweep (every minute) tries again with backoff.
    """
    if not message.to:
        return None
    email = OutboxEmail.objects.create(
        subject=message.subject,
        to=list(message.to),
        from_email=settings.DEFAULT_FROM_EMAIL,
        text=message.text,
        html=message.html,
        headers=dict(message.headers),
        attachments=[_stored(a) for a in message.attachments],
    )
    enqueue("beteiligung.tasks.send_outbox_email", email.pk)
    return email


def queue_messages(messages: list[RenderedEmail], batch: int = 1000) -> int:
    """Write many messages to the outbox at once (alerts to thousands of followers), inside
    the caller's transaction; one task per batch sends them once it has committed."""
    rows = [
        OutboxEmail(
            subject=m.subject,
            to=list(m.to),
            from_email=settings.DEFAULT_FROM_EMAIL,
            text=m.text,
            html=m.html,
            headers=dict(m.headers),
            attachments=[_stored(a) for a in m.attachments],
        )
        for m in messages
        if m.to
    ]
    for start in range(0, len(rows), batch):
        created = OutboxEmail.objects.bulk_create(rows[start : start + batch])
        ids = [row.pk for row in created if row.pk is not None]
        # One task per batch: a task costs far more to queue than a mail to send, and a
        # batch stays well inside the task timeout.
        if ids:
            enqueue("beteiligung.tasks.send_outbox_emails", ids)
        else:  # a database that returns no ids from bulk_create: the sweep sends them
            enqueue("beteiligung.tasks.sweep_outbox")
    return len(rows)


def _stored(attachment: Attachment) -> dict:
    content = attachment.content
    if isinstance(content, bytes):
        return {
            "filename": attachment.filename,
            "mimetype": attachment.mimetype,
            "content": base64.b64encode(content).decode("ascii"),
            "base64": True,
        }
    return {
        "filename": attachment.filename,
        "mimetype": attachment.mimetype,
        "content": content,
        "base64": False,
    }


def _attachment_part(filename: str, content: str | bytes, mimetype: str) -> MIMEBase | None:
    """A MIME part for a type with parameters (``text/calendar; method=REQUEST``), which
    Django's ``attach()`` cannot take; ``None`` lets Django build the part itself."""
    if ";" not in mimetype:
        return None
    main, _sep, params = mimetype.partition(";")
    maintype, _slash, subtype = main.strip().partition("/")
    if maintype == "text":
        text = content.decode() if isinstance(content, bytes) else content
        part = MIMEText(text, subtype, "utf-8")
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(content.encode() if isinstance(content, str) else content)
        encoders.encode_base64(part)
    for param in params.split(";"):
        key, _eq, value = param.strip().partition("=")
        if key:
            part.set_param(key, value.strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def build_message(
    subject: str,
    text: str,
    html: str,
    to: list[str],
    attachments=(),
    headers: dict | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject, text, from_email or settings.DEFAULT_FROM_EMAIL, to, headers=headers or {}
    )
    if html:
        email.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        part = _attachment_part(filename, content, mimetype)
        if part is None:
            email.attach(filename, content, mimetype)
        else:
            email.attach(part)
    return email


def deliver(
    subject: str,
    text: str,
    html: str,
    to: list[str],
    attachments: list[tuple] = (),
    headers: dict | None = None,
) -> int:
    """Send one message now, without the outbox (the outbox's sender uses this too)."""
    return build_message(subject, text, html, to, attachments, headers).send()


def _attachments_of(email: OutboxEmail) -> list[tuple]:
    return [
        (
            item["filename"],
            base64.b64decode(item["content"]) if item.get("base64") else item["content"],
            item["mimetype"],
        )
        for item in email.attachments
    ]


def send_outbox(
    pk: int | None = None, limit: int = 50, pks: list[int] | None = None
) -> dict[str, int]:
    """Claim due outbox mails (one by id, or a batch), send each, mark it sent or retry later.

    The window that makes this at-least-once and not exactly-once: between the mail server's
    "250 accepted" and the UPDATE that marks the row sent. A worker killed there leaves the row
    "sending"; after ``EMAIL_OUTBOX_LEASE_SECONDS`` the sweep sends it again.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    queryset = OutboxEmail.objects.all() if pk is None else OutboxEmail.objects.filter(pk=pk)
    if pks is not None:
        queryset = OutboxEmail.objects.filter(pk__in=pks)
        limit = len(pks)
    lease = datetime.timedelta(seconds=settings.EMAIL_OUTBOX_LEASE_SECONDS)
    claimed = queryset.claim(now=now, lease=lease, limit=limit, token=token)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not claimed:
        return counts
    connection = get_connection()
    try:
        for email in claimed:
            message = build_message(
                email.subject,
                email.text,
                email.html,
                email.to,
                _attachments_of(email),
                {**email.headers, "X-Outbox-ID": str(email.pk)},
                email.from_email,
            )
            message.connection = connection
            try:
                message.send()
            except Exception as error:  # noqa: BLE001 - any failure means: try again later
                status = email.mark_failed_attempt(
                    token,
                    f"{type(error).__name__}: {error}",
                    retry_after=retry_delay(email.attempts),
                    give_up_after=datetime.timedelta(days=settings.EMAIL_OUTBOX_GIVE_UP_DAYS),
                )
                counts["failed" if status == OutboxStatus.FAILED else "retry"] += 1
                logger.warning("Outbox mail %s not sent (%s): %s", email.pk, status, error)
                # The connection may be broken now; the next message opens a new one.
                connection.close()
            else:
                email.mark_sent(token)
                counts["sent"] += 1
    finally:
        connection.close()
    return counts


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: the base delay doubled per attempt, at most one hour."""
    base = settings.EMAIL_OUTBOX_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))
