"""The weighing (Abwägung) in the Wagtail admin: planners and moderators of the procedure's
organisation examine every statement, answer it and export the table."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from beteiligung import exports
from beteiligung.models import User
from beteiligung.queue import enqueue
from beteiligung.roles import Role, has_role, organisations_for, staff_view
from cms.answer_templates import AnswerTemplate
from cms.procedures import (
    ConsiderationResult,
    ProcedurePage,
    Statement,
    StatementAttachment,
    StatementStatus,
)
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
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_until = forms.DateField(
        label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    q = forms.CharField(label=_("Text contains"), required=False, max_length=200)

    def __init__(self, *args, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = procedure.documents.all()
        self.fields["assigned_to"].queryset = weighers(procedure)
        topics = (
            procedure.statements.exclude(topic="")
            .order_by("topic")
            .values_list("topic", flat=True)
            .distinct()
        )
        self.fields["topic"].choices = [("", _("All"))] + [(t, t) for t in topics]

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
        return statements


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
        if data.get("status") == StatementStatus.WEIGHED and not data.get("result"):
            self.add_error("result", _("A weighed statement needs a consideration result."))
        return data


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


@staff_view
def weighing_table(request: HttpRequest, page_id: int) -> HttpResponse:
    procedure = weighable_procedure(request, page_id)
    bulk = BulkWeighingForm(request.POST or None, procedure=procedure)
    if request.method == "POST":
        if bulk.is_valid():
            count = bulk.cleaned_data["selected"].update(**bulk.changes())
            messages.success(request, gettext("%(count)d statements updated.") % {"count": count})
            return redirect(request.get_full_path())
        messages.error(request, gettext("The statements were not changed; see the bulk edit."))
    filters, statements = filtered_statements(request, procedure)
    page = Paginator(statements, PER_PAGE).get_page(request.GET.get("seite"))
    query = _filter_query(request)
    selected = {str(pk) for pk in request.POST.getlist("selected")}
    return render(
        request,
        "cms/admin/weighing_table.html",
        {
            "procedure": procedure,
            "filters": filters,
            "page_obj": page,
            "query": query,
            "extra": ("&" + query) if query else "",
            "bulk": bulk,
            "selected": selected,
            "page_title": gettext("Weighing: %(title)s") % {"title": procedure.title},
        },
        status=400 if request.method == "POST" else 200,
    )


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
        procedure.statements.submitted().select_related("document"), pk=statement_id
    )
    _filters, statements = filtered_statements(request, procedure)
    query = _filter_query(request)
    suffix = f"?{query}" if query else ""
    form = WeighingForm(request.POST or None, instance=statement, procedure=procedure)
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
    previous, following, next_open = neighbours(statements, statement)
    templates = form.fields["answer_template"].queryset
    return render(
        request,
        "cms/admin/weighing_edit.html",
        {
            "procedure": procedure,
            "statement": statement,
            "attachments": statement.attachments.all(),
            "form": form,
            "suffix": suffix,
            "previous": previous,
            "following": following,
            "next_open": next_open,
            "answer_templates": {
                str(t.pk): {"text": t.text, "result": t.result} for t in templates
            },
            "location": (
                {"lat": float(statement.latitude), "lng": float(statement.longitude)}
                if statement.has_location
                else None
            ),
            "area": area_geometry(procedure.planning_area),
            "page_title": statement.reference,
        },
        status=400 if request.method == "POST" else 200,
    )


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
    enqueue("cms.tasks.notify_statement_results", procedure.pk)
    messages.success(
        request, gettext("The results are published; citizens with an e-mail are notified.")
    )
    return redirect("cms_weighing:table", page_id=procedure.pk)


# Exports ------------------------------------------------------------------------------


def export_rows(statements, *, anonymised: bool) -> tuple[list[str], list[list]]:
    header = [
        gettext("Reference"),
        gettext("Submitted"),
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
    rows = []
    for s in statements:
        row = [
            s.reference,
            s.submitted_at,
            s.get_status_display(),
            s.get_result_display() if s.result else "",
            s.get_submitter_kind_display(),
            s.agency_name,
        ]
        if not anonymised:
            row += [s.name, s.email]
        row += [
            s.topic,
            s.document.title if s.document else "",
            s.section,
            s.place,
            s.latitude,
            s.longitude,
            s.text,
            s.response,
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
