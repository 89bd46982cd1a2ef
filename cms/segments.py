"""Formal weighing beyond one statement at a time: statements split into segments (each
weighed on its own) and groups of identical statements (mass statements, weighed once).

Statements from every channel (online, letter, e-mail, agency, in person) share one table;
the channel and "late" live on ``Statement`` itself (cms/procedures.py).
"""

import datetime
import hashlib
import re

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.procedures import ConsiderationResult, Statement, StatementStatus

# § 3 (2) BauGB: with more than 100 statements of the same content the result may be
# published instead of told to each sender.
PUBLIC_NOTICE_THRESHOLD = 100


class GroupMethod(models.TextChoices):
    IDENTICAL = "identical", _("Identical text")
    # Campaign letters varied by their senders (assist/grouping.py); identical groups among
    # them sit inside the near group as its subgroups.
    NEAR = "near", _("Nearly identical text")


# Salutations open a letter, closings end it and are followed only by the name.
SALUTATION = re.compile(
    r"^\s*(sehr\s+geehrte[rs]?|liebe[rs]?|hallo|guten\s+tag|dear)\b[^\n]*\n", re.IGNORECASE
)
CLOSING = re.compile(
    r"\n\s*(mit\s+freundlichen\s+gr(ü|ue)(ß|ss)en|freundliche\s+gr(ü|ue)(ß|ss)e|viele\s+gr(ü|ue)(ß|ss)e"
    r"|beste\s+gr(ü|ue)(ß|ss)e|hochachtungsvoll|mfg|kind\s+regards)\b.*\Z",
    re.IGNORECASE | re.DOTALL,
)


def normalised_text(text: str) -> str:
    """The text as far as a campaign letter's copies share it: without the salutation line,
    without the closing formula and the name below it, whitespace collapsed, case folded."""
    text = text.replace("\r\n", "\n").strip() + "\n"
    text = SALUTATION.sub("", text, count=1)
    text = CLOSING.sub("", "\n" + text)
    return " ".join(text.split()).casefold()


def text_key(text: str) -> str:
    return hashlib.sha256(normalised_text(text).encode()).hexdigest()


class StatementGroup(models.Model):
    """Statements treated as one for the weighing. ``method`` says how they were found, so
    other ways of grouping (near-duplicates) can join later without a new model."""

    procedure = models.ForeignKey(
        "cms.ProcedurePage",
        on_delete=models.CASCADE,
        related_name="statement_groups",
        verbose_name=_("procedure"),
    )
    method = models.CharField(
        _("grouped by"), max_length=20, choices=GroupMethod.choices, default=GroupMethod.IDENTICAL
    )
    key = models.CharField(
        _("key"),
        max_length=64,
        help_text=_("Hash of the normalised text, or a random key for a near-duplicate group."),
    )
    # An identical group is exact and stays one; when its text is also a near-duplicate of
    # others, it sits inside their near group (one level only).
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subgroups",
        verbose_name=_("part of"),
    )
    public_notice = models.BooleanField(
        _("public notice instead of individual notice"),
        default=False,
        help_text=_(
            "§ 3 (2) BauGB: with more than 100 identical statements the result is published; "
            "members get no individual notice."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement group")
        verbose_name_plural = _("statement groups")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "method", "key"], name="statement_group_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"G-{self.pk}"

    def members(self):
        """The group's statements, with those of its identical subgroups."""
        return (
            Statement.objects.filter(models.Q(group=self) | models.Q(group__parent=self))
            .exclude(status="draft")
            .order_by("submitted_at", "id")
        )

    def may_publish_instead(self, count: int | None = None) -> bool:
        count = self.members().count() if count is None else count
        return count > PUBLIC_NOTICE_THRESHOLD

    def weigh(self, **changes) -> int:
        """The same decision for every member; returns how many were changed."""
        from beteiligung.page_cache import invalidate_page

        changed = self.members().update(**changes)
        # An update sends no signal: the procedure page may show these results.
        invalidate_page(self.procedure_id)
        return changed


def group_identical(statement) -> "StatementGroup | None":
    """Put a submitted statement into the group of statements with the same text, creating
    the group when a second statement of that text arrives."""
    key = statement.text_key or text_key(statement.text)
    if statement.text_key != key:
        statement.text_key = key
        Statement.objects.filter(pk=statement.pk).update(text_key=key)
    with transaction.atomic():
        group = StatementGroup.objects.filter(
            procedure_id=statement.procedure_id, method=GroupMethod.IDENTICAL, key=key
        ).first()
        if group is None:
            twins = (
                Statement.objects.submitted()
                .filter(procedure_id=statement.procedure_id, text_key=key)
                .exclude(pk=statement.pk)
            )
            if not twins.exists():
                return None
            group, _created = StatementGroup.objects.get_or_create(
                procedure_id=statement.procedure_id, method=GroupMethod.IDENTICAL, key=key
            )
            # A twin already placed among near-duplicates brings the new identical group
            # into that near group.
            near = (
                twins.filter(group__method=GroupMethod.NEAR).values_list("group", flat=True).first()
            )
            if near is not None and group.parent_id is None:
                group.parent_id = near
                group.save(update_fields=["parent"])
            twins.filter(
                models.Q(group__isnull=True) | models.Q(group__method=GroupMethod.NEAR)
            ).update(group=group)
        Statement.objects.filter(pk=statement.pk).update(group=group)
        statement.group = group
        # Identical texts share a planner's decision to keep them out of suggested groups.
        if group.statements.filter(kept_apart=True).exists():
            group.statements.update(kept_apart=True)
            statement.kept_apart = True
            if group.parent_id is not None:
                group.parent_id = None
                group.save(update_fields=["parent"])
    return group


def group_all(procedure_id: int | None = None) -> int:
    """Group the statements already there (for the command and the demo); returns the
    number of statements in a group."""
    statements = Statement.objects.submitted().filter(group__isnull=True)
    if procedure_id is not None:
        statements = statements.filter(procedure_id=procedure_id)
    # Keys first, so the first statement of a text already finds its later twins.
    for pk, text in statements.filter(text_key="").values_list("pk", "text").iterator():
        Statement.objects.filter(pk=pk).update(text_key=text_key(text))
    for statement in statements.order_by("id").iterator():
        if not Statement.objects.filter(pk=statement.pk, group__isnull=True).exists():
            continue  # grouped meanwhile as the twin of an earlier one
        group_identical(statement)
    grouped = Statement.objects.submitted().filter(group__isnull=False)
    if procedure_id is not None:
        grouped = grouped.filter(procedure_id=procedure_id)
    return grouped.count()


def received_late(procedure, received: datetime.datetime) -> bool:
    """After the participation phase ended. An entered letter carries only a date: a
    letter received on the phase's last day counts as in time."""
    phase = procedure.participation_phase()
    if phase is None:
        return False
    local = timezone.localtime(received)
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start_of_day >= phase.end


class StatementSegment(models.Model):
    """A passage of a statement, weighed on its own."""

    statement = models.ForeignKey(
        "cms.Statement",
        on_delete=models.CASCADE,
        related_name="segments",
        verbose_name=_("statement"),
    )
    start = models.PositiveIntegerField(_("from character"))
    end = models.PositiveIntegerField(_("to character"))
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    document = models.ForeignKey(
        "cms.ProcedureDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="segments",
        verbose_name=_("document"),
    )
    section = models.CharField(_("section or page"), max_length=200, blank=True)
    response = models.TextField(_("proposed response"), blank=True, max_length=20000)
    result = models.CharField(
        _("consideration result"),
        max_length=20,
        choices=ConsiderationResult.choices,
        blank=True,
    )

    class Meta:
        ordering = ["statement", "start", "id"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="segment_not_empty"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def number(self) -> int:
        ordered = list(self.statement.segments.values_list("pk", flat=True))
        return ordered.index(self.pk) + 1 if self.pk in ordered else len(ordered) + 1

    @property
    def reference(self) -> str:
        return f"{self.statement.reference}/{self.number}"

    @property
    def text(self) -> str:
        return self.statement.text[self.start : self.end]

    @property
    def weighed(self) -> bool:
        return bool(self.result)


def derived_result(results: list[str]) -> str:
    """The statement's result from its segments' results: all the same → that one; "noted"
    gives way to any decision beside it; any other mix → partly accepted."""
    decided = {r for r in results if r}
    if len(decided) > 1:
        decided.discard(ConsiderationResult.NOTED)
    if len(decided) == 1:
        return decided.pop()
    return ConsiderationResult.PARTLY_ACCEPTED if decided else ""


def follow_segments(statement) -> None:
    """Carry the segments' weighing up to the statement: weighed when every segment is, its
    result derived, its response the segments' responses in order (what notices and the
    report read)."""
    segments = list(statement.segments.select_related("document").order_by("start", "id"))
    if not segments:
        return
    results = [s.result for s in segments]
    if all(results):
        statement.status = StatementStatus.WEIGHED
        statement.result = derived_result(results)
    else:
        if statement.status == StatementStatus.WEIGHED:
            statement.status = StatementStatus.IN_REVIEW
        statement.result = ""
    parts = []
    for number, segment in enumerate(segments, start=1):
        if segment.response.strip():
            heading = gettext("On section %(number)d") % {"number": number}
            if segment.topic:
                heading += f" ({segment.topic})"
            parts.append(f"{heading}: {segment.response.strip()}")
    statement.response = "\n\n".join(parts)
    statement.save(update_fields=["status", "result", "response"])


def text_chunks(text: str, segments) -> list[dict]:
    """The statement text cut at its segments, to mark them while keeping the text exact
    (the page's selection offsets count in it)."""
    chunks, position = [], 0
    for number, segment in enumerate(sorted(segments, key=lambda s: s.start), start=1):
        if segment.start > position:
            chunks.append({"text": text[position : segment.start], "number": None})
        chunks.append({"text": text[segment.start : segment.end], "number": number})
        position = max(position, segment.end)
    if position < len(text):
        chunks.append({"text": text[position:], "number": None})
    return chunks
