"""Wagtail API v2 for apps (/api/v2/): pages, images, documents, and its OpenAPI description.

What the stock endpoint lacks and this adds: every URL is absolute from ``SITE_URL`` (the
Wagtail Site record of the demo says ``http://localhost/``, and a proxy's Host header is no
better), and events can be filtered by date (``start_after``, ``start_before``), which
Wagtail's field filter cannot do (``start__gte`` answers 400).
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

OPENAPI_FILE = Path(__file__).parent / "openapi" / "pages.json"
DATE_PARAMETERS = {"start_after": "start__gte", "start_before": "start__lt"}


def absolute_page_url(page: Page) -> str | None:
    """The page's public address under SITE_URL, whatever the Site record says."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    return settings.SITE_URL + parts[2]


class SiteUrlField(PageHtmlUrlField):
    def to_representation(self, page: Page) -> str | None:
        return absolute_page_url(page)


class SiteUrlParentField(PageParentField):
    def to_representation(self, value: Page) -> dict:
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PortalPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class PortalPageSerializer(PageSerializer):
    html_url = SiteUrlField(read_only=True)
    parent = SiteUrlParentField(read_only=True)


def _moment(name: str, raw: str) -> datetime.datetime:
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise ValueError
        value = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)  # a date or local time means Europe/Berlin
    return value


class EventDateFilter(BaseFilterBackend):
    """``?type=events.EventPage&start_after=2026-12-01`` gives the upcoming events."""

    def filter_queryset(self, request: HttpRequest, queryset, view):
        for name, lookup in DATE_PARAMETERS.items():
            raw = request.GET.get(name)
            if raw is None:
                continue
            if not any(f.name == "start" for f in queryset.model._meta.get_fields()):
                raise BadRequestError(
                    f"{name} gilt nur für Veranstaltungen: bitte type=events.EventPage angeben."
                )
            try:
                moment = _moment(name, raw)
            except ValueError:
                raise BadRequestError(
                    f"{name}: bitte ein Datum wie 2026-12-01 oder einen Zeitpunkt wie "
                    "2026-12-01T18:00:00+01:00 angeben."
                ) from None
            queryset = queryset.filter(**{lookup: moment})
        return queryset


class PortalPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = PortalPageSerializer
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(DATE_PARAMETERS)
    # Before the ordering and the search filter, which must stay last.
    filter_backends = [
        *PagesAPIViewSet.filter_backends[: PagesAPIViewSet.filter_backends.index(OrderingFilter)],
        EventDateFilter,
        *PagesAPIViewSet.filter_backends[PagesAPIViewSet.filter_backends.index(OrderingFilter) :],
    ]

    def get_queryset(self):
        # A page type names what its api_fields read (``api_prefetch``), so a listing needs
        # the same number of queries for 2 pages as for 100.
        queryset = super().get_queryset()
        prefetch = getattr(queryset.model, "api_prefetch", ())
        return queryset.prefetch_related(*prefetch) if prefetch else queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)


def openapi_description(request: HttpRequest) -> HttpResponse:
    """The hand-written OpenAPI 3.1 description of /api/v2/pages/, with our server address."""
    description = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    description["servers"] = [{"url": settings.SITE_URL + "/api/v2"}]
    response = HttpResponse(
        json.dumps(description, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
