"""Before saving, open reports of the same category nearby are suggested."""

from decimal import Decimal

import pytest

from maps.models import Report, ReportStatus, find_nearby, haversine_m
from tests.maps.conftest import LAT, LON, image_bytes, make_report
from tests.maps.test_report_form import form_data

pytestmark = pytest.mark.django_db

# 0.001° latitude is about 111 m.
NORTH_200M = LAT + Decimal("0.0018")
NORTH_300M = LAT + Decimal("0.0027")


def test_haversine_measures_metres():
    assert 195 < haversine_m(float(LAT), float(LON), float(NORTH_200M), float(LON)) < 205


def test_it_finds_open_reports_inside_250_m_but_not_outside(category, other_category):
    inside = make_report(category, lat=NORTH_200M)
    make_report(category, lat=NORTH_300M)
    make_report(category, lat=NORTH_200M, status=ReportStatus.RESOLVED)
    make_report(other_category, lat=NORTH_200M)
    make_report(category, lat=NORTH_200M, published=False)
    found = find_nearby(category.pk, float(LAT), float(LON), 250)
    assert [r.pk for r in found] == [inside.pk]


def test_the_radius_is_configurable(client, citizen, category, settings):
    settings.MAPS_DUPLICATE_RADIUS_M = 350
    far = make_report(category, lat=NORTH_300M)
    client.force_login(citizen)
    response = client.post("/meldungen/neu/", form_data(category))
    assert f"/meldungen/{far.pk}/" in response.content.decode()


def test_the_form_suggests_a_nearby_report_before_saving(client, category):
    original = make_report(category, lat=NORTH_200M)
    response = client.post("/meldungen/neu/", form_data(category, description="Mein Loch"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/meldungen/{original.pk}/unterstuetzen/" in html
    assert 'name="duplicates_checked"' in html
    assert "Mein Loch" in html
    assert Report.objects.count() == 1


def test_a_report_300_m_away_is_not_suggested(client, category):
    make_report(category, lat=NORTH_300M)
    client.post("/meldungen/neu/", form_data(category))
    assert Report.objects.count() == 2


def test_the_citizen_can_send_anyway_and_keeps_the_photos(client, category):
    make_report(category, lat=NORTH_200M)
    data = form_data(category)
    photo = ("foto.jpg", image_bytes(), "image/jpeg")
    from django.core.files.uploadedfile import SimpleUploadedFile

    data["photos"] = [SimpleUploadedFile(*photo)]
    response = client.post("/meldungen/neu/", data)
    stash = response.context["photo_stash"]
    assert stash
    data = form_data(category, duplicates_checked="1", photo_stash=stash)
    client.post("/meldungen/neu/", data)
    new = Report.objects.latest("pk")
    assert new.photos.count() == 1


def test_the_citizen_can_support_the_existing_report_instead(client, category):
    original = make_report(category, lat=NORTH_200M)
    response = client.post(f"/meldungen/{original.pk}/unterstuetzen/")
    assert response.status_code == 302
    client.post(f"/meldungen/{original.pk}/unterstuetzen/")
    original.refresh_from_db()
    assert original.supporters_count == 1
    assert Report.objects.count() == 1


def test_the_live_hint_lists_nearby_reports(client, category):
    original = make_report(category, lat=NORTH_200M)
    response = client.get(
        "/meldungen/in-der-naehe.json",
        {"lat": str(LAT), "lon": str(LON), "category": category.pk},
    )
    reports = response.json()["reports"]
    assert [r["id"] for r in reports] == [original.pk]
    assert 190 < reports[0]["distance"] < 210
