"""The final notice (Schlussmitteilung): once the result is published, every submitter learns
how their statements were weighed — by e-mail, or by a letter for those who gave a postal
address and no e-mail. Nobody gets a notice twice: each statement is claimed
(``notified_at``) in the same transaction that writes the mail to the outbox or the letter
to its file.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beteiligung.emails import queue_email
from beteiligung.queue import enqueue
from cms.procedures import ConsiderationResult, ProcedurePage, Statement, StatementStatus
from cms.report import ReportFile, ReportKind

EXCERPT_CHARS = 300

RESULT_WORDS = {
    ConsiderationResult.ACCEPTED: _(
        "Your suggestion is taken into account; the plan is changed accordingly."
    ),
    ConsiderationResult.PARTLY_ACCEPTED: _(
        "Your suggestion is partly taken into account; the response explains which part."
    ),
    ConsiderationResult.NOT_ACCEPTED: _(
        "Your suggestion is not taken into account; the response gives the reasons."
    ),
    ConsiderationResult.NOTED: _(
        "Your statement was noted; it does not call for a change to the plan."
    ),
}


@dataclass
class NoticeItem:
    """One statement in a notice, with what the submitter needs to read about it."""

    reference: str
    excerpt: str
    response: str
    result: str
    result_words: str


def notice_item(statement: Statement) -> NoticeItem:
    return NoticeItem(
        reference=statement.reference,
        excerpt=Truncator(statement.text).chars(EXCERPT_CHARS),
        response=statement.response,
        result=statement.get_result_display(),
        result_words=str(RESULT_WORDS.get(statement.result, "")),
    )


def publish_results(procedure: ProcedurePage, *, user=None) -> None:
    """What publishing the result sets going: the notices and the public anonymised report
    (both by the queue, once the publication has committed)."""
    enqueue("cms.tasks.send_final_notices", procedure.pk)
    ReportFile.request(procedure, ReportKind.PDF, anonymised=True, public=True, user=user)


def result_url(procedure: ProcedurePage) -> str:
    return f"{settings.SITE_URL}{procedure.url}#results-heading"


def report_url(procedure: ProcedurePage) -> str:
    return settings.SITE_URL + reverse("cms:public_report", args=[procedure.pk])


def _claim(ids: list[int], now) -> list[Statement]:
    """Mark the statements as notified unless another run already did; those claimed."""
    Statement.objects.filter(pk__in=ids, notified_at__isnull=True).update(notified_at=now)
    return list(
        Statement.objects.filter(pk__in=ids, notified_at=now)
        .select_related("document")
        .order_by("submitted_at", "id")
    )


@dataclass
class NoticeSummary:
    emails: int = 0
    letters: int = 0


def send_final_notices(procedure: ProcedurePage) -> NoticeSummary:
    """One e-mail per e-mail address, one letter per postal address without e-mail, each
    covering every weighed statement of that submitter not yet reported back."""
    # Members of a group whose result is published instead (§ 3 (2) BauGB) get no notice.
    pending = (
        procedure.statements.filter(
            status=StatementStatus.WEIGHED, notified_at__isnull=True, personal_data_erased_at=None
        )
        .exclude(group__public_notice=True)
        .order_by("submitted_at", "id")
    )
    by_email: dict[str, list[int]] = {}
    by_address: dict[tuple[str, str], list[int]] = {}
    for pk, email, name, address in pending.values_list("pk", "email", "name", "postal_address"):
        if email:
            by_email.setdefault(email.strip().lower(), []).append(pk)
        elif address.strip():
            key = (name.strip(), " ".join(address.split()).lower())
            by_address.setdefault(key, []).append(pk)

    summary = NoticeSummary()
    context = {
        "procedure": procedure,
        "result_url": result_url(procedure),
        "report_url": report_url(procedure) if procedure.statements_public else "",
    }
    for ids in by_email.values():
        with transaction.atomic():
            statements = _claim(ids, timezone.now())
            if not statements:
                continue
            queue_email(
                "cms/final_notice",
                [statements[0].email],
                {
                    **context,
                    "name": statements[0].name,
                    "items": [notice_item(s) for s in statements],
                },
                language=settings.LANGUAGE_CODE,
            )
            summary.emails += 1
    if by_address:
        summary.letters = _write_letters(procedure, list(by_address.values()), context)
    return summary


def _write_letters(procedure: ProcedurePage, groups: list[list[int]], context: dict) -> int:
    """All letters of this run in one ZIP (one PDF per submitter) for staff to print."""
    from cms.report_documents import letter_pdf

    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        now = timezone.now()
        buffer = io.BytesIO()
        count = 0
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for ids in groups:
                statements = _claim(ids, now)
                if not statements:
                    continue
                first = statements[0]
                pdf = letter_pdf(
                    organisation=procedure.organisation,
                    recipient=[first.name, *first.postal_address.splitlines()],
                    subject=gettext("Result of the weighing: %(title)s")
                    % {"title": procedure.title},
                    date=formats.date_format(timezone.localdate(now), "DATE_FORMAT"),
                    blocks=letter_blocks(procedure, first.name, statements, context),
                )
                count += 1
                archive.writestr(f"{count:04d}-{first.reference}.pdf", pdf)
        if count:
            report = ReportFile.objects.create(
                procedure=procedure,
                kind=ReportKind.LETTERS,
                anonymised=False,
                delete_after=timezone.localdate() + _keep(),
            )
            report.store(buffer.getvalue())
        return count


def _keep():
    from cms.report import keep_days

    return keep_days()


def letter_blocks(procedure, name: str, statements, context: dict) -> list[tuple[str, str]]:
    greeting = gettext("Dear %(name)s,") % {"name": name} if name else gettext("Dear Sir or Madam,")
    blocks = [
        ("p", greeting),
        (
            "p",
            gettext(
                "in the procedure %(title)s the planning authority has weighed the statements "
                "and published the result. This is how your statements were weighed."
            )
            % {"title": procedure.title},
        ),
    ]
    for s in statements:
        item = notice_item(s)
        blocks += [
            ("h", gettext("Your statement %(reference)s") % {"reference": item.reference}),
            ("p", gettext("Excerpt: %(excerpt)s") % {"excerpt": item.excerpt}),
            ("p", f"{gettext('Result')}: {item.result}. {item.result_words}"),
            ("p", f"{gettext('Response')}: {item.response}"),
        ]
    blocks.append(
        (
            "p",
            gettext("The full result can be read at %(url)s.")
            % {"url": settings.SITE_URL + procedure.url},
        )
    )
    blocks += [("p", gettext("Yours sincerely")), ("p", procedure.organisation.name)]
    return blocks
