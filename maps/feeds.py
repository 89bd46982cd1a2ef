"""Atom feed of published incident reports, optionally inside an area:
/meldungen/feed.atom?bbox=minlon,minlat,maxlon,maxlat (WGS 84, as in OpenStreetMap)."""

from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from beteiligung.feeds import FEED_ITEMS, FeedQuery, PortalFeed, absolute, html_summary, xml_text
from maps.models import Report


class BadBox(ValueError):
    pass


def parse_bbox(raw: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    try:
        values = [Decimal(part.strip()) for part in raw.split(",")]
    except InvalidOperation:
        raise BadBox from None
    if len(values) != 4 or not all(v.is_finite() for v in values):
        raise BadBox
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise BadBox
    return min_lon, min_lat, max_lon, max_lat


class ReportFeed(PortalFeed):
    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedQuery:
        query = super().get_object(request)
        if request.GET.get("bbox"):
            query.filters["bbox"] = parse_bbox(request.GET["bbox"])
        return query

    def title(self, obj: FeedQuery) -> str:
        if "bbox" in obj.filters:
            return _("Incident reports in the chosen area")
        return _("Incident reports")

    def subtitle(self, obj: FeedQuery) -> str:
        return _("New published reports with their status.")

    def link(self, obj: FeedQuery) -> str:
        return absolute("/meldungen/")

    def items(self, obj: FeedQuery):
        reports = Report.objects.public().select_related("category")
        if "bbox" in obj.filters:
            min_lon, min_lat, max_lon, max_lat = obj.filters["bbox"]
            reports = reports.filter(
                lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat
            )
        return reports.order_by("-created_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item: Report) -> str:
        place = f" – {item.address}" if item.address else ""
        return xml_text(f"{item.category.name}{place}")

    def item_link(self, item: Report) -> str:
        return absolute(item.get_absolute_url())

    def item_description(self, item: Report) -> str:
        status = _("Status: %(status)s") % {"status": item.get_status_display()}
        text = html_summary(status) + html_summary(item.description)
        if item.status_note:
            text += html_summary(item.status_note)
        return text

    def item_pubdate(self, item: Report):
        return item.created_at

    def item_updateddate(self, item: Report):
        return item.updated_at

    def item_categories(self, item: Report) -> list[str]:
        return [xml_text(item.category.name)]


def report_feed(request: HttpRequest) -> HttpResponse:
    try:
        return ReportFeed()(request)
    except BadBox:
        return HttpResponse(
            _(
                "The area (bbox) must be four numbers: western longitude, southern latitude, "
                "eastern longitude, northern latitude, e.g. bbox=8.6,49.8,8.7,49.9."
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
