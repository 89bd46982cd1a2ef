"""Citizens report a problem at /meldungen/neu/ without an account."""

import re

import pytest
from django.core import mail

from maps.models import Report, ReportStatus
from tests.maps.conftest import LAT, LON

pytestmark = pytest.mark.django_db


def form_data(category, **overrides) -> dict:
    data = {
        "category": category.pk,
        "lat": str(LAT),
        "lon": str(LON),
        "address": "",
        "description": "Schlagloch vor Hausnummer 12",
        "reporter_name": "Rita Reporter",
        "reporter_email": "rita@example.org",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_form_shows_grouped_categories_and_a_map_without_third_party_hosts(
    client, category, other_category
):
    response = client.get("/meldungen/neu/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<optgroup label="Straßen">' in html
    assert '<optgroup label="Licht">' in html
    assert 'name="lat"' in html and 'name="lon"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "cdn" not in html


def test_the_category_of_a_search_link_is_chosen_and_an_unknown_one_is_ignored(
    client, category, other_category
):
    chosen = client.get("/meldungen/neu/", {"kategorie": category.service_code})
    html = chosen.content.decode()
    assert re.search(rf'<option value="{category.pk}"[^>]*selected', html)
    assert not re.search(rf'<option value="{other_category.pk}"[^>]*selected', html)

    unknown = client.get("/meldungen/neu/", {"kategorie": '"><script>alert(1)</script>'})
    html = unknown.content.decode()
    assert unknown.status_code == 200
    assert not re.search(r'<option value="\d+"[^>]*selected', html)
    assert "<script>alert(1)</script>" not in html


def test_it_queues_a_confirmation_email_and_publishes_only_after_confirmation(
    client, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/meldungen/neu/", form_data(category))
    assert response.status_code == 200
    assert "E-Mail" in response.content.decode()
    report = Report.objects.get()
    assert not report.published and report.confirmed_at is None
    assert [m.to for m in mail.outbox] == [["rita@example.org"]]
    link = re.search(r"http://[^\s]+/meldungen/bestaetigen/[^\s/]+/", mail.outbox[0].body)[0]
    path = link.split("8000", 1)[1]
    assert client.get(f"/meldungen/{report.pk}/").status_code == 404

    assert client.get(path).status_code == 200
    assert not Report.objects.get().published  # a GET (mail scanner) confirms nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    report.refresh_from_db()
    assert response.status_code == 302
    assert report.published and report.confirmed_at
    assert mail.outbox[-1].to == ["meldungen@stadt-musterstadt.example"]
    assert client.get(f"/meldungen/{report.pk}/").status_code == 200


def test_a_logged_in_citizen_skips_the_email_step(
    client, citizen, category, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    data = form_data(category)
    del data["reporter_email"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/meldungen/neu/", data)
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == f"/meldungen/{report.pk}/"
    assert report.published and report.user == citizen
    assert report.reporter_email == citizen.email
    assert [m.to for m in mail.outbox] == [["meldungen@stadt-musterstadt.example"]]


def test_a_report_without_email_waits_for_staff_review(
    client, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/meldungen/neu/", form_data(category, reporter_email=""))
    report = Report.objects.get()
    assert not report.published
    assert "Prüfung" in mail.outbox[0].body


def test_a_category_with_review_keeps_confirmed_reports_unpublished(client, category, citizen):
    category.requires_review = True
    category.save()
    client.force_login(citizen)
    client.post("/meldungen/neu/", form_data(category))
    report = Report.objects.get()
    assert report.confirmed_at and not report.published


def test_it_accepts_an_address_instead_of_a_point(client, citizen, category):
    client.force_login(citizen)
    client.post("/meldungen/neu/", form_data(category, lat="", lon="", address="Marktplatz 1"))
    report = Report.objects.get()
    assert report.lat is None and report.address == "Marktplatz 1"


def test_it_asks_for_a_place_in_german_and_keeps_the_text(client, category):
    response = client.post(
        "/meldungen/neu/", form_data(category, lat="", lon="", description="Mein Text bleibt")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte markieren Sie den Ort auf der Karte" in html
    assert "Mein Text bleibt" in html
    assert not Report.objects.exists()


def test_it_rejects_half_coordinates(client, category):
    response = client.post("/meldungen/neu/", form_data(category, lon=""))
    assert "Breiten- und Längengrad" in response.content.decode()
    assert not Report.objects.exists()


def test_the_honeypot_stops_bots(client, category):
    response = client.post("/meldungen/neu/", form_data(category, website="spam"))
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_consent_is_required(client, category):
    data = form_data(category)
    del data["consent"]
    response = client.post("/meldungen/neu/", data)
    assert "Bitte stimmen Sie zu" in response.content.decode()
    assert not Report.objects.exists()


def test_it_limits_reports_per_ip_address(client, category, settings):
    settings.MAPS_REPORT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/meldungen/neu/", form_data(category)).status_code == 200
    response = client.post("/meldungen/neu/", form_data(category))
    assert response.status_code == 429
    assert Report.objects.count() == 2


def test_the_reporter_can_stop_status_emails_with_the_signed_link(client, category):
    report = Report.objects.create(
        category=category, description="x", reporter_email="a@example.org", notify=True
    )
    path = f"/meldungen/abbestellen/{report.unsubscribe_token()}/"
    assert client.get(path).status_code == 200
    client.post(path)
    report.refresh_from_db()
    assert not report.notify
    assert client.get(f"/meldungen/abbestellen/{report.pk}:forged/").status_code == 404


def test_new_reports_start_as_new(client, citizen, category):
    client.force_login(citizen)
    client.post("/meldungen/neu/", form_data(category))
    assert Report.objects.get().status == ReportStatus.NEW


def test_nonsense_coordinates_get_a_form_error_not_a_server_error(client, category):
    response = client.post("/meldungen/neu/", form_data(category, lat="nan", lon="inf"))

    assert response.status_code == 200
    assert not Report.objects.exists()
    assert client.get("/meldungen/in-der-naehe.json?lat=nan&lon=1&category=1").json() == {
        "reports": []
    }
