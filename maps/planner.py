"""The planners' map: every located contribution of a procedure on one map, with filters,
statistics per category and sub-area, and exports (GeoJSON, CSV, XLSX).

Sources: map feedback (maps.MapContribution), located statements (cms.Statement) and,
when asked for, incident reports inside the planning area (maps.Report). Items are read
with ``values_list`` into plain tuples; the map gets them as compact JSON and clusters
them in the browser, so 10,000 points cost one query per source and a few milliseconds.

NumPy, shapely and folium are imported inside the functions that count or draw: they cost
every process of the portal (the queue, management commands, other pages) 0.4 s at start.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, Substr
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beteiligung import exports
from beteiligung.roles import staff_view
from cms.procedures import ProcedurePage, StatementStatus
from cms.weighing import weighable_procedure
from dialogues.models import CommentStatus
from geo.areas import area_geometry, sub_area_features
from geo.embed import EmbeddedMap, cached_embed, feature_tooltip, tile_settings
from geo.palette import category_colours
from maps.feedback import area_base_map
from maps.models import MapContribution, Report, ReportStatus

if TYPE_CHECKING:
    import folium
    import numpy

PIN, STATEMENT, REPORT = "pin", "statement", "report"
DEFAULT_SOURCES = [PIN, STATEMENT]
SOURCES = {
    PIN: _("Map notes"),
    STATEMENT: _("Statements"),
    REPORT: _("Incident reports"),
}
SHORT_TEXT = 160
PER_PAGE = 50
PIN_COUNTS_SECONDS = 24 * 3600


@dataclass(slots=True)
class Item:
    source: str
    pk: int
    latitude: float | None
    longitude: float | None
    category: int | None  # index into the procedure's feedback categories
    created: datetime.datetime
    status: str
    text: str
    place: str
    link_id: int  # the comment behind a map note; the item itself otherwise


def status_choices() -> list[tuple[str, str]]:
    choices = [("", _("All"))]
    for source, statuses in (
        (PIN, CommentStatus.choices),
        (STATEMENT, [c for c in StatementStatus.choices if c[0] != StatementStatus.DRAFT]),
        (REPORT, ReportStatus.choices),
    ):
        choices += [
            (f"{source}:{value}", f"{SOURCES[source]}: {label}") for value, label in statuses
        ]
    return choices


class PlannerFilterForm(forms.Form):
    sources = forms.MultipleChoiceField(
        label=_("Sources"),
        choices=list(SOURCES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=lambda: DEFAULT_SOURCES,
    )
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    phase = forms.TypedChoiceField(label=_("Phase"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    q = forms.CharField(label=_("Text contains"), required=False, max_length=100)

    def __init__(self, data, *, procedure: ProcedurePage, categories: list) -> None:
        if data is not None and not data.getlist("sources"):
            # Nothing ticked shows the default sources: the boxes say so.
            data = data.copy()
            data.setlist("sources", DEFAULT_SOURCES)
        super().__init__(data)
        self.procedure = procedure
        self.fields["category"].choices = [("", _("All"))] + [
            (n, name) for n, (_pk, name, _colour) in enumerate(categories)
        ]
        self.fields["phase"].choices = [("", _("All"))] + [
            (phase.pk, phase.title) for phase in procedure.ordered_phases()
        ]
        self.fields["status"].choices = status_choices()

    def value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None

    def chosen_sources(self) -> list[str]:
        # Without a choice: map notes and statements; incident reports only when asked for.
        return self.value("sources") or DEFAULT_SOURCES

    def period(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        start = end = None
        phase_id = self.value("phase")
        if phase_id:
            phase = next((p for p in self.procedure.ordered_phases() if p.pk == phase_id), None)
            if phase:
                start, end = phase.start, phase.end
        tz = timezone.get_current_timezone()
        if self.value("start"):
            day = datetime.datetime.combine(self.value("start"), datetime.time.min, tzinfo=tz)
            start = max(start, day) if start else day
        if self.value("end"):
            day = datetime.datetime.combine(
                self.value("end") + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
            end = min(end, day) if end else day
        return start, end


def categories_of(procedure: ProcedurePage) -> list[tuple[int, str, str]]:
    """(pk, name, colour) per category; colours from the colour-blind-safe palette, distinct."""
    rows = list(procedure.feedback_categories.values_list("pk", "name", "colour"))
    colours = category_colours([colour for _pk, _name, colour in rows])
    return [(pk, name, colour) for (pk, name, _old), colour in zip(rows, colours, strict=True)]


def _period(queryset, field: str, start, end):
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lt": end})
    return queryset


def _as_float(value) -> float | None:
    return None if value is None else float(value)


def _floats(queryset, lat: str, lon: str):
    # Floats from the database skip building a Decimal per coordinate (about a quarter of the
    # time at 50,000 points on SQLite); the map and the exports need floats anyway.
    return queryset.annotate(lat_f=Cast(lat, FloatField()), lon_f=Cast(lon, FloatField()))


@dataclass
class Selection:
    """The filtered querysets of one request; the map page counts and pages them in the
    database, the data endpoint and the exports read them whole (``collect``)."""

    pins: object | None  # MapContribution queryset, or None when the source is not chosen
    statements: object | None  # Statement queryset
    reports: bool
    start: datetime.datetime | None
    end: datetime.datetime | None
    status_value: str
    text_query: str
    index: dict  # category pk -> index into the categories


def select(procedure: ProcedurePage, filters: PlannerFilterForm, categories: list) -> Selection:
    start, end = filters.period()
    text_query = filters.value("q") or ""
    status = filters.value("status") or ""
    status_source, _sep, status_value = status.partition(":")
    category = filters.value("category")
    category_pk = (
        categories[category][0] if category is not None and category < len(categories) else None
    )
    sources = filters.chosen_sources()
    if category_pk is not None:
        sources = [s for s in sources if s == PIN]  # only map notes have categories
    if status_source:
        sources = [s for s in sources if s == status_source]
    pins = statements = None
    if PIN in sources:
        pins = _period(
            MapContribution.objects.filter(procedure=procedure), "created_at", start, end
        )
        pins = pins.exclude(comment__status=CommentStatus.DELETED)
        if category_pk is not None:
            pins = pins.filter(category_id=category_pk)
        if status_value:
            pins = pins.filter(comment__status=status_value)
        if text_query:
            pins = pins.filter(
                Q(comment__text__icontains=text_query) | Q(place__icontains=text_query)
            )
    if STATEMENT in sources:
        statements = _period(procedure.statements.submitted(), "submitted_at", start, end)
        statements = statements.located()
        if status_value:
            statements = statements.filter(status=status_value)
        if text_query:
            statements = statements.filter(
                Q(text__icontains=text_query) | Q(place__icontains=text_query)
            )
    return Selection(
        pins=pins,
        statements=statements,
        reports=REPORT in sources,
        start=start,
        end=end,
        status_value=status_value,
        text_query=text_query,
        index={pk: n for n, (pk, _name, _colour) in enumerate(categories)},
    )


def _text(field: str, full_text: bool):
    return F(field) if full_text else Substr(field, 1, SHORT_TEXT)


def _pin_items(selection: Selection, pins, full_text: bool = False) -> list[Item]:
    rows = _floats(pins, "latitude", "longitude").annotate(short=_text("comment__text", full_text))
    rows = rows.values_list(
        "pk", "lat_f", "lon_f", "category_id", "created_at", "comment__status",
        "short", "place", "comment_id",
    )  # fmt: skip
    index = selection.index
    return [
        Item(PIN, pk, _as_float(lat), _as_float(lon), index.get(cat), created, st, txt, place, cid)
        for pk, lat, lon, cat, created, st, txt, place, cid in rows
    ]


def _statement_items(statements, full_text: bool = False) -> list[Item]:
    rows = _floats(statements, "latitude", "longitude").annotate(short=_text("text", full_text))
    rows = rows.values_list("pk", "lat_f", "lon_f", "submitted_at", "status", "short", "place")
    return [
        Item(STATEMENT, pk, _as_float(lat), _as_float(lon), None, created, st, txt, place, pk)
        for pk, lat, lon, created, st, txt, place in rows
    ]


def _reports(procedure: ProcedurePage, selection: Selection, full_text: bool = False):
    return reports_in_area(
        procedure,
        selection.start,
        selection.end,
        selection.status_value,
        selection.text_query,
        full_text,
    )


def _newest(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item.created, item.pk), reverse=True)


def collect(
    procedure: ProcedurePage, filters: PlannerFilterForm, categories: list, full_text: bool = False
) -> list[Item]:
    """All contributions that pass the filters, newest first."""
    selection = select(procedure, filters, categories)
    items: list[Item] = []
    if selection.pins is not None:
        items += _pin_items(selection, selection.pins.order_by(), full_text)
    if selection.statements is not None:
        items += _statement_items(selection.statements.order_by(), full_text)
    if selection.reports:
        items += _reports(procedure, selection, full_text)
    return _newest(items)


class NewestFirst:
    """The filtered contributions for the Paginator, without reading them all: a page of
    them is the newest rows of each source up to the page's end, merged in Python."""

    def __init__(self, selection: Selection, reports: list[Item], total: int):
        self.selection, self.reports, self.total = selection, reports, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Item]:
        stop = window.stop
        items = list(self.reports)
        if self.selection.pins is not None:
            newest = self.selection.pins.order_by("-created_at", "-pk")[:stop]
            items += _pin_items(self.selection, newest)
        if self.selection.statements is not None:
            newest = self.selection.statements.order_by("-submitted_at", "-pk")[:stop]
            items += _statement_items(newest)
        return _newest(items)[window]


def planner_statistics(
    procedure: ProcedurePage, selection: Selection, reports: list[Item], categories
):
    """Counts per source and category and per sub-area. With sub-areas the notes' counts
    come from their coordinates and categories (``pin_counts``, kept while the selected
    notes are unchanged); statements and reports, far fewer, are counted each time."""
    import numpy

    per_category = [0] * len(categories)
    per_source = dict.fromkeys(SOURCES, 0)
    features = sub_area_features(procedure.sub_areas)
    matrix = numpy.zeros((len(features), len(categories) + 1), dtype=int)
    if selection.pins is not None and features:
        per_source[PIN], per_category, pins_matrix = pin_counts(selection, features, categories)
        matrix += pins_matrix
    elif selection.pins is not None:
        rows = selection.pins.order_by().values("category_id").annotate(n=Count("pk"))
        for row in rows:
            per_source[PIN] += row["n"]
            n = selection.index.get(row["category_id"])
            if n is not None:
                per_category[n] += row["n"]
    xs, ys = [], []
    if selection.statements is not None and features:
        rows = _floats(selection.statements, "latitude", "longitude").order_by()
        found = _plain_rows(rows.values_list("lat_f", "lon_f"), 2)
        per_source[STATEMENT] = len(found)
        ys.append(found[:, 0])
        xs.append(found[:, 1])
    elif selection.statements is not None:
        per_source[STATEMENT] = selection.statements.count()
    per_source[REPORT] = len(reports)
    if not features:
        return per_source, per_category, []
    ys.append(numpy.array([item.latitude for item in reports], dtype=float))
    xs.append(numpy.array([item.longitude for item in reports], dtype=float))
    xs, ys = numpy.concatenate(xs), numpy.concatenate(ys)
    matrix += _count_matrix(features, xs, ys, numpy.full(len(xs), -1), len(categories))
    return per_source, per_category, _sub_area_rows(features, matrix, len(categories))


def pin_counts(
    selection: Selection, features: list, categories: list
) -> tuple[int, list[int], numpy.ndarray]:
    """(notes, notes per category, sub-areas × (categories + without) counts) of the
    selected notes. Reading 50,000 coordinates is most of the page, so the result is kept
    under a fingerprint of the selected rows: their number and sums of id, id × latitude,
    id × longitude and id × category, one aggregate in the database. A new, removed,
    hidden, moved or recategorised note changes it, so no signal has to invalidate."""
    import numpy

    located = _floats(selection.pins, "latitude", "longitude").order_by()
    fingerprint = located.aggregate(
        n=Count("pk"),
        ids=Sum("pk"),
        lat=Sum(F("pk") * F("lat_f"), output_field=FloatField()),
        lon=Sum(F("pk") * F("lon_f"), output_field=FloatField()),
        cat=Sum(F("pk") * F("category_id")),
    )
    facts = [features, sorted(selection.index.items()), len(categories), fingerprint]
    digest = hashlib.sha256(json.dumps(facts, default=str, sort_keys=True).encode()).hexdigest()
    key = f"maps:planner:pins:{digest}"
    kept = cache.get(key)
    if kept is not None:
        count, per_category, matrix = kept
        return count, per_category, numpy.array(matrix, dtype=int)
    found = _plain_rows(located.values_list("lat_f", "lon_f", "category_id"), 3)
    # Category pk -> its index among the categories; -1 for none or unknown.
    indices = numpy.full(len(found), -1, dtype=int)
    per_category = [0] * len(categories)
    for pk, n in selection.index.items():
        chosen = found[:, 2] == pk
        indices[chosen] = n
        per_category[n] = int(numpy.count_nonzero(chosen))
    # Notes without coordinates (NaN) fall in no sub-area.
    matrix = _count_matrix(features, found[:, 1], found[:, 0], indices, len(categories))
    cache.set(key, (len(found), per_category, matrix.tolist()), PIN_COUNTS_SECONDS)
    return len(found), per_category, matrix


def _plain_rows(queryset, width: int) -> numpy.ndarray:
    """The rows of a ``values_list`` of numbers as a float array (None as NaN), read from
    the cursor at once: at 50,000 notes Django's per-row converters and iterator cost
    more than the query itself (half of the planners' map page)."""
    import numpy

    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return numpy.empty((0, width), dtype=float)
    return numpy.array(rows, dtype=float)


def reports_in_area(procedure, start, end, status_value, text_query, full_text) -> list[Item]:
    import numpy
    import shapely
    from shapely.geometry import shape

    geometry = area_geometry(procedure.planning_area)
    if not geometry:
        return []
    area = shape(geometry)
    minx, miny, maxx, maxy = area.bounds
    reports = _period(
        # Reports belong to the triage of their category's organisation, often not the
        # procedure's: only public ones reach the planners' map and its exports.
        Report.objects.public().filter(
            lat__gte=miny,
            lat__lte=maxy,
            lon__gte=minx,
            lon__lte=maxx,
        ),
        "created_at",
        start,
        end,
    )
    if status_value:
        reports = reports.filter(status=status_value)
    if text_query:
        reports = reports.filter(
            Q(description__icontains=text_query) | Q(address__icontains=text_query)
        )
    field = F("description") if full_text else Substr("description", 1, SHORT_TEXT)
    rows = list(
        reports.annotate(short=field)
        .values_list("pk", "lat", "lon", "created_at", "status", "short", "address")
        .order_by()
    )
    if not rows:
        return []
    inside = shapely.contains_xy(
        area, numpy.array([float(r[2]) for r in rows]), numpy.array([float(r[1]) for r in rows])
    )
    return [
        Item(REPORT, pk, float(lat), float(lon), None, created, st, txt, place, pk)
        for (pk, lat, lon, created, st, txt, place), keep in zip(rows, inside, strict=True)
        if keep
    ]


def admin_link(procedure: ProcedurePage, item: Item) -> str:
    if item.source == PIN:
        return f"{reverse('dialogues_moderation:queue')}?filter=alle&kommentar={item.link_id}"
    if item.source == STATEMENT:
        return reverse("cms_weighing:edit", args=[procedure.pk, item.pk])
    return reverse("maps_admin:report", args=[item.pk])


def sub_area_statistics(procedure: ProcedurePage, items: list[Item], categories: list) -> list:
    """Per sub-area: the name, its polygon, the count per category and in all."""
    features = sub_area_features(procedure.sub_areas)
    if not features:
        return []
    located = [item for item in items if item.latitude is not None]
    return _sub_area_counts(
        features,
        [item.longitude for item in located],
        [item.latitude for item in located],
        [-1 if item.category is None else item.category for item in located],
        categories,
    )


def _sub_area_counts(features: list, xs: list, ys: list, cats: list, categories: list) -> list:
    import numpy

    xs = numpy.array(xs, dtype=float)
    ys = numpy.array(ys, dtype=float)
    cats = numpy.array(cats, dtype=int)
    matrix = _count_matrix(features, xs, ys, cats, len(categories))
    return _sub_area_rows(features, matrix, len(categories))


def _count_matrix(
    features: list, xs: numpy.ndarray, ys: numpy.ndarray, cats: numpy.ndarray, width: int
) -> numpy.ndarray:
    """Per sub-area the points inside it per category index, the last column those
    without a category (index -1)."""
    import numpy
    import shapely
    from shapely.geometry import shape

    matrix = numpy.zeros((len(features), width + 1), dtype=int)
    if not len(xs):
        return matrix
    columns = numpy.where(cats < 0, width, cats)
    for row, feature in enumerate(features):
        geometry = shape(feature["geometry"])
        shapely.prepare(geometry)
        inside = shapely.contains_xy(geometry, xs, ys)
        matrix[row] = numpy.bincount(columns[inside], minlength=width + 1)
    return matrix


def _sub_area_rows(features: list, matrix: numpy.ndarray, width: int) -> list:
    return [
        {
            "name": feature["properties"]["name"],
            "feature": feature,
            "per_category": [int(n) for n in counts[:width]],
            "other": int(counts[width]),
            "total": int(counts.sum()),
        }
        for feature, counts in zip(features, matrix, strict=True)
    ]


CHOROPLETH = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]


def choropleth_colour(count: int, highest: int) -> str:
    if highest == 0:
        return CHOROPLETH[0]
    return CHOROPLETH[min(len(CHOROPLETH) - 1, int(count / highest * (len(CHOROPLETH) - 1) + 0.5))]


def planner_embedded_map(procedure: ProcedurePage, stats: list) -> EmbeddedMap:
    """The map, built by folium once per change of what it draws: the planning area and
    the sub-areas with their counts (the markers come from ``planner_data`` in the
    browser)."""
    drawn = [(row["name"], row["feature"], row["total"]) for row in stats]
    return cached_embed(
        lambda: planner_folium_map(procedure, stats), "planner", procedure.planning_area, drawn
    )


def planner_folium_map(procedure: ProcedurePage, stats: list) -> tuple[folium.Map, dict]:
    import folium
    import folium.plugins

    fmap = area_base_map(procedure)
    fmap.get_root().title = str(_("Planners' map"))
    if stats:
        highest = max(row["total"] for row in stats)
        collection = {
            "type": "FeatureCollection",
            "features": [
                {**row["feature"], "properties": {"name": row["name"], "count": row["total"]}}
                for row in stats
            ],
        }
        layer = folium.GeoJson(
            collection,
            name=str(_("Contributions per sub-area")),
            show=False,
            style_function=lambda feature: {
                "fillColor": choropleth_colour(feature["properties"]["count"], highest),
                "color": "#333",
                "weight": 1,
                "fillOpacity": 0.6,
            },
        ).add_to(fmap)
        feature_tooltip(layer, ["name", "count"], [_("Sub-area"), _("Contributions")])
    # Empty plugin layers bring their assets; planner-map.js fills them in the browser.
    cluster = folium.plugins.MarkerCluster(
        name=str(_("Contributions")), options={"chunkedLoading": True}
    )
    cluster.add_to(fmap)
    heat = folium.plugins.HeatMap([], name=str(_("Heat map")), show=False, radius=18)
    heat.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap, {"cluster": cluster, "heat": heat}


def _filters(request: HttpRequest, procedure: ProcedurePage, categories: list):
    return PlannerFilterForm(request.GET or None, procedure=procedure, categories=categories)


@staff_view
def planner_map(request: HttpRequest, page_id: int) -> HttpResponse:
    procedure = weighable_procedure(request, page_id)
    categories = categories_of(procedure)
    filters = _filters(request, procedure, categories)
    selection = select(procedure, filters, categories)
    reports = _reports(procedure, selection) if selection.reports else []
    per_source, per_category, stats = planner_statistics(procedure, selection, reports, categories)
    contributions = NewestFirst(selection, reports, sum(per_source.values()))
    page = Paginator(contributions, PER_PAGE).get_page(request.GET.get("seite"))
    # Labels looked up here: loops over every label per row in the template were a
    # sixth of the page.
    status_labels = dict(status_choices()[1:])
    rows = [
        {
            "item": item,
            "link": admin_link(procedure, item),
            "source": SOURCES[item.source],
            "category": categories[item.category][1] if item.category is not None else "",
            "status": status_labels.get(f"{item.source}:{item.status}", ""),
        }
        for item in page
    ]
    query = request.GET.copy()
    query.pop("seite", None)
    embedded = planner_embedded_map(procedure, stats)
    return render(
        request,
        "maps_admin/planner.html",
        {
            "page_title": gettext("Planners' map: %(title)s") % {"title": procedure.title},
            "procedure": procedure,
            "filters": filters,
            "page": page,
            "rows": rows,
            "total": contributions.total,
            "map": embedded,
            "cluster_name": embedded.layers["cluster"],
            "heat_name": embedded.layers["heat"],
            "categories": [
                {"name": name, "colour": colour, "count": per_category[n]}
                for n, (_pk, name, colour) in enumerate(categories)
            ],
            "per_source": [(SOURCES[key], count) for key, count in per_source.items()],
            "stats": stats,
            "query": query.urlencode(),
            "extra": "&" + query.urlencode() if query else "",
            "status_labels": status_labels,
            **tile_settings(),
        },
    )


@staff_view
def planner_data(request: HttpRequest, page_id: int) -> HttpResponse:
    """[source, id, lat, lon, category, date, status, text, admin link] per located item."""
    procedure = weighable_procedure(request, page_id)
    categories = categories_of(procedure)
    items = collect(procedure, _filters(request, procedure, categories), categories)
    tz = timezone.get_current_timezone()
    moderation = f"{reverse('dialogues_moderation:queue')}?filter=alle&kommentar="
    links = {
        PIN: moderation,
        STATEMENT: reverse("cms_weighing:edit", args=[procedure.pk, 0])[:-2],
        REPORT: reverse("maps_admin:report", args=[0])[:-2],
    }
    body = {
        "sources": {key: str(label) for key, label in SOURCES.items()},
        "links": links,
        "categories": [{"name": name, "colour": colour} for _pk, name, colour in categories],
        "items": [
            [
                item.source,
                item.link_id,
                round(item.latitude, 5),
                round(item.longitude, 5),
                item.category,
                item.created.astimezone(tz).date().isoformat(),
                item.status,
                item.text,
            ]
            for item in items
            if item.latitude is not None
        ],
    }
    return HttpResponse(
        json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        content_type="application/json",
    )


# Exports ------------------------------------------------------------------------------


def export_rows(procedure: ProcedurePage, items: list[Item], categories: list) -> list[list]:
    """One row per item: the date as a date, coordinates as numbers (the table writer makes
    them date and number cells in XLSX, German dates and decimal commas in CSV)."""
    status_labels = dict(status_choices()[1:])
    return [
        [
            str(SOURCES[item.source]),
            item.pk,
            categories[item.category][1] if item.category is not None else "",
            item.created,
            status_labels.get(f"{item.source}:{item.status}", item.status).split(": ", 1)[-1],
            item.latitude,
            item.longitude,
            item.place,
            item.text,
        ]
        for item in items
    ]


def export_header() -> list[str]:
    return [
        gettext("Source"),
        gettext("ID"),
        gettext("Category"),
        gettext("Date"),
        gettext("Status"),
        gettext("Latitude"),
        gettext("Longitude"),
        gettext("Place"),
        gettext("Text"),
    ]


@staff_view
def planner_export(request: HttpRequest, page_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("geojson", "csv", "xlsx"):
        raise Http404
    procedure = weighable_procedure(request, page_id)
    categories = categories_of(procedure)
    items = collect(procedure, _filters(request, procedure, categories), categories, full_text=True)
    name = f"karte-{procedure.slug}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(
            name, export_header(), export_rows(procedure, items, categories)
        )
    if fmt == "xlsx":
        return exports.xlsx_response(name, *sheets(procedure, items, categories))
    response = JsonResponse(
        geojson(procedure, items, categories),
        json_dumps_params={"ensure_ascii": False},
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def geojson(procedure: ProcedurePage, items: list[Item], categories: list) -> dict:
    """RFC 7946: WGS 84 longitude/latitude, no "crs" member; unlocated items are left out.

    Each feature's id ("note-12") is unique across sources; the item's own number is the
    property "number". A property called "id" would repeat across sources, and GDAL takes it
    as the feature id, so converting to GeoPackage (QGIS) failed on the duplicates."""
    features = []
    for item, row in zip(items, export_rows(procedure, items, categories), strict=True):
        if item.latitude is None:
            continue
        properties = dict(
            zip(["source", "number", "category", "date", "status"], row[:5], strict=True)
        )
        properties.update(
            date=timezone.localtime(item.created).strftime("%Y-%m-%d %H:%M"),
            source_code=item.source,
            created=item.created.isoformat(),
            place=item.place,
            text=item.text,
        )
        features.append(
            {
                "type": "Feature",
                "id": f"{item.source}-{item.pk}",
                "geometry": {"type": "Point", "coordinates": [item.longitude, item.latitude]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def sheets(procedure: ProcedurePage, items: list[Item], categories: list) -> list[exports.Sheet]:
    contributions = exports.Sheet(
        gettext("Contributions")[:31], export_header(), export_rows(procedure, items, categories)
    )
    stats = sub_area_statistics(procedure, items, categories)
    if not stats:
        return [contributions]
    summary = exports.Sheet(
        gettext("Sub-areas")[:31],
        [gettext("Sub-area")]
        + [name for _pk, name, _colour in categories]
        + [gettext("Other sources"), gettext("Total")],
        [[row["name"], *row["per_category"], row["other"], row["total"]] for row in stats],
    )
    return [contributions, summary]
