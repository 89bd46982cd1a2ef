"""The weighing (Abwägung) in the Wagtail admin: planners and moderators of the procedure's
organisation examine every statement, answer it and export the table."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from beteiligung import exports
from beteiligung.models import User
from beteiligung.page_cache import invalidate_page
from beteiligung.roles import Role, has_role, organisations_for, staff_view
from cms import notices
from cms.answer_templates import AnswerTemplate
from cms.procedures import (
    Channel,
    ConsiderationResult,
    ProcedurePage,
    Statement,
    StatementAttachment,
    StatementStatus,
    SubmitterKind,
)
from cms.segments import (
    GroupMethod,
    StatementGroup,
    StatementSegment,
    follow_segments,
    group_identical,
    received_late,
    text_chunks,
)
from cms.signals import statement_submitted
from cms.statements import MultipleFileField, checked_uploads, send_receipt
from geo.areas import area_geometry

WEIGHING_ROLES = (Role.PLANNER, Role.MODERATOR)
PER_PAGE = 50


def can_weigh(user, procedure: ProcedurePage) -> bool:
    return has_role(user, procedure.organisation, *WEIGHING_ROLES)


def weighable_procedure(request: HttpRequest, page_id: int) -> ProcedurePage:
    procedure = get_object_or_404(ProcedurePage.objects.select_related("organisation"), pk=page_id)
    if not can_weigh(request.user, procedure):
        raise PermissionDenied
    return procedure


def weighers(procedure: ProcedurePage):
    return (
        User.objects.filter(
            groups__organisation_role__organisation=procedure.organisation_id,
            groups__organisation_role__role__in=WEIGHING_ROLES,
        )
        .distinct()
        .order_by("display_name", "email")
    )


class WeighingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))]
        + [c for c in StatementStatus.choices if c[0] != StatementStatus.DRAFT],
    )
    result = forms.ChoiceField(
        label=_("Consideration result"),
        required=False,
        choices=[("", _("All")), ("none", _("Not yet decided")), *ConsiderationResult.choices],
    )
    document = forms.ModelChoiceField(
        label=_("Document"), queryset=None, required=False, empty_label=_("All")
    )
    located = forms.ChoiceField(
        label=_("Location"),
        required=False,
        choices=[("", _("All")), ("yes", _("With location")), ("no", _("Without location"))],
    )
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Anyone")
    )
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    submitted_until = forms.DateField(
        label=_("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    q = forms.CharField(label=_("Text contains"), required=False, max_length=200)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    late = forms.ChoiceField(
        label=_("Received"),
        required=False,
        choices=[("", _("All")), ("no", _("In time")), ("yes", _("Late"))],
    )
    grouped = forms.ChoiceField(label=_("Groups"), required=False)
    group = forms.CharField(
        label=_("One group"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "G-12"}),
        help_text=_("Its reference, e.g. G-12."),
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("By date received")), ("group", _("Groups together, largest first"))],
    )

    def __init__(self, *args, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.fields["document"].queryset = procedure.documents.all()
        self.fields["assigned_to"].queryset = weighers(procedure)
        topics = (
            procedure.statements.exclude(topic="")
            .order_by("topic")
            .values_list("topic", flat=True)
            .distinct()
        )
        self.fields["topic"].choices = [("", _("All"))] + [(t, t) for t in topics]
        # Only the ways of grouping this procedure has groups of.
        labels = dict(GroupMethod.choices)
        methods = (
            procedure.statement_groups.order_by("method")
            .values_list("method", flat=True)
            .distinct()
        )
        self.fields["grouped"].choices = [
            ("", _("All")),
            ("yes", _("In any group")),
            ("no", _("In no group")),
            *[(m, _("Grouped by: %(method)s") % {"method": labels.get(m, m)}) for m in methods],
        ]

    def clean_group(self) -> StatementGroup | None:
        reference = self.cleaned_data["group"].strip().upper().removeprefix("G-").strip()
        if not reference:
            return None
        group = None
        if reference.isdigit() and len(reference) < 10:
            group = StatementGroup.objects.filter(
                pk=int(reference), procedure=self.procedure
            ).first()
        if group is None:
            raise forms.ValidationError(
                _("This procedure has no group %(reference)s.")
                % {"reference": self.cleaned_data["group"].strip()}
            )
        return group

    def apply(self, statements):
        if not self.is_valid():
            return statements
        data = self.cleaned_data
        if data["status"]:
            statements = statements.filter(status=data["status"])
        if data["result"] == "none":
            statements = statements.filter(result="")
        elif data["result"]:
            statements = statements.filter(result=data["result"])
        if data["document"]:
            statements = statements.filter(document=data["document"])
        if data["located"] == "yes":
            statements = statements.located()
        elif data["located"] == "no":
            statements = statements.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
        if data["assigned_to"]:
            statements = statements.filter(assigned_to=data["assigned_to"])
        if data["submitted_from"]:
            statements = statements.filter(submitted_at__date__gte=data["submitted_from"])
        if data["submitted_until"]:
            statements = statements.filter(submitted_at__date__lte=data["submitted_until"])
        if data["topic"]:
            statements = statements.filter(topic=data["topic"])
        if data["q"]:
            statements = statements.filter(text__icontains=data["q"])
        if data["channel"]:
            statements = statements.filter(channel=data["channel"])
        if data["late"]:
            statements = statements.filter(late=data["late"] == "yes")
        if data["grouped"] in ("yes", "no"):
            statements = statements.filter(group__isnull=data["grouped"] == "no")
        elif data["grouped"]:
            # An identical group inside a near group counts for both methods.
            statements = statements.filter(
                Q(group__method=data["grouped"]) | Q(group__parent__method=data["grouped"])
            )
        if data["group"]:
            statements = statements.filter(Q(group=data["group"]) | Q(group__parent=data["group"]))
        return statements

    def sorts_by_group(self) -> bool:
        return self.is_valid() and self.cleaned_data["sort"] == "group"


class WeighingForm(forms.ModelForm):
    answer_template = forms.ModelChoiceField(
        label=_("Answer template"),
        queryset=AnswerTemplate.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_(
            "Fills in the proposed response (and its usual result); you can then adapt the text."
        ),
    )

    field_order = ["status", "result", "answer_template", "response", "assigned_to", "topic"]

    class Meta:
        model = Statement
        fields = ["assigned_to", "topic", "status", "result", "response"]
        widgets = {"response": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = weighers(procedure)
        self.fields["answer_template"].queryset = AnswerTemplate.objects.for_organisation(
            procedure.organisation
        )
        self.fields["status"].choices = [
            c for c in StatementStatus.choices if c[0] != StatementStatus.DRAFT
        ]
        if self.instance.pk and self.instance.has_segments:
            # The segments decide status, result and response (cms.segments.follow_segments).
            for name in ("status", "result", "answer_template", "response"):
                del self.fields[name]
        self.order_fields(self.field_order)

    def clean(self) -> dict:
        data = super().clean()
        template = data.get("answer_template")
        if template is not None:
            # Without JavaScript the template fills what is still empty when the form is sent.
            if not (data.get("response") or "").strip():
                data["response"] = template.text
            if not data.get("result") and template.result:
                data["result"] = template.result
        if (
            "status" in self.fields
            and data.get("status") == StatementStatus.WEIGHED
            and not data.get("result")
        ):
            self.add_error("result", _("A weighed statement needs a consideration result."))
        return data


class SegmentForm(forms.ModelForm):
    """One passage of a statement: where it starts and ends, and its own weighing."""

    passage = forms.CharField(
        label=_("Passage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Select the passage in the statement text and press “Take over selection”, "
            "or paste it here, or give the first and last character."
        ),
    )
    answer_template = forms.ModelChoiceField(
        label=_("Answer template"),
        queryset=AnswerTemplate.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    class Meta:
        model = StatementSegment
        fields = ["start", "end", "topic", "document", "section", "result", "response"]
        widgets = {
            "response": forms.Textarea(attrs={"rows": 4}),
            "start": forms.NumberInput(attrs={"min": 0}),
            "end": forms.NumberInput(attrs={"min": 1}),
        }

    def __init__(self, *args, statement: Statement, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.statement = statement
        self.instance.statement = statement
        self.fields["start"].required = False
        self.fields["end"].required = False
        self.fields["document"].queryset = procedure.documents.all()
        self.fields["document"].empty_label = _("No particular document")
        self.fields["answer_template"].queryset = AnswerTemplate.objects.for_organisation(
            procedure.organisation
        )
        if self.instance.pk:
            del self.fields["passage"]
        self.order_fields(
            ["passage", "start", "end", "topic", "document", "section", "result"]
            + ["answer_template", "response"]
        )

    def clean(self) -> dict:
        data = super().clean()
        text = self.statement.text
        passage = (data.get("passage") or "").strip()
        start, end = data.get("start"), data.get("end")
        if passage and start is None and end is None:
            found = text.find(passage)
            if found < 0:
                self.add_error("passage", _("This passage does not occur in the statement text."))
                return data
            start, end = found, found + len(passage)
        if start is None or end is None:
            self.add_error(
                "start", _("Please select a passage or give its first and last character.")
            )
            return data
        if not 0 <= start < end <= len(text):
            self.add_error(
                "start",
                _("The passage must lie within the text (characters 0 to %(length)d).")
                % {"length": len(text)},
            )
            return data
        overlapping = self.statement.segments.filter(start__lt=end, end__gt=start)
        if self.instance.pk:
            overlapping = overlapping.exclude(pk=self.instance.pk)
        if overlapping.exists():
            self.add_error("start", _("The passage overlaps another segment."))
        data["start"], data["end"] = start, end
        template = data.get("answer_template")
        if template is not None:
            if not (data.get("response") or "").strip():
                data["response"] = template.text
            if not data.get("result") and template.result:
                data["result"] = template.result
        return data


class GroupWeighingForm(forms.Form):
    """One decision for every member of a group of identical statements."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in StatementStatus.choices if c[0] != StatementStatus.DRAFT],
    )
    result = forms.ChoiceField(
        label=_("Consideration result"),
        required=False,
        choices=[("", _("Not yet decided")), *ConsiderationResult.choices],
    )
    answer_template = forms.ModelChoiceField(
        label=_("Answer template"),
        queryset=AnswerTemplate.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    response = forms.CharField(
        label=_("Proposed response"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100)
    public_notice = forms.BooleanField(
        label=_("Public notice instead of individual notice"),
        required=False,
        help_text=_(
            "§ 3 (2) BauGB, for more than 100 identical statements: the result is published; "
            "the members get no individual notice."
        ),
    )

    def __init__(self, *args, procedure: ProcedurePage, group: StatementGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer_template"].queryset = AnswerTemplate.objects.for_organisation(
            procedure.organisation
        )
        if not group.may_publish_instead() and not group.public_notice:
            del self.fields["public_notice"]

    def clean(self) -> dict:
        data = super().clean()
        template = data.get("answer_template")
        if template is not None:
            if not (data.get("response") or "").strip():
                data["response"] = template.text
            if not data.get("result") and template.result:
                data["result"] = template.result
        if data.get("status") == StatementStatus.WEIGHED and not data.get("result"):
            self.add_error("result", _("A weighed statement needs a consideration result."))
        return data


class EnteredStatementForm(forms.Form):
    """A statement that did not come through the portal: a letter, an e-mail, minutes taken
    in person. Staff type it in and attach the scan."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(
        label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    submitter_kind = forms.ChoiceField(
        label=_("Submitted as"), choices=SubmitterKind.choices, initial=SubmitterKind.CITIZEN
    )
    agency_name = forms.CharField(
        label=_("Agency"),
        max_length=200,
        required=False,
        help_text=_("Only for public agencies."),
    )
    name = forms.CharField(label=_("Sender's name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Sender's e-mail"),
        required=False,
        help_text=_("The result of the weighing is sent here."),
    )
    postal_address = forms.CharField(
        label=_("Sender's postal address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Street and number, postcode and town, one per line. Without an e-mail address "
            "the receipt and the result go here by letter."
        ),
    )
    text = forms.CharField(
        label=_("Text of the statement"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    document = forms.ModelChoiceField(
        label=_("Document concerned"),
        queryset=None,
        required=False,
        empty_label=_("No particular document"),
    )
    section = forms.CharField(label=_("Section or page"), max_length=200, required=False)
    attachments = MultipleFileField(
        label=_("Scan or attachments"),
        required=False,
        help_text=_("Up to 5 PDF files or images (JPEG, PNG, WebP), each at most 10 MB."),
    )

    def __init__(self, *args, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.fields["document"].queryset = procedure.documents.all()
        self.fields["received_on"].initial = timezone.localdate

    def clean_received_on(self) -> datetime.date:
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot lie in the future."))
        return received

    def clean_attachments(self) -> list[tuple[str, bytes, str]]:
        return checked_uploads(self.cleaned_data["attachments"])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("submitter_kind") == SubmitterKind.AGENCY and not data.get("agency_name"):
            self.add_error("agency_name", _("Please name the agency."))
        return data


@transaction.atomic
def enter_statement(*, procedure: ProcedurePage, data: dict, entered_by) -> Statement:
    """Save an entered statement with its attachments, mark it late when it arrived after
    the participation phase, and group it with identical ones."""
    received = data["received_on"]
    if received == timezone.localdate():
        received_at = timezone.now()
    else:
        received_at = timezone.make_aware(datetime.datetime.combine(received, datetime.time(12)))
    statement = Statement.objects.create(
        procedure=procedure,
        status=StatementStatus.SUBMITTED,
        submitted_at=received_at,
        channel=data["channel"],
        late=received_late(procedure, received_at),
        submitter_kind=data["submitter_kind"],
        agency_name=data["agency_name"] if data["submitter_kind"] == SubmitterKind.AGENCY else "",
        name=data["name"],
        email=data["email"],
        postal_address=data["postal_address"].strip(),
        text=data["text"],
        document=data["document"],
        section=data["section"],
        entered_by=entered_by,
        delete_personal_data_after=procedure.personal_data_deletion_date(),
    )
    for name, content, content_type in data["attachments"]:
        StatementAttachment.objects.create(
            statement=statement,
            file=ContentFile(content, name=name),
            original_name=name[:200],
            content_type=content_type,
            size=len(content),
        )
    group_identical(statement)
    statement_submitted.send(sender=Statement, statement=statement)
    # The sender of a letter or an e-mail gets the receipt a citizen gets online; the link
    # to the online receipt is left out, it opens only in the submitting browser.
    send_receipt(statement, with_link=False)
    return statement


class BulkWeighingForm(forms.Form):
    """The same decision for many identical statements (e.g. a form letter campaign)."""

    selected = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one statement in the table.")},
    )
    assigned_to = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("(unchanged)")
    )
    topic = forms.CharField(
        label=_("Topic"), required=False, max_length=100, help_text=_("Leave empty to keep it.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("(unchanged)"))]
        + [c for c in StatementStatus.choices if c[0] != StatementStatus.DRAFT],
    )
    result = forms.ChoiceField(
        label=_("Consideration result"),
        required=False,
        choices=[("", _("(unchanged)")), *ConsiderationResult.choices],
    )
    response = forms.CharField(
        label=_("Proposed response"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Leave empty to keep each statement's response."),
    )

    def __init__(self, *args, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = procedure.statements.submitted()
        self.fields["assigned_to"].queryset = weighers(procedure)

    def clean(self) -> dict:
        data = super().clean()
        selected = data.get("selected")
        if data.get("status") == StatementStatus.WEIGHED and not data.get("result") and selected:
            without = [s.reference for s in selected if not s.result]
            if without:
                self.add_error(
                    "result",
                    _(
                        "A weighed statement needs a consideration result; these have none "
                        "yet: %(references)s. Choose a result."
                    )
                    % {"references": ", ".join(without[:10])},
                )
        if not self.errors and not self.changes():
            raise forms.ValidationError(_("Please choose at least one change."))
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            field: data[field]
            for field in ("assigned_to", "topic", "status", "result", "response")
            if data[field]
        }

    DERIVED = ("status", "result", "response")

    @transaction.atomic
    def apply(self, procedure: ProcedurePage) -> tuple[int, int]:
        """Update the selected statements; returns how many were updated and how many split
        ones kept their status, result and response.

        A row of identical statements stands for all its members: the decision applies to
        each. A member of a similarity group has its own row and stands for itself.

        A split statement's status, result and response follow from its segments
        (segments.follow_segments): a planner who sets them in bulk means the unsplit
        statements, and overwriting would contradict the segments' weighing. Assignee and
        topic still apply to it."""
        selected = self.cleaned_data["selected"]
        identical = selected.filter(group__method=GroupMethod.IDENTICAL)
        targets = procedure.statements.submitted().filter(
            Q(pk__in=selected) | Q(group__in=identical.values("group"))
        )
        changes = self.changes()
        derived = {k: v for k, v in changes.items() if k in self.DERIVED}
        kept = {k: v for k, v in changes.items() if k not in self.DERIVED}
        split = targets.filter(segments__isnull=False).distinct()
        skipped = split.count() if derived else 0
        updated = targets.exclude(pk__in=split.values("pk")).update(**changes)
        if kept:
            updated += targets.filter(pk__in=split.values("pk")).update(**kept)
        return updated, skipped


@staff_view
def weighing_index(request: HttpRequest) -> HttpResponse:
    organisations = organisations_for(request.user, *WEIGHING_ROLES)
    procedures = (
        ProcedurePage.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .annotate(
            statement_count=Count(
                "statements", filter=~Q(statements__status=StatementStatus.DRAFT)
            ),
            open_count=Count(
                "statements",
                filter=Q(
                    statements__status__in=[StatementStatus.SUBMITTED, StatementStatus.IN_REVIEW]
                ),
            ),
        )
        .order_by("title")
    )
    return render(
        request,
        "cms/admin/weighing_index.html",
        {"procedures": procedures, "page_title": gettext("Weighing of statements")},
    )


def filtered_statements(request: HttpRequest, procedure: ProcedurePage):
    """The statements the table shows for the filters in the query string, in its order."""
    filters = WeighingFilterForm(_filter_data(request), procedure=procedure)
    statements = filters.apply(
        procedure.statements.submitted()
        .select_related("document", "assigned_to")
        .annotate(attachment_count=Count("attachments"))
        .order_by("submitted_at", "id")
    )
    return filters, statements


def _filter_data(request: HttpRequest):
    data = request.GET.copy()
    data.pop("seite", None)
    return data or None


def _filter_query(request: HttpRequest) -> str:
    data = request.GET.copy()
    data.pop("seite", None)
    return data.urlencode()


def _count_of(model) -> Coalesce:
    rows = model.objects.filter(statement=OuterRef("pk")).order_by().values("statement")
    counted = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def table_rows(statements, filters: WeighingFilterForm):
    """One row per statement, except that a group of identical statements is one row (its
    first member matching the filters) with the group's size. Members of a group found by
    similarity keep their own rows: their texts differ and the planner reads each."""
    members = Statement.objects.submitted().filter(group=OuterRef("group"))
    size = members.order_by().values("group").annotate(n=Count("pk")).values("n")
    first = statements.filter(group=OuterRef("group")).order_by("pk").values("pk")[:1]
    # The outermost group: a near group, or the statement's own group.
    top = Coalesce("group__parent_id", "group_id")
    in_top = Statement.objects.submitted().filter(
        Q(group=OuterRef("top_group")) | Q(group__parent=OuterRef("top_group"))
    )
    top_size = in_top.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    rows = (
        statements.select_related("document", "assigned_to", "group", "group__parent")
        .annotate(top_group=top)
        .annotate(
            top_size=Coalesce(Subquery(top_size, output_field=IntegerField()), 1),
            # Correlated counts instead of JOIN + GROUP BY: the database counts for the rows
            # of the page, not for the whole procedure (10,000 statements: 116 ms, not 337).
            attachment_count=_count_of(StatementAttachment),
            segment_count=_count_of(StatementSegment),
            group_size=Coalesce(Subquery(size, output_field=IntegerField()), 1),
        )
        .filter(
            Q(group__isnull=True) | ~Q(group__method=GroupMethod.IDENTICAL) | Q(pk=Subquery(first))
        )
    )
    if filters.sorts_by_group():
        # The group's id after its size: two groups of one size do not interleave.
        return rows.order_by("-top_size", "top_group", "submitted_at", "id")
    return rows.order_by("submitted_at", "id")


def _view_links(request: HttpRequest, procedure: ProcedurePage) -> dict:
    data = request.GET.copy()
    data.pop("seite", None)
    data.pop("view", None)
    base = reverse("cms_weighing:table", args=[procedure.pk])
    plain = data.urlencode()
    data["view"] = "segments"
    return {
        "statements": f"{base}?{plain}" if plain else base,
        "segments": f"{base}?{data.urlencode()}",
    }


@staff_view
def weighing_table(request: HttpRequest, page_id: int) -> HttpResponse:
    procedure = weighable_procedure(request, page_id)
    bulk = BulkWeighingForm(request.POST or None, procedure=procedure)
    if request.method == "POST":
        if bulk.is_valid():
            count, skipped = bulk.apply(procedure)
            # A bulk update sends no signal; published results on the page may have changed.
            invalidate_page(procedure.pk)
            messages.success(request, gettext("%(count)d statements updated.") % {"count": count})
            if skipped:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d statement is split into segments: its status, result and "
                        "response follow from its segments and were left unchanged.",
                        "%(count)d statements are split into segments: their status, result "
                        "and response follow from their segments and were left unchanged.",
                        skipped,
                    )
                    % {"count": skipped},
                )
            return redirect(request.get_full_path())
        messages.error(request, gettext("The statements were not changed; see the bulk edit."))
    filters = WeighingFilterForm(_filter_data(request), procedure=procedure)
    statements = filters.apply(procedure.statements.submitted())
    show_segments = request.GET.get("view") == "segments"
    if show_segments:
        rows = (
            StatementSegment.objects.filter(statement__in=statements)
            .select_related("statement", "document")
            .order_by("statement__submitted_at", "statement_id", "start", "id")
        )
    else:
        rows = table_rows(statements, filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("seite"))
    if show_segments:
        numbers = segment_numbers({s.statement_id for s in page})
        for segment in page:
            segment.shown_number = numbers.get(segment.pk)
    query = _filter_query(request)
    selected = {str(pk) for pk in request.POST.getlist("selected")}
    return render(
        request,
        "cms/admin/weighing_table.html",
        {
            "procedure": procedure,
            "filters": filters,
            "page_obj": page,
            "statement_count": statements.count(),
            "show_segments": show_segments,
            "view_links": _view_links(request, procedure),
            "filters_active": any(k not in ("view", "seite") for k in request.GET),
            "query": query,
            "extra": ("&" + query) if query else "",
            "bulk": bulk,
            "selected": selected,
            "page_title": gettext("Weighing: %(title)s") % {"title": procedure.title},
        },
        status=400 if request.method == "POST" else 200,
    )


def segment_numbers(statement_ids) -> dict[int, int]:
    """Each segment's number within its statement (1, 2, …), in one query."""
    numbers, counters = {}, {}
    for pk, statement_id in (
        StatementSegment.objects.filter(statement_id__in=statement_ids)
        .order_by("statement_id", "start", "id")
        .values_list("pk", "statement_id")
    ):
        counters[statement_id] = counters.get(statement_id, 0) + 1
        numbers[pk] = counters[statement_id]
    return numbers


@staff_view
def weighing_enter(request: HttpRequest, page_id: int) -> HttpResponse:
    """Staff enter a letter, an e-mail or minutes; it joins the weighing table."""
    procedure = weighable_procedure(request, page_id)
    form = EnteredStatementForm(request.POST or None, request.FILES or None, procedure=procedure)
    if request.method == "POST" and form.is_valid():
        statement = enter_statement(
            procedure=procedure, data=form.cleaned_data, entered_by=request.user
        )
        text = gettext("Statement %(ref)s entered.") % {"ref": statement.reference}
        if statement.late:
            text += " " + gettext("It arrived after the participation phase and is marked as late.")
        if statement.email:
            text += " " + gettext("The receipt has been sent to %(email)s.") % {
                "email": statement.email
            }
        messages.success(request, text)
        if not statement.email:
            # Without an e-mail address the receipt goes by post: print it first.
            return redirect("cms_weighing:receipt", page_id=procedure.pk, statement_id=statement.pk)
        if "enter_another" in request.POST:
            return redirect("cms_weighing:enter", page_id=procedure.pk)
        return redirect("cms_weighing:edit", page_id=procedure.pk, statement_id=statement.pk)
    return render(
        request,
        "cms/admin/weighing_enter.html",
        {
            "procedure": procedure,
            "form": form,
            "page_title": gettext("Enter a statement: %(title)s") % {"title": procedure.title},
        },
        status=400 if request.method == "POST" else 200,
    )


def group_changes(members) -> dict[str, int]:
    """What weighing the group in one step will change, counted for the planner to read
    before saving: open members, members already weighed (their result and response are
    replaced) and members weighed in segments (left as they are)."""
    counts = members.aggregate(
        total=Count("pk", distinct=True),
        split=Count("pk", distinct=True, filter=Q(segments__isnull=False)),
        weighed=Count(
            "pk",
            distinct=True,
            filter=Q(status=StatementStatus.WEIGHED, segments__isnull=True),
        ),
    )
    counts["changed"] = counts["total"] - counts["split"]
    counts["open"] = counts["changed"] - counts["weighed"]
    return counts


@staff_view
def weighing_group(request: HttpRequest, page_id: int, group_id: int) -> HttpResponse:
    """A group of statements, identical or found similar: its members, and one decision for
    all of them."""
    procedure = weighable_procedure(request, page_id)
    group = get_object_or_404(StatementGroup, pk=group_id, procedure=procedure)
    members = group.members().select_related("assigned_to")
    first = members.first()
    # Weighing the group in one step is what this page is for.
    initial = {"status": StatementStatus.WEIGHED}
    if first is not None and first.status == StatementStatus.WEIGHED:
        initial = {
            "status": first.status,
            "result": first.result,
            "response": first.response,
            "topic": first.topic,
        }
    initial["public_notice"] = group.public_notice
    form = GroupWeighingForm(
        request.POST or None, procedure=procedure, group=group, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            # A member weighed in segments keeps them: its result follows its segments
            # (cms.segments.follow_segments), so the group's decision passes it by.
            count = (
                group.members()
                .filter(segments__isnull=True)
                .update(
                    status=data["status"],
                    result=data["result"],
                    response=data["response"],
                    topic=data["topic"],
                )
            )
            if "public_notice" in form.fields:
                group.public_notice = data["public_notice"]
                group.save(update_fields=["public_notice"])
        # An update sends no signal: the procedure page may show these results.
        invalidate_page(procedure.pk)
        messages.success(
            request,
            gettext("Group %(ref)s: %(count)d statements weighed alike.")
            % {"ref": group.reference, "count": count},
        )
        return redirect("cms_weighing:table", page_id=procedure.pk)
    templates = form.fields["answer_template"].queryset
    changes = group_changes(group.members())
    count = changes["total"]
    return render(
        request,
        "cms/admin/weighing_group.html",
        {
            "procedure": procedure,
            "group": group,
            "identical": group.method == GroupMethod.IDENTICAL,
            "members": members.annotate(segment_count=_count_of(StatementSegment)),
            "member_count": count,
            "changes": changes,
            "sample": first,
            "may_publish_instead": group.may_publish_instead(count),
            "form": form,
            "answer_templates": {
                str(t.pk): {"text": t.text, "result": t.result} for t in templates
            },
            "page_title": gettext("Group %(ref)s") % {"ref": group.reference},
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view
@require_POST
def weighing_group_leave(
    request: HttpRequest, page_id: int, group_id: int, statement_id: int
) -> HttpResponse:
    """The planner takes a statement out of a group the assistant suggested; identical
    texts stay together (their group is a fact, not a suggestion)."""
    procedure = weighable_procedure(request, page_id)
    group = get_object_or_404(
        StatementGroup.objects.exclude(method=GroupMethod.IDENTICAL),
        pk=group_id,
        procedure=procedure,
    )
    statement = get_object_or_404(group.members().select_related("group"), pk=statement_id)
    if statement.group_id != group.pk:
        # Its identical twins say the same: their group leaves with it.
        StatementGroup.objects.filter(pk=statement.group_id).update(parent=None)
        Statement.objects.filter(group_id=statement.group_id).update(kept_apart=True)
    else:
        Statement.objects.filter(pk=statement.pk).update(group=None, kept_apart=True)
    messages.success(
        request,
        gettext("%(statement)s was taken out of group %(group)s.")
        % {"statement": statement.reference, "group": group.reference},
    )
    if group.members().count() < 2:
        # A group of one groups nothing.
        group.statements.update(group=None)
        group.subgroups.update(parent=None)
        group.delete()
        return redirect("cms_weighing:table", page_id=procedure.pk)
    return redirect("cms_weighing:group", page_id=procedure.pk, group_id=group.pk)


def neighbours(statements, statement: Statement) -> tuple[int | None, int | None, int | None]:
    """Previous and next statement in the filtered order, and the next one not yet weighed
    (after this one, else from the start), as ids."""
    ids = list(statements.values_list("id", "status"))
    order = [pk for pk, _status in ids]
    unweighed = [
        pk for pk, status in ids if status != StatementStatus.WEIGHED and pk != statement.pk
    ]
    position = order.index(statement.pk) if statement.pk in order else -1
    previous = order[position - 1] if position > 0 else None
    following = order[position + 1] if 0 <= position < len(order) - 1 else None
    later = [pk for pk in unweighed if position < 0 or order.index(pk) > position]
    next_open = (later or unweighed or [None])[0]
    return previous, following, next_open


@staff_view
def weighing_edit(request: HttpRequest, page_id: int, statement_id: int) -> HttpResponse:
    procedure = weighable_procedure(request, page_id)
    statement = get_object_or_404(
        procedure.statements.submitted().select_related("document", "group"), pk=statement_id
    )
    _filters, statements = filtered_statements(request, procedure)
    query = _filter_query(request)
    suffix = f"?{query}" if query else ""
    form = WeighingForm(request.POST or None, instance=statement, procedure=procedure)
    segments = list(statement.segments.select_related("document"))
    segment_forms = [
        (
            segment,
            SegmentForm(
                instance=segment,
                statement=statement,
                procedure=procedure,
                prefix=f"segment-{segment.pk}",
            ),
        )
        for segment in segments
    ]
    new_segment = SegmentForm(statement=statement, procedure=procedure, prefix="new-segment")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, gettext("Statement %(ref)s saved.") % {"ref": statement.reference}
        )
        if "save_next" in request.POST:
            _previous, _following, next_open = neighbours(statements, statement)
            if next_open is not None:
                return redirect(
                    reverse("cms_weighing:edit", args=[procedure.pk, next_open]) + suffix
                )
            messages.info(request, gettext("All statements in this selection are weighed."))
        return redirect(reverse("cms_weighing:table", args=[procedure.pk]) + suffix)
    return render(
        request,
        "cms/admin/weighing_edit.html",
        edit_context(
            request, procedure, statement, form, segment_forms, new_segment, suffix, statements
        ),
        status=400 if request.method == "POST" else 200,
    )


def statement_panels(
    request: HttpRequest, statement: Statement, segment: StatementSegment | None = None
) -> list[SafeString]:
    """Extra panels other apps add beside the weighing form through the hook
    ``weighing_statement_panels`` (docs/cms.md): cms knows no app above it, so the
    assistant's suggestions arrive this way."""
    panels = []
    for fn in hooks.get_hooks("weighing_statement_panels"):
        html = fn(request, statement, segment=segment)
        if html:
            # The hook's contract is safe HTML: each app escapes what it draws.
            panels.append(mark_safe(html))  # noqa: S308
    return panels


def edit_context(
    request: HttpRequest,
    procedure: ProcedurePage,
    statement: Statement,
    form: WeighingForm,
    segment_forms: list,
    new_segment: SegmentForm,
    suffix: str,
    statements,
) -> dict:
    previous, following, next_open = neighbours(statements, statement)
    templates = AnswerTemplate.objects.for_organisation(procedure.organisation)
    return {
        "procedure": procedure,
        "statement": statement,
        "attachments": statement.attachments.all(),
        "form": form,
        "panels": statement_panels(request, statement),
        "segment_forms": [
            (segment, sform, statement_panels(request, statement, segment))
            for segment, sform in segment_forms
        ],
        "new_segment": new_segment,
        "text_chunks": text_chunks(statement.text, [s for s, _form in segment_forms]),
        "suffix": suffix,
        "previous": previous,
        "following": following,
        "next_open": next_open,
        "answer_templates": {str(t.pk): {"text": t.text, "result": t.result} for t in templates},
        "location": (
            {"lat": float(statement.latitude), "lng": float(statement.longitude)}
            if statement.has_location
            else None
        ),
        "area": area_geometry(procedure.planning_area),
        "page_title": statement.reference,
    }


@staff_view
@require_POST
def weighing_segment(
    request: HttpRequest, page_id: int, statement_id: int, segment_id: int | None = None
) -> HttpResponse:
    """Add a segment to a statement, or save or delete one; the statement follows."""
    procedure = weighable_procedure(request, page_id)
    statement = get_object_or_404(procedure.statements.submitted(), pk=statement_id)
    segment = None
    if segment_id is not None:
        segment = get_object_or_404(statement.segments, pk=segment_id)
    suffix = request.GET.urlencode()
    back = reverse("cms_weighing:edit", args=[procedure.pk, statement.pk])
    back += f"?{suffix}" if suffix else ""
    if segment is not None and "delete" in request.POST:
        with transaction.atomic():
            segment.delete()
            follow_segments(statement)
        messages.success(request, gettext("The segment was deleted."))
        return redirect(back + "#segments")
    prefix = f"segment-{segment.pk}" if segment else "new-segment"
    form = SegmentForm(
        request.POST, instance=segment, statement=statement, procedure=procedure, prefix=prefix
    )
    if form.is_valid():
        with transaction.atomic():
            saved = form.save()
            follow_segments(statement)
        messages.success(request, gettext("Segment %(ref)s saved.") % {"ref": saved.reference})
        return redirect(back + f"#segment-{saved.pk}")
    segments = list(statement.segments.select_related("document"))
    segment_forms = [
        (
            s,
            form
            if segment is not None and s.pk == segment.pk
            else SegmentForm(
                instance=s, statement=statement, procedure=procedure, prefix=f"segment-{s.pk}"
            ),
        )
        for s in segments
    ]
    _filters, statements = filtered_statements(request, procedure)
    if segment is not None:
        new_segment = SegmentForm(statement=statement, procedure=procedure, prefix="new-segment")
    else:
        new_segment = form
    context = edit_context(
        request,
        procedure,
        statement,
        WeighingForm(instance=statement, procedure=procedure),
        segment_forms,
        new_segment,
        f"?{suffix}" if suffix else "",
        statements,
    )
    return render(request, "cms/admin/weighing_edit.html", context, status=400)


@staff_view
def weighing_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = get_object_or_404(
        StatementAttachment.objects.select_related("statement__procedure"), pk=attachment_id
    )
    if not can_weigh(request.user, attachment.statement.procedure):
        raise PermissionDenied
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@staff_view
@require_POST
def weighing_publish(request: HttpRequest, page_id: int) -> HttpResponse:
    procedure = weighable_procedure(request, page_id)
    procedure.results_published_at = timezone.now()
    # Only this column: the page itself is edited and published by editors.
    ProcedurePage.objects.filter(pk=procedure.pk).update(
        results_published_at=procedure.results_published_at
    )
    invalidate_page(procedure.pk)
    notices.publish_results(procedure, user=request.user)
    messages.success(
        request, gettext("The results are published; citizens with an e-mail are notified.")
    )
    return redirect("cms_weighing:table", page_id=procedure.pk)


# Exports ------------------------------------------------------------------------------


def export_rows(statements, *, anonymised: bool) -> tuple[list[str], list[list]]:
    """One row per statement, or one per segment where a statement has segments (the
    segment's passage, plan reference, response and result in place of the statement's)."""
    header = [
        gettext("Reference"),
        gettext("Submitted"),
        gettext("Channel"),
        gettext("Date received"),
        gettext("Late"),
        gettext("Group"),
        gettext("Status"),
        gettext("Consideration result"),
        gettext("Submitted as"),
        gettext("Agency"),
    ]
    if not anonymised:
        header += [gettext("Name"), gettext("E-mail")]
    header += [
        gettext("Topic"),
        gettext("Document"),
        gettext("Section"),
        gettext("Place"),
        gettext("Latitude"),
        gettext("Longitude"),
        gettext("Statement"),
        gettext("Proposed response"),
        gettext("Assigned to"),
        gettext("Attachments"),
    ]
    yes, no = gettext("yes"), gettext("no")
    rows = []
    statements = statements.select_related("group").prefetch_related("segments__document")
    for s in statements:
        group = ""
        if s.group_id:
            group = s.group.reference
        parts = [(n, seg) for n, seg in enumerate(s.segments.all(), start=1)] or [(None, s)]
        for number, part in parts:
            row = [
                s.reference if number is None else f"{s.reference}/{number}",
                s.submitted_at,
                s.get_channel_display(),
                timezone.localdate(s.submitted_at),
                yes if s.late else no,
                group,
                s.get_status_display()
                if number is None
                else (gettext("Weighed") if part.result else gettext("Open")),
                part.get_result_display() if part.result else "",
                s.get_submitter_kind_display(),
                s.agency_name,
            ]
            if not anonymised:
                row += [s.name, s.email]
            row += [
                part.topic,
                part.document.title if part.document else "",
                part.section,
                s.place,
                s.latitude,
                s.longitude,
                part.text,
                part.response,
                (s.assigned_to.display_name or s.assigned_to.email) if s.assigned_to else "",
                s.attachment_count,
            ]
            rows.append(row)
    return header, rows


def _export_statements(request: HttpRequest, procedure: ProcedurePage):
    return filtered_statements(request, procedure)[1]


@staff_view
def weighing_export(request: HttpRequest, page_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    procedure = weighable_procedure(request, page_id)
    anonymised = request.GET.get("anonym") == "1"
    header, rows = export_rows(_export_statements(request, procedure), anonymised=anonymised)
    name = f"abwaegung-{procedure.slug}{'-anonym' if anonymised else ''}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(name, header, rows)
    return exports.xlsx_response(name, exports.Sheet(gettext("Weighing"), header, rows))


@staff_view
def weighing_geojson(request: HttpRequest, page_id: int) -> JsonResponse:
    procedure = weighable_procedure(request, page_id)
    statements = _export_statements(request, procedure).located()
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(s.longitude), float(s.latitude)],
            },
            "properties": {
                "reference": s.reference,
                "submitted": s.submitted_at.isoformat(),
                "status": s.status,
                "result": s.result,
                "topic": s.topic,
                "document": s.document.title if s.document else "",
                "section": s.section,
                "text": s.text,
            },
        }
        for s in statements
    ]
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features},
        json_dumps_params={"ensure_ascii": False},
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="stellungnahmen-{procedure.slug}.geojson"'
    )
    return response
