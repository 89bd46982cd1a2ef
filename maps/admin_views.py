"""Triage in the Wagtail admin for incident handlers of the responsible organisation."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from beteiligung.dashboard import long_datetime
from beteiligung.roles import Role, organisations_for, require_role, staff_view
from cms.procedures import ProcedurePage
from geo.embed import base_map, embed, text_tooltip, tile_settings
from maps import services
from maps.forms import (
    AnswerForm,
    CategoryChangeForm,
    DuplicateForm,
    NoteForm,
    StatusForm,
    TriageFilterForm,
)
from maps.models import AnswerTemplate, Report, ReportCategory, ReportPhoto, nearest_named_places

# Who may open the planners' map: the roles that weigh statements (cms.weighing).
PLANNER_ROLES = (Role.PLANNER, Role.MODERATOR)


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


@staff_view
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
    reports_on_page = list(page)
    places = nearest_named_places(reports_on_page)
    for report in reports_on_page:
        report.named_place = report.address or places.get(report.pk, "")
    # Imported here: folium costs every process of the portal a quarter of a second at start.
    import folium

    fmap = base_map(zoom=12)
    located = [r for r in reports_on_page if r.lat is not None]
    for report in located:
        marker = folium.Marker([float(report.lat), float(report.lon)]).add_to(fmap)
        text_tooltip(marker, f"#{report.pk} {report.category.name}")
    if located:
        # Show every report of the page, not a fixed centre that may leave some outside.
        fmap.fit_bounds(
            [
                [min(float(r.lat) for r in located), min(float(r.lon) for r in located)],
                [max(float(r.lat) for r in located), max(float(r.lon) for r in located)],
            ],
            max_zoom=16,
        )
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "maps_admin/triage.html",
        {
            "filters": filters,
            "page": page,
            "reports": reports_on_page,
            "extra": "&" + query.urlencode() if query else "",
            "map": embed(fmap),
            **tile_settings(),
        },
    )


@staff_view
@forbidden_as_403
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    answer_templates = list(
        AnswerTemplate.objects.filter(organisation=report.category.organisation)
    )
    # Without JavaScript the template chooser is a GET form: ?vorlage=<id> fills the answer.
    chosen = next(
        (t for t in answer_templates if str(t.pk) == request.GET.get("vorlage", "")), None
    )
    import folium

    fmap = None
    if report.lat is not None:
        fmap = base_map(location=[float(report.lat), float(report.lon)], zoom=17)
        marker = folium.Marker([float(report.lat), float(report.lon)]).add_to(fmap)
        text_tooltip(marker, f"#{report.pk} {report.category.name}")
    return render(
        request,
        "maps_admin/report.html",
        {
            "report": report,
            "named_place": report.address or nearest_named_places([report]).get(report.pk, ""),
            "reported_at": long_datetime(report.created_at),
            "map": embed(fmap) if fmap else None,
            **tile_settings(),
            "answer_templates": answer_templates,
            "chosen_template": chosen,
            "photos": report.photos.all(),
            "history": report_history(report),
            "notes": report.internal_notes.select_related("author"),
            "duplicates": report.duplicates.all(),
            "nearby": report.nearby_open(250),
            "status_form": StatusForm(initial={"status": report.status}),
            # Both forms have a field "text"; distinct ids keep each label on its own field.
            "answer_form": AnswerForm(
                auto_id="id_answer_%s", initial={"text": chosen.text if chosen else ""}
            ),
            "note_form": NoteForm(auto_id="id_note_%s"),
            "duplicate_form": DuplicateForm(report=report, user=request.user),
            "category_form": CategoryChangeForm(initial={"category": report.category_id}),
        },
    )


def report_history(report: Report) -> list[dict]:
    """The public history in words: when, who (a person, or the portal itself), what."""
    entries = []
    for update in report.updates.select_related("author"):
        if update.author is None:
            who = _("the portal")
        else:
            who = update.author.display_name or update.author.email
        what = ""
        if update.new_status:
            what = _("Status: %(old)s → %(new)s") % {
                "old": update.get_old_status_display() or _("none"),
                "new": update.get_new_status_display(),
            }
        elif update.text:
            what = _("Public answer:")
        entries.append(
            {
                "when": long_datetime(update.created_at),
                "who": who,
                "what": what,
                "text": update.text,
            }
        )
    return entries


@staff_view
def planner_index(request: HttpRequest) -> HttpResponse:
    """The procedures whose planners' map this user may open (/admin/karten/)."""
    organisations = organisations_for(request.user, *PLANNER_ROLES)
    procedures = (
        ProcedurePage.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("title")
    )
    return render(
        request,
        "maps_admin/planner_index.html",
        {
            "procedures": procedures,
            "header_title": _("Planners' map"),
            "page_title": _("Planners' map"),
            "header_icon": "site",
        },
    )


def _invalid(request: HttpRequest, form) -> HttpResponse | None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return None


@staff_view
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


@staff_view
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


@staff_view
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


@staff_view
@forbidden_as_403
@require_POST
def report_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    form = DuplicateForm(request.POST, report=report, user=request.user)
    if form.is_valid():
        services.merge_duplicate(report, form.cleaned_data["original"], request.user)
        messages.success(request, _("Marked as duplicate."))
    else:
        _invalid(request, form)
    return redirect("maps_admin:report", report.pk)


@staff_view
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


@staff_view
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


@staff_view
@forbidden_as_403
@require_POST
def photo_redact(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    report = get_report_for_handler(request, pk)
    photo = get_object_or_404(ReportPhoto, pk=photo_pk, report=report)
    photo.redact()
    report.internal_notes.create(author=request.user, text=str(_("A photo was redacted.")))
    messages.success(request, _("The photo has been deleted."))
    return redirect("maps_admin:report", report.pk)
