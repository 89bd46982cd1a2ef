"""The public map, list and report pages at /meldungen/."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maps.models import Report, ReportStatus
from tests.maps.conftest import make_report

pytestmark = pytest.mark.django_db


def test_the_map_data_is_compact_geojson(client, category, other_category):
    report = make_report(category, lat="50.1234567", lon="8.7654321", published=True)
    make_report(category, published=False)
    make_report(category, hidden=True)
    make_report(other_category, lat=None, lon=None, address="Markt")
    data = client.get("/meldungen/karte.json").json()
    assert data["type"] == "FeatureCollection"
    assert data["categories"][str(category.pk)]["name"] == "Schlagloch"
    assert data["features"] == [
        {
            "type": "Feature",
            "id": report.pk,
            "geometry": {"type": "Point", "coordinates": [8.76543, 50.12346]},
            "properties": {"c": category.pk, "s": "new"},
        }
    ]


def test_the_map_data_is_cached_and_needs_few_queries(client, category):
    for _ in range(30):
        make_report(category)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/meldungen/karte.json")
    assert len(queries) <= 3
    assert "max-age" in response["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        client.get("/meldungen/karte.json")
    assert len(queries) <= 1


def test_the_list_filters_by_category_status_and_date(client, category, other_category):
    pothole = make_report(category, description="Loch A")
    light = make_report(other_category, description="Lampe B", status=ReportStatus.RESOLVED)
    html = client.get("/meldungen/").content.decode()
    assert "Loch A" in html and "Lampe B" in html
    html = client.get("/meldungen/", {"kategorie": category.pk}).content.decode()
    assert "Loch A" in html and "Lampe B" not in html
    html = client.get("/meldungen/", {"status": "closed"}).content.decode()
    assert "Loch A" not in html and "Lampe B" in html
    html = client.get("/meldungen/", {"von": "2100-01-01"}).content.decode()
    assert "Loch A" not in html
    assert pothole.pk and light.pk


def test_the_list_query_count_does_not_grow_with_reports(client, category, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering is measured, not the page cache
    make_report(category)
    # The first request creates the footer setting, which counts as a change of every
    # page (cms/page_cache.py); the second reads the footer into the cache.
    client.get("/meldungen/")
    client.get("/meldungen/")
    with CaptureQueriesContext(connection) as few:
        client.get("/meldungen/")
    for _ in range(20):
        make_report(category)
    with CaptureQueriesContext(connection) as many:
        client.get("/meldungen/")
    assert len(many) == len(few)


def test_the_detail_page_shows_photos_history_and_answers(client, category, handler):
    report = make_report(category, description="Großes Loch")
    report.set_status(ReportStatus.IN_PROGRESS, "Auftrag erteilt", handler)
    report.answer("Danke!", handler)
    html = client.get(f"/meldungen/{report.pk}/").content.decode()
    assert "Großes Loch" in html and "Auftrag erteilt" in html and "Danke!" in html


def test_user_text_is_escaped(client, category):
    report = make_report(category, description="<script>alert(1)</script>")
    html = client.get(f"/meldungen/{report.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_map_data_is_gzipped_for_browsers_that_accept_it(client, category):
    import gzip
    import json

    make_report(category)
    response = client.get("/meldungen/karte.json", headers={"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(json.loads(gzip.decompress(response.content))["features"]) == 1


def test_the_account_page_lists_my_reports(client, citizen, category):
    mine = make_report(category, user=citizen)
    other = make_report(category)
    client.force_login(citizen)
    html = client.get("/konto/").content.decode()
    assert f"/meldungen/{mine.pk}/" in html
    assert f"/meldungen/{other.pk}/" not in html


def test_the_report_page_gives_date_and_time_in_german(client, category):
    report = make_report(category)
    created = timezone.make_aware(datetime.datetime(2026, 12, 1, 14, 30))
    Report.objects.filter(pk=report.pk).update(created_at=created)

    html = client.get(f"/meldungen/{report.pk}/").content.decode()

    assert "gemeldet am 1. Dezember 2026, 14:30 Uhr" in html
