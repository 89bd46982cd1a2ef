"""Triage in the Wagtail admin for incident handlers of the responsible organisation."""

from functools import wraps

import folium
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from beteiligung.roles import Role, organisations_for, require_role
from geo.embed import base_map, embed, tile_settings
from maps import services
from maps.forms import (
    AnswerForm,
    CategoryChangeForm,
    DuplicateForm,
    NoteForm,
    StatusForm,
    TriageFilterForm,
)
from maps.models import Report, ReportCategory, ReportPhoto


def forbidden_as_403(view):
    """Wagtail turns PermissionDenied into a redirect to the dashboard; answer 403 instead."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "maps_admin/403.html", status=403)

    return wrapper


def handled_categories(user):
    organisations = organisations_for(user, Role.INCIDENT_HANDLER)
    return ReportCategory.objects.filter(organisation__in=organisations)


def get_report_for_handler(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("category__organisation"), pk=pk)
    require_role(request.user, report.category.organisation, Role.INCIDENT_HANDLER)
    return report


@forbidden_as_403
def triage(request: HttpRequest) -> HttpResponse:
    categories = handled_categories(request.user)
    if not request.user.is_superuser and not categories.exists():
        raise PermissionDenied
    filters = TriageFilterForm(request.GET or None, categories=categories)
    reports = filters.filter(
        Report.objects.filter(category__in=categories).select_related("category")
    ).order_by("-created_at")
    page = Paginator(reports, 50).get_page(request.GET.get("seite"))
    fmap = base_map(zoom=12)
    for report in page:
        if report.lat is not None:
            folium.Marker(
                [float(report.lat), float(report.lon)],
                tooltip=f"#{report.pk} {report.category.name}",
            ).add_to(fmap)
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "maps_admin/triage.html",
        {
            "filters": filters,
            "page": page,
            "extra": "&" + query.urlencode() if query else "",
            "map": embed(fmap),
            **tile_settings(),
        },
    )


@forbidden_as_403
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    return render(
        request,
        "maps_admin/report.html",
        {
            "report": report,
            "photos": report.photos.all(),
            "updates": report.updates.select_related("author"),
            "notes": report.internal_notes.select_related("author"),
            "duplicates": report.duplicates.all(),
            "nearby": report.nearby_open(250),
            "status_form": StatusForm(initial={"status": report.status}),
            # Both forms have a field "text"; distinct ids keep each label on its own field.
            "answer_form": AnswerForm(auto_id="id_answer_%s"),
            "note_form": NoteForm(auto_id="id_note_%s"),
            "duplicate_form": DuplicateForm(report=report),
            "category_form": CategoryChangeForm(initial={"category": report.category_id}),
        },
    )


def _invalid(request: HttpRequest, form) -> HttpResponse | None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return None


@forbidden_as_403
@require_POST
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.change_status(
            report, form.cleaned_data["status"], form.cleaned_data["note"], request.user
        )
        messages.success(request, _("Status saved."))
    else:
        _invalid(request, form)
    return redirect("maps_admin:report", report.pk)


@forbidden_as_403
@require_POST
def report_answer(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.publish_answer(report, form.cleaned_data["text"], request.user)
        messages.success(request, _("Answer published."))
    else:
        _invalid(request, form)
    return redirect("maps_admin:report", report.pk)


@forbidden_as_403
@require_POST
def report_note(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        report.internal_notes.create(author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Note saved."))
    else:
        _invalid(request, form)
    return redirect("maps_admin:report", report.pk)


@forbidden_as_403
@require_POST
def report_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    form = DuplicateForm(request.POST, report=report)
    if form.is_valid():
        services.merge_duplicate(report, form.cleaned_data["original"], request.user)
        messages.success(request, _("Marked as duplicate."))
    else:
        _invalid(request, form)
    return redirect("maps_admin:report", report.pk)


@forbidden_as_403
@require_POST
def report_category(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    form = CategoryChangeForm(request.POST)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("maps_admin:report", report.pk)
    category = form.cleaned_data["category"]
    moved = category.organisation_id != report.category.organisation_id
    report.category = category
    report.save(update_fields=["category", "updated_at"])
    report.internal_notes.create(
        author=request.user,
        text=str(_("Category changed to %(category)s.") % {"category": category}),
    )
    services.notify_staff(report)
    if moved:
        messages.success(
            request, _("The report now belongs to %(org)s.") % {"org": category.organisation}
        )
        return redirect("maps_admin:triage")
    messages.success(request, _("Category changed."))
    return redirect("maps_admin:report", report.pk)


@forbidden_as_403
@require_POST
def report_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    action = request.POST.get("action")
    if action == "hide":
        report.hidden = True
        messages.success(request, _("The report is hidden from the public."))
    elif action == "show":
        report.hidden = False
        messages.success(request, _("The report is visible again."))
    elif action == "publish":
        report.published = True
        messages.success(request, _("The report is published."))
    report.save(update_fields=["hidden", "published", "updated_at"])
    return redirect("maps_admin:report", report.pk)


@forbidden_as_403
@require_POST
def photo_redact(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    photo = get_object_or_404(ReportPhoto, pk=photo_pk, report=report)
    photo.redact()
    report.internal_notes.create(author=request.user, text=str(_("A photo was redacted.")))
    messages.success(request, _("The photo has been deleted."))
    return redirect("maps_admin:report", report.pk)
