"""What is open now across the portal: procedures, dialogues, surveys, map feedback, events
and the newest results, for the home page and /mitmachen/; and the summary box at the top
of a procedure page.

``cms`` stands below the feature apps and imports none of them (tests/core/test_layers.py).
Their pages are found through Wagtail instead: every page type that may sit below a
procedure or the home page and has a participation period (``opens_at``/``closes_at``:
dialogues, surveys) or a date (``start``/``end``: events). Each type is read with one query,
so the number of queries grows with the number of page types, never with the items.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import Page

from beteiligung.models import Organisation
from cms.models import HomePage, OrganisationPage
from cms.procedures import PhaseKind, ProcedureIndexPage, ProcedurePage, ProcedureStatus
from geo.areas import area_geometry
from geo.embed import base_map, cached_embed, text_tooltip, tile_settings

if TYPE_CHECKING:
    import folium

EVENTS_ON_HOME = 5
EVENTS_ON_OVERVIEW = 10
RESULTS_SHOWN = 5
CLOSED_SHOWN = 10

# Colours of the planning areas on the map of all procedures, by status (contrast ≥ 3:1
# against the light background map).
STATUS_COLOURS = {
    ProcedureStatus.OPEN: "#006b3c",
    ProcedureStatus.UPCOMING: "#004b87",
    ProcedureStatus.EVALUATION: "#8a4b00",
    ProcedureStatus.CONCLUDED: "#555555",
}


# Times ------------------------------------------------------------------------------


def _clock(local: datetime.datetime) -> str:
    # A deadline at midnight is the end of the day before: "24:00", as offices write it.
    return "24:00" if local.time() == datetime.time(0, 0) else formats.time_format(local, "H:i")


def _last_day(local: datetime.datetime) -> datetime.date:
    if local.time() == datetime.time(0, 0):
        return local.date() - datetime.timedelta(days=1)
    return local.date()


def time_left(end: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """'noch 12 Tage', 'noch 1 Tag', 'endet heute um 18:00 Uhr' (calendar days, Berlin)."""
    local = timezone.localtime(end)
    days = (_last_day(local) - timezone.localdate(now or timezone.now())).days
    if days <= 0:
        return gettext("ends today at %(time)s") % {"time": _clock(local)}
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}


def format_deadline(end: datetime.datetime) -> str:
    """'15. Januar 2027, 24:00 Uhr'."""
    local = timezone.localtime(end)
    return gettext("%(date)s, %(time)s") % {
        "date": formats.date_format(_last_day(local), "DATE_FORMAT"),
        "time": _clock(local),
    }


# Participation pages of the feature apps, found through Wagtail ---------------------


def _has_fields(model: type, *names: str) -> bool:
    try:
        for name in names:
            model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _page_types_below(*parents: type[Page]) -> list[type[Page]]:
    found: list[type[Page]] = []
    for parent in parents:
        for model in parent.allowed_subpage_models():
            if model not in found and issubclass(model, OrganisationPage):
                found.append(model)
    return sorted(found, key=lambda model: model._meta.label)


def period_types() -> list[type[Page]]:
    """Page types with a participation period: dialogues and surveys."""
    types = _page_types_below(ProcedurePage, HomePage)
    return [m for m in types if _has_fields(m, "opens_at", "closes_at")]


def event_types() -> list[type[Page]]:
    """Page types with a date: events."""
    types = _page_types_below(ProcedurePage, HomePage)
    return [m for m in types if _has_fields(m, "start", "end") and m not in period_types()]


@dataclass
class Item:
    """One thing a citizen can take part in, as the lists show it."""

    page: Page
    kind: str
    ends_at: datetime.datetime | None = None
    starts_at: datetime.datetime | None = None
    left: str = ""
    deadline: str = ""
    action: str = ""
    url: str = ""
    open: bool = False

    @property
    def organisation(self):
        return getattr(self.page, "organisation", None)

    def is_open_now(self, now: datetime.datetime) -> bool:
        """Events count while one can register; dialogues and surveys while they are open."""
        if hasattr(self.page, "registration_open"):
            return self.page.registration_open(now)
        if hasattr(self.page, "is_open"):
            return self.page.is_open(now)
        return False


@dataclass
class Group:
    kind: str
    items: list[Item] = field(default_factory=list)


def action_label(page: Page, now: datetime.datetime) -> str:
    """The words on the button that takes a citizen to the page."""
    if isinstance(page, FormMixin):
        return gettext("Take the survey")
    if hasattr(page, "registration_open"):
        if page.registration_open(now):
            return gettext("Register for the event")
        return gettext("Go to the event")
    return gettext("Join the discussion")


def _period_item(page: Page, now: datetime.datetime) -> Item:
    return Item(
        page=page,
        kind=str(page._meta.verbose_name),
        ends_at=page.closes_at,
        starts_at=page.opens_at,
        left=time_left(page.closes_at, now) if page.closes_at else "",
        action=action_label(page, now),
        url=page.url,
    )


def period_groups(now: datetime.datetime, *, state: str = "open") -> list[Group]:
    """Dialogues, surveys …: open now, upcoming or closed; one query per page type."""
    opened = Q(opens_at__isnull=True) | Q(opens_at__lte=now)
    not_closed = Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    groups = []
    for model in period_types():
        pages = model.objects.live().public().select_related("organisation")
        if state == "open":
            pages = pages.filter(opened & not_closed).order_by("closes_at", "title")
        elif state == "upcoming":
            pages = pages.filter(opens_at__gt=now).order_by("opens_at", "title")
        else:
            pages = pages.filter(closes_at__lte=now).order_by("-closes_at", "title")
            pages = pages[:CLOSED_SHOWN]
        items = [_period_item(page, now) for page in pages.defer_streamfields()]
        if items:
            groups.append(Group(str(model._meta.verbose_name_plural), items))
    return groups


def upcoming_events(now: datetime.datetime, limit: int) -> list[Item]:
    items = []
    for model in event_types():
        pages = model.objects.live().public().filter(end__gte=now).select_related("organisation")
        if _has_fields(model, "cancelled"):
            pages = pages.filter(cancelled=False)
        for page in pages.defer_streamfields().order_by("start", "pk")[:limit]:
            items.append(
                Item(
                    page=page,
                    kind=str(model._meta.verbose_name),
                    starts_at=page.start,
                    ends_at=page.end,
                    action=action_label(page, now),
                    url=page.url,
                )
            )
    return sorted(items, key=lambda item: item.starts_at)[:limit]


# Procedures ---------------------------------------------------------------------------


def procedures(now: datetime.datetime):
    """Every live, public procedure with the dates its status needs (one query)."""
    participation = Q(phases__kind=PhaseKind.PARTICIPATION)
    return (
        ProcedurePage.objects.live()
        .public()
        .select_related("organisation")
        .defer_streamfields()
        .annotate(
            first_start=Min("phases__start"),
            last_end=Max("phases__end"),
            participation_start=Min("phases__start", filter=participation),
            participation_end=Max("phases__end", filter=participation),
            result_start=Min("phases__start", filter=Q(phases__kind=PhaseKind.RESULT)),
        )
        .order_by("-first_start", "title")
    )


def _with_status(pages, now: datetime.datetime) -> list[ProcedurePage]:
    pages = list(pages)
    for page in pages:
        page.index_status = page.status_from_dates(now)
        if page.index_status.code == ProcedureStatus.OPEN:
            page.time_left = time_left(page.participation_end, now)
            page.deadline = format_deadline(page.participation_end)
        page.has_results = bool(page.statements_public and page.results_published_at)
    return pages


class PlaceFilterForm(forms.Form):
    """Filter the procedures by a municipality (organisation) or a place name."""

    q = forms.CharField(
        label=_("Place or title"),
        required=False,
        max_length=100,
        help_text=_("e.g. Darmstadt, Kurpark"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Municipality or authority"),
        queryset=Organisation.objects.administrations().order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("All"),
    )


def filter_procedures(pages, form: PlaceFilterForm):
    if not form.is_valid():
        return pages
    data = form.cleaned_data
    if data["organisation"]:
        pages = pages.filter(organisation=data["organisation"])
    if data["q"]:
        text = data["q"]
        pages = pages.filter(
            Q(title__icontains=text)
            | Q(area_description__icontains=text)
            | Q(summary__icontains=text)
            | Q(organisation__name__icontains=text)
        )
    return pages


def procedures_map(pages: list[ProcedurePage]) -> dict | None:
    """All planning areas on one folium map; each area's tooltip is its title (as text)."""
    located = [(page, area_geometry(page.planning_area)) for page in pages]
    located = [(page, geometry) for page, geometry in located if geometry]
    if not located:
        return None
    drawn = [
        (str(page.title), page.index_status.code, str(page.index_status.label), geometry)
        for page, geometry in located
    ]
    return {"map": cached_embed(lambda: _procedures_map(drawn), drawn), **tile_settings()}


def _procedures_map(drawn: list[tuple[str, str, str, dict]]) -> folium.Map:
    # Imported here: folium and shapely cost every process of the portal 0.3 s at start.
    import folium
    from shapely.geometry import shape

    fmap = base_map()
    bounds = [shape(geometry).bounds for *_facts, geometry in drawn]
    for title, status, status_label, geometry in drawn:
        colour = STATUS_COLOURS.get(status, "#004b87")
        layer = folium.GeoJson(
            geometry,
            style_function=lambda feature, colour=colour: {
                "color": colour,
                "weight": 3,
                "fillOpacity": 0.12,
            },
        )
        text_tooltip(layer, f"{title} ({status_label})", sticky=True)
        layer.add_to(fmap)
    fmap.fit_bounds(
        [
            [min(b[1] for b in bounds), min(b[0] for b in bounds)],
            [max(b[3] for b in bounds), max(b[2] for b in bounds)],
        ]
    )
    return fmap


# The pages ----------------------------------------------------------------------------


def open_now(now: datetime.datetime, all_procedures: list[ProcedurePage], events: int) -> dict:
    """What the home page and the overview show under "Jetzt mitmachen": one list of every
    open procedure, dialogue, survey and map feedback, the soonest deadline first."""
    open_procedures = [p for p in all_procedures if p.index_status.code == ProcedureStatus.OPEN]
    items = []
    for procedure in open_procedures:
        items.append(
            Item(
                page=procedure,
                kind=gettext("Statements"),
                ends_at=procedure.participation_end,
                left=procedure.time_left,
                action=gettext("Submit a statement"),
                url=procedure.url + "#stellungnahme",
                deadline=procedure.deadline,
                open=True,
            )
        )
        if procedure.map_feedback:
            items.append(
                Item(
                    page=procedure,
                    kind=gettext("Map feedback"),
                    ends_at=procedure.participation_end,
                    left=procedure.time_left,
                    action=gettext("Mark a place on the map"),
                    url=reverse("maps:feedback", args=[procedure.pk]),
                    open=True,
                )
            )
    for group in period_groups(now):
        items.extend(group.items)
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    items.sort(key=lambda item: (item.ends_at or far, item.page.title))
    results = [p for p in all_procedures if p.index_status.code == ProcedureStatus.CONCLUDED]
    results.sort(key=lambda p: p.result_start or p.last_end, reverse=True)
    return {
        "open_items": items,
        "events": upcoming_events(now, events),
        "results": results[:RESULTS_SHOWN],
    }


def home_context(now: datetime.datetime) -> dict:
    return open_now(now, _with_status(procedures(now), now), EVENTS_ON_HOME)


def overview_context(request, now: datetime.datetime) -> dict:
    all_procedures = _with_status(procedures(now), now)
    form = PlaceFilterForm(request.GET or None)
    filtered = _with_status(filter_procedures(procedures(now), form), now)
    context = open_now(now, all_procedures, EVENTS_ON_OVERVIEW)
    context.update(
        form=form,
        filtered=filtered,
        filtered_map=procedures_map(filtered),
        upcoming_groups=period_groups(now, state="upcoming"),
        closed_groups=period_groups(now, state="closed"),
        procedure_index=ProcedureIndexPage.objects.live().public().first(),
    )
    return context


# The summary box of a procedure page -------------------------------------------------


@dataclass
class Summary:
    status: object
    deadline: str = ""
    left: str = ""
    actions: list[Item] = field(default_factory=list)


def procedure_summary(procedure: ProcedurePage, now: datetime.datetime) -> Summary:
    """Status, deadline and one action per way to take part, for the top of the page."""
    summary = Summary(status=procedure.status(now))
    phase = procedure.participation_phase()
    if phase is not None and phase.end > now:
        summary.deadline = format_deadline(phase.end)
        summary.left = time_left(phase.end, now) if phase.start <= now else ""
    if procedure.accepts_statements(now):
        summary.actions.append(
            Item(
                procedure,
                gettext("Statement"),
                action=gettext("Submit a statement"),
                url="#stellungnahme",
            )
        )
    if procedure.accepts_map_feedback(now):
        summary.actions.append(
            Item(
                procedure,
                gettext("Map feedback"),
                action=gettext("Mark a place on the map"),
                url=reverse("maps:feedback", args=[procedure.pk]),
            )
        )
    if procedure.shows_results(now):
        summary.actions.append(
            Item(
                procedure,
                gettext("Results"),
                action=gettext("Read the results of the weighing"),
                url="#results-heading",
            )
        )
    for child in procedure_children(procedure):
        if child.is_open_now(now):
            summary.actions.append(child)
    return summary


def procedure_children(procedure: ProcedurePage) -> list[Item]:
    """The procedure's dialogues, surveys and events, in the editors' order (one query per
    page type, cached on the page object: the summary and the "Take part" list both ask)."""
    cached = getattr(procedure, "_children_items", None)
    if cached is not None:
        return cached
    now = timezone.now()
    items = []
    for child in procedure.get_children().live().public().specific():
        item = Item(page=child, kind=str(child._meta.verbose_name), url=child.url)
        if _has_fields(type(child), "opens_at", "closes_at"):
            item.starts_at, item.ends_at = child.opens_at, child.closes_at
            item.left = time_left(child.closes_at, now) if child.closes_at else ""
        elif _has_fields(type(child), "start", "end"):
            item.starts_at, item.ends_at = child.start, child.end
        item.action = action_label(child, now)
        item.open = item.is_open_now(now)
        items.append(item)
    procedure._children_items = items
    return items
