"""One way to send e-mail: render a subject/text/html template triplet, deliver from a task.

``queue_email`` renders now (in the user's language, with the request's data) and hands the
finished message to the task queue once the surrounding transaction has committed, so a
slow or broken mail server never loses what the user submitted.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from beteiligung.queue import enqueue


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


def queue_message(message: RenderedEmail) -> None:
    if not message.to:
        return
    enqueue(
        "beteiligung.tasks.deliver_email",
        message.subject,
        message.text,
        message.html,
        message.to,
        [(a.filename, a.content, a.mimetype) for a in message.attachments],
        message.headers,
    )


def deliver(
    subject: str,
    text: str,
    html: str,
    to: list[str],
    attachments: list[tuple] = (),
    headers: dict | None = None,
) -> int:
    email = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, headers=headers or {}
    )
    if html:
        email.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        email.attach(filename, content, mimetype)
    return email.send()
