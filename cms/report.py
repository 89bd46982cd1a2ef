"""The weighing report (Abwägungstabelle) for the council: its rows, the stored files built
by the queue for large procedures, and the views that hand it out.

The report's content is one list of rows from ``report_rows``; the PDF and DOCX writers in
``cms/report_documents.py`` only lay them out. A statement gives one row today; segments of
a statement can give one row each without the writers changing.
"""

import datetime
import logging
import re
import uuid
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beteiligung.queue import enqueue
from beteiligung.roles import Role, has_role, staff_view
from cms.procedures import ProcedurePage, StatementStatus
from cms.segments import CLOSING, StatementSegment

logger = logging.getLogger(__name__)

REPORT_ROLES = (Role.PLANNER,)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}


@dataclass
class ReportRow:
    topic: str
    reference: str
    submitter: str
    text: str
    response: str
    result: str
    plan_reference: str = ""


def submitter_name(statement, *, anonymised: bool) -> str:
    if anonymised:
        return statement.submitter_label()
    parts = [statement.agency_name, statement.name]
    return " – ".join(p for p in parts if p) or statement.submitter_label()


def anonymised_text(text: str, name: str) -> str:
    """The text as the anonymised report prints it. Letters sign off with the sender's name
    and often the address below the closing formula: that part is cut, and the submitter's
    name is blanked wherever else it appears."""
    text = CLOSING.sub("\n[…]", "\n" + text.replace("\r\n", "\n"))[1:]
    if name.strip():
        text = re.sub(re.escape(name.strip()), "[…]", text, flags=re.IGNORECASE)
    return text


def plan_reference(statement) -> str:
    document = statement.document.title if statement.document_id else ""
    return ", ".join(p for p in (document, statement.section) if p)


def report_rows(procedure: ProcedurePage, *, anonymised: bool) -> list[ReportRow]:
    """Every submitted statement as a row, ordered by topic (those without one last) and
    then by the order of arrival. The anonymised rows name only the kind of submitter (or
    the agency, which speaks in public)."""
    statements = (
        procedure.statements.submitted()
        .select_related("document")
        .only(
            "id",
            "submitted_at",
            "topic",
            "text",
            "response",
            "result",
            "submitter_kind",
            "agency_name",
            "name",
            "section",
            "document__title",
            "procedure_id",
        )
        .order_by("submitted_at", "id")
    )
    segments_by_statement: dict[int, list] = {}
    for segment in StatementSegment.objects.filter(statement__procedure=procedure).select_related(
        "document"
    ):
        segments_by_statement.setdefault(segment.statement_id, []).append(segment)
    rows = []
    for s in statements.iterator(chunk_size=2000):
        submitter = submitter_name(s, anonymised=anonymised)
        segments = segments_by_statement.get(s.pk)
        if not segments:
            rows.append(
                ReportRow(
                    topic=s.topic,
                    reference=s.reference,
                    submitter=submitter,
                    text=anonymised_text(s.text, s.name) if anonymised else s.text,
                    response=s.response,
                    result=s.get_result_display() if s.result else "",
                    plan_reference=plan_reference(s),
                )
            )
            continue
        # A statement split into segments is weighed segment by segment: each is a row under
        # its own topic, numbered as in the weighing table (ST-…/1, ST-…/2).
        for number, segment in enumerate(segments, start=1):
            passage = s.text[segment.start : segment.end]
            rows.append(
                ReportRow(
                    topic=segment.topic or s.topic,
                    reference=f"{s.reference}/{number}",
                    submitter=submitter,
                    text=anonymised_text(passage, s.name) if anonymised else passage,
                    response=segment.response,
                    result=segment.get_result_display() if segment.result else "",
                    plan_reference=plan_reference(segment),
                )
            )
    rows.sort(key=lambda row: (row.topic == "", row.topic.casefold()))
    return rows


def rows_by_topic(rows: list[ReportRow]) -> list[tuple[str, list[ReportRow]]]:
    without = gettext("Without topic")
    return [(topic or without, list(group)) for topic, group in groupby(rows, lambda r: r.topic)]


@dataclass
class ReportMeta:
    title: str
    organisation: object
    date: str
    status: str
    anonymised: bool
    count: int


def report_meta(procedure: ProcedurePage, *, anonymised: bool, count: int) -> ReportMeta:
    from django.utils import formats

    return ReportMeta(
        title=procedure.title,
        organisation=procedure.organisation,
        date=formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        status=str(procedure.status().label),
        anonymised=anonymised,
        count=count,
    )


def build_report(procedure: ProcedurePage, fmt: str, *, anonymised: bool) -> bytes:
    """The report as PDF or DOCX bytes, always in the portal's language (the council's)."""
    from cms import report_documents

    with translation.override(settings.LANGUAGE_CODE):
        rows = report_rows(procedure, anonymised=anonymised)
        meta = report_meta(procedure, anonymised=anonymised, count=len(rows))
        sections = rows_by_topic(rows)
        if fmt == "pdf":
            return report_documents.report_pdf(meta, sections)
        return report_documents.report_docx(meta, sections)


# Stored files ------------------------------------------------------------------------


class ReportKind(models.TextChoices):
    PDF = "pdf", _("Weighing report (PDF)")
    DOCX = "docx", _("Weighing report (DOCX)")
    LETTERS = "letters", _("Final notices by letter (ZIP of PDFs)")


class ReportFileStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def report_path(instance: "ReportFile", filename: str) -> str:
    # Unguessable: the files are handed out only through a permission check.
    return f"reports/{uuid.uuid4().hex}-{filename}"


class ReportFileQuerySet(models.QuerySet):
    def public_report(self, procedure: ProcedurePage) -> "ReportFile | None":
        return (
            self.filter(procedure=procedure, public=True, status=ReportFileStatus.READY)
            .order_by("-created_at")
            .first()
        )


class QueuedFile(models.Model):
    """A file the queue builds on a click and staff download later (weighing reports,
    survey exports): who asked, when, and how far the build is. Subclasses add ``file``
    and ``delete_after``."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportFileStatus.choices,
        default=ReportFileStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    def delete_with_file(self) -> None:
        if self.file:
            self.file.delete(save=False)
        self.delete()

    @classmethod
    def delete_expired(cls, today: datetime.date | None = None) -> int:
        """Delete the files whose ``delete_after`` has passed; returns how many."""
        count = 0
        for expired in cls.objects.filter(delete_after__lt=today or timezone.localdate()):
            expired.delete_with_file()
            count += 1
        return count


class ReportFile(QueuedFile):
    """A report or the letters built by the queue; named reports and letters hold personal
    data and are deleted after ``CMS_REPORT_KEEP_DAYS``."""

    procedure = models.ForeignKey(
        ProcedurePage,
        on_delete=models.CASCADE,
        related_name="report_files",
        verbose_name=_("procedure"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    anonymised = models.BooleanField(_("anonymised"), default=True)
    public = models.BooleanField(
        _("public"), default=False, help_text=_("Linked from the published result.")
    )
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    delete_after = models.DateField(_("delete after"), null=True, blank=True)

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.procedure_id}"

    @property
    def extension(self) -> str:
        return "zip" if self.kind == ReportKind.LETTERS else self.kind

    @property
    def download_name(self) -> str:
        if self.kind == ReportKind.LETTERS:
            return f"schlussmitteilungen-{self.procedure.slug}.zip"
        suffix = "" if self.anonymised else "-mit-namen"
        return f"abwaegungsbericht-{self.procedure.slug}{suffix}.{self.kind}"

    @classmethod
    def request(
        cls, procedure: ProcedurePage, kind: str, *, anonymised: bool, user=None, public=False
    ) -> "ReportFile":
        """Record the wish and let the queue build the file once this transaction commits."""
        keep = None if public else timezone.localdate() + keep_days()
        report = cls.objects.create(
            procedure=procedure,
            kind=kind,
            anonymised=anonymised,
            public=public,
            requested_by=user if user is not None and user.is_authenticated else None,
            delete_after=keep,
        )
        enqueue("cms.tasks.build_report_file", report.pk)
        return report

    def build(self) -> None:
        procedure = ProcedurePage.objects.select_related("organisation").get(pk=self.procedure_id)
        try:
            content = build_report(procedure, self.kind, anonymised=self.anonymised)
        except Exception:
            ReportFile.objects.filter(pk=self.pk).update(status=ReportFileStatus.FAILED)
            raise
        self.store(content)

    def store(self, content: bytes) -> None:
        self.file.save(f"{self.procedure.slug}.{self.extension}", ContentFile(content), save=False)
        self.status = ReportFileStatus.READY
        self.finished_at = timezone.now()
        self.save(update_fields=["file", "status", "finished_at"])
        if self.public:
            # Only the newest public report is linked; older ones go.
            older = ReportFile.objects.filter(
                procedure_id=self.procedure_id, public=True, created_at__lt=self.created_at
            )
            for report in older:
                report.delete_with_file()


def keep_days() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CMS_REPORT_KEEP_DAYS)


def delete_expired_report_files() -> int:
    return ReportFile.delete_expired()


# Views -------------------------------------------------------------------------------


def can_report(user, procedure: ProcedurePage) -> bool:
    return has_role(user, procedure.organisation, *REPORT_ROLES)


def reportable_procedure(request: HttpRequest, page_id: int) -> ProcedurePage:
    procedure = get_object_or_404(ProcedurePage.objects.select_related("organisation"), pk=page_id)
    if not can_report(request.user, procedure):
        raise PermissionDenied
    return procedure


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view
def report_download(request: HttpRequest, page_id: int, fmt: str) -> HttpResponse:
    """The report itself for small procedures; for large ones the queue builds it and the
    weighing table links it when it is ready."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    procedure = reportable_procedure(request, page_id)
    anonymised = request.GET.get("namen") != "1"
    if not anonymised:
        # Names of every submitter leave the portal: who took them, and when.
        logger.warning(
            "Named weighing report (%s) of procedure %s requested by user %s",
            fmt,
            procedure.pk,
            request.user.pk,
        )
    count = procedure.statements.submitted().count()
    if count > settings.CMS_REPORT_TASK_THRESHOLD:
        waiting = ReportFile.objects.filter(
            procedure=procedure,
            kind=fmt,
            anonymised=anonymised,
            public=False,
            status=ReportFileStatus.PENDING,
        )
        # A second click while the queue works adds no second build.
        if not waiting.exists():
            with transaction.atomic():
                ReportFile.request(procedure, fmt, anonymised=anonymised, user=request.user)
        messages.info(
            request,
            gettext(
                "The report is being prepared … It appears below “Weighing report” on this "
                "page when it is ready."
            ),
        )
        return redirect(reverse("cms_weighing:table", args=[procedure.pk]) + "#bericht")
    report = ReportFile(procedure=procedure, kind=fmt, anonymised=anonymised)
    return _attachment(
        build_report(procedure, fmt, anonymised=anonymised),
        report.download_name,
        CONTENT_TYPES[fmt],
    )


@staff_view
def report_file(request: HttpRequest, file_id: int) -> FileResponse:
    report = get_object_or_404(
        ReportFile.objects.select_related("procedure__organisation"),
        pk=file_id,
        status=ReportFileStatus.READY,
    )
    if not can_report(request.user, report.procedure):
        raise PermissionDenied
    if not report.anonymised or report.kind == ReportKind.LETTERS:
        logger.warning(
            "Report file %s (%s, with names) of procedure %s downloaded by user %s",
            report.pk,
            report.kind,
            report.procedure_id,
            request.user.pk,
        )
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.download_name,
        content_type=CONTENT_TYPES[report.extension],
    )
    response["Cache-Control"] = "private, no-store"
    return response


def public_report(request: HttpRequest, page_id: int) -> FileResponse:
    """The anonymised report of a published result, for everyone."""
    procedure = get_object_or_404(ProcedurePage.objects.live().public(), pk=page_id)
    report = ReportFile.objects.public_report(procedure) if procedure.shows_results() else None
    if report is None:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=False,
        filename=report.download_name,
        content_type=CONTENT_TYPES["pdf"],
    )


def weighing_report_files(user, procedure: ProcedurePage) -> dict:
    """What the weighing table's report box shows (``cms/report/weighing_links.html``)."""
    if not can_report(user, procedure):
        return {"allowed": False}
    files = list(
        ReportFile.objects.filter(procedure=procedure, public=False).select_related("requested_by")[
            :20
        ]
    )
    return {
        "allowed": True,
        "files": files,
        "pending": any(f.status == ReportFileStatus.PENDING for f in files),
        "weighed": procedure.statements.filter(status=StatementStatus.WEIGHED).count(),
    }
