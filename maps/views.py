import gzip
import json
import math
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db.models import FloatField
from django.db.models.functions import Cast, Round
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from beteiligung.page_cache import cache_for_visitors
from beteiligung.ratelimit import over_limit
from geo.embed import EmbeddedMap, base_map, cached_embed, embed, tile_settings
from maps import page_cache, services
from maps.forms import PublicFilterForm, ReportForm
from maps.models import Report, ReportCategory, ReportStatus, find_nearby

MAP_DATA_CACHE_KEY = "maps:karte.json"
MAP_DATA_SECONDS = 60
STASH_SECONDS = 3600
SUPPORTS_PER_HOUR = 30


def duplicate_radius() -> int:
    return settings.MAPS_DUPLICATE_RADIUS_M


def rate_limited(request: HttpRequest) -> bool:
    """At most MAPS_REPORT_RATE_LIMIT report submissions per IP address and hour."""
    return over_limit(request, "maps:report", settings.MAPS_REPORT_RATE_LIMIT)


def category_data() -> dict:
    return {
        str(pk): {"name": name, "group": group, "icon": icon, "colour": colour}
        for pk, name, group, icon, colour in ReportCategory.objects.values_list(
            "pk", "name", "group", "icon", "colour"
        )
    }


def report_index(request: HttpRequest) -> HttpResponse:
    filters = PublicFilterForm(request.GET or None)
    reports = filters.filter(Report.objects.public()).select_related("category")
    page = Paginator(
        reports.only(
            "pk",
            "created_at",
            "status",
            "address",
            "lat",
            "lon",
            "description",
            "supporters_count",
            "category__name",
            "category__group",
        ),
        25,
    ).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    embedded, cluster_name = _report_index_map()
    cache_for_visitors(request, "pages", page_cache.REPORTS)
    return render(
        request,
        "maps/report_index.html",
        {
            "filters": filters,
            "page": page,
            "extra": "&" + query.urlencode() if query else "",
            "map": embedded,
            "cluster_name": cluster_name,
            "status_labels": {value: str(label) for value, label in ReportStatus.choices},
            **tile_settings(),
        },
    )


def _report_index_map() -> tuple[EmbeddedMap, str]:
    # An empty cluster layer: the reports come from map_data's JSON, so the map never changes.
    def build():
        # Imported here: folium costs every process of the portal a quarter of a second.
        import folium.plugins

        fmap = base_map(zoom=12)
        cluster = folium.plugins.MarkerCluster(name="reports").add_to(fmap)
        return fmap, {"cluster": cluster}

    embedded = cached_embed(build, "report index")
    return embedded, embedded.layers["cluster"]


def build_map_data() -> bytes:
    """Compact GeoJSON: id, point (5 decimals, about 1 m), category id and status only.

    With 50,000 reports this runs per row, so the database rounds to floats (no Decimal
    objects) and each feature is formatted as a string; ids, numbers and our own status
    codes need no JSON escaping.
    """
    rows = (
        Report.objects.public()
        .filter(lat__isnull=False)
        .annotate(
            lat5=Cast(Round("lat", 5), FloatField()), lon5=Cast(Round("lon", 5), FloatField())
        )
        .values_list("pk", "lat5", "lon5", "category_id", "status")
        .order_by()
    )
    feature = (
        '{"type":"Feature","id":%d,"geometry":{"type":"Point","coordinates":[%s,%s]},'
        '"properties":{"c":%d,"s":"%s"}}'
    )
    features = ",".join(
        [
            feature % (pk, repr(lon), repr(lat), category_id, status)
            for pk, lat, lon, category_id, status in rows
        ]
    )
    categories = json.dumps(category_data(), separators=(",", ":"), ensure_ascii=False)
    return (
        f'{{"type":"FeatureCollection","categories":{categories},"features":[{features}]}}'
    ).encode()


@require_GET
def map_data(request: HttpRequest) -> HttpResponse:
    # Everyone sees the same data, so one cached copy (plain and gzipped) serves all
    # visitors for a minute; gzip shrinks 50,000 features from about 6 MB to under 1 MB.
    cached = cache.get(MAP_DATA_CACHE_KEY)
    if cached is None:
        body = build_map_data()
        cached = (body, gzip.compress(body, compresslevel=6))
        cache.set(MAP_DATA_CACHE_KEY, cached, MAP_DATA_SECONDS)
    body, zipped = cached
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(zipped if accepts_gzip else body, content_type="application/geo+json")
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Cache-Control"] = f"public, max-age={MAP_DATA_SECONDS}"
    return response


def stash_photos(photos: list[tuple]) -> str:
    """Keep processed photos while the reporter looks at possible duplicates."""
    if not photos:
        return ""
    key = secrets.token_urlsafe(16)
    cache.set(
        f"maps:stash:{key}",
        [(content.read(), width, height) for content, width, height in photos],
        STASH_SECONDS,
    )
    return key


def unstash_photos(key: str) -> list[tuple]:
    if not key:
        return []
    stored = cache.get(f"maps:stash:{key}") or []
    cache.delete(f"maps:stash:{key}")
    return [(ContentFile(data, name="photo.jpg"), w, h) for data, w, h in stored]


def parse_point(lat, lon) -> list[float] | None:
    """A point from typed text, or None: "nan", "inf" and out-of-range values included."""
    try:
        point = [float(lat), float(lon)]
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in point):
        return None
    return point if abs(point[0]) <= 90 and abs(point[1]) <= 180 else None


def form_map(form: ReportForm):
    import folium

    fmap = base_map(zoom=13)
    point = parse_point(form["lat"].value(), form["lon"].value())
    location = point or list(fmap.location)
    marker = folium.Marker(location, draggable=True)
    marker.add_to(fmap)
    if point:
        fmap.location = point
    return embed(fmap), marker.get_name(), bool(point)


def report_new(request: HttpRequest) -> HttpResponse:
    # ?kategorie=<service code> (links from the site search) preselects the category.
    preselected = ReportCategory.objects.filter(
        active=True, service_code=request.GET.get("kategorie", "")
    ).first()
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"category": preselected.pk} if preselected else None,
    )
    duplicates: list[Report] = []
    stash = request.POST.get("photo_stash", "")
    if request.method == "POST":
        if rate_limited(request):
            return render(request, "maps/rate_limited.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            photos = data["photos"] or unstash_photos(stash)
            if data["lat"] is not None and not request.POST.get("duplicates_checked"):
                duplicates = find_nearby(
                    data["category"].pk, float(data["lat"]), float(data["lon"]), duplicate_radius()
                )
            if duplicates:
                stash = stash_photos(photos)
            else:
                user = request.user if request.user.is_authenticated else None
                report = services.report_create(
                    category=data["category"],
                    description=data["description"],
                    lat=data["lat"],
                    lon=data["lon"],
                    address=data["address"],
                    reporter_name=data["reporter_name"],
                    reporter_email=data.get("reporter_email", ""),
                    user=user,
                    photos=photos,
                    trusted=user is not None,
                )
                return redirect_after_report(request, report)
    fmap, marker_name, has_point = form_map(form)
    return render(
        request,
        "maps/report_form.html",
        {
            "form": form,
            "duplicates": duplicates,
            "photo_stash": stash,
            "stashed_count": len(cache.get(f"maps:stash:{stash}") or []) if stash else 0,
            "radius": duplicate_radius(),
            "categories": ReportCategory.objects.filter(active=True),
            "map": fmap,
            "marker_name": marker_name,
            "has_point": has_point,
            **tile_settings(),
        },
    )


def redirect_after_report(request: HttpRequest, report: Report) -> HttpResponse:
    if report.is_public:
        messages.success(request, _("Thank you! Your report has been published."))
        return redirect(report)
    kind = "review" if report.confirmed_at or not report.reporter_email else "confirm"
    return render(request, "maps/report_received.html", {"report": report, "kind": kind})


def report_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Mail scanners follow links; only the button (POST) confirms.
    report = get_object_or_404(Report, confirmation_token=token)
    if request.method == "POST":
        services.report_confirm(report)
        if report.is_public:
            messages.success(request, _("Thank you! Your report is confirmed and published."))
            return redirect(report)
        return render(request, "maps/report_received.html", {"report": report, "kind": "review"})
    return render(request, "maps/report_confirm.html", {"report": report})


def report_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    report = Report.from_unsubscribe_token(token)
    if report is None:
        raise Http404
    done = False
    if request.method == "POST":
        report.notify = False
        report.save(update_fields=["notify"])
        done = True
    return render(request, "maps/report_unsubscribe.html", {"report": report, "done": done})


def supporter(request: HttpRequest) -> dict:
    """Who supports: the account, or the browser session of a visitor without one."""
    if request.user.is_authenticated:
        return {"user": request.user}
    return {"session_key": request.session.session_key or ""}


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.public().select_related("category"), pk=pk)
    fmap = None
    if report.lat is not None:
        import folium

        folium_map = base_map(location=(float(report.lat), float(report.lon)), zoom=17)
        folium.Marker([float(report.lat), float(report.lon)]).add_to(folium_map)
        fmap = embed(folium_map)
    return render(
        request,
        "maps/report_detail.html",
        {
            "report": report,
            "supported": report.is_supported_by(**supporter(request)),
            "photos": [p for p in report.photos.all() if p.image],
            "updates": report.updates.all(),
            "map": fmap,
            **tile_settings(),
        },
    )


@require_POST
def report_support(request: HttpRequest, pk: int) -> HttpResponse:
    """Count a 'me too'; with ``withdraw`` (the pressed toggle on the report) take it back."""
    report = get_object_or_404(Report.objects.public().open(), pk=pk)
    if not request.user.is_authenticated:
        if over_limit(request, "maps:support", SUPPORTS_PER_HOUR):
            # Without an account a new cookie is a new supporter; the address limits that.
            messages.error(request, _("Too many supports from your connection. Please try later."))
            return redirect(report)
        if not request.session.session_key:
            request.session.save()
    if request.POST.get("withdraw"):
        if report.withdraw_support(**supporter(request)):
            messages.success(request, _("You no longer support this report."))
    elif report.add_support(**supporter(request)):
        messages.success(request, _("Thank you! We have counted your support."))
    else:
        messages.info(request, _("You already support this report."))
    return redirect(f"{report.get_absolute_url()}#unterstuetzung")


@require_GET
def nearby(request: HttpRequest) -> JsonResponse:
    """Open reports near a point, for the form's live 'already reported?' hint."""
    point = parse_point(request.GET.get("lat"), request.GET.get("lon"))
    try:
        category = int(request.GET["category"])
    except (KeyError, ValueError):
        return JsonResponse({"reports": []})
    if point is None:
        return JsonResponse({"reports": []})
    lat, lon = point
    found = find_nearby(category, lat, lon, duplicate_radius())
    return JsonResponse(
        {
            "reports": [
                {
                    "id": r.pk,
                    "url": r.get_absolute_url(),
                    "distance": round(r.distance_m),
                    "status": r.get_status_display(),
                    "description": r.description[:140],
                }
                for r in found
            ]
        }
    )
