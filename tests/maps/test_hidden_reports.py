"""Hidden means hidden: a report that its organisation's handler hid, that was never
published or that was rejected stays in that organisation's triage. Another
organisation's planners' map, its exports, the public map and Open311 never show it, and
the duplicate form only merges into reports the handler may edit."""

import pytest
from django.utils import timezone

from beteiligung.roles import Role
from maps.models import Report, ReportStatus
from tests.conftest import make_staff
from tests.maps.conftest import make_report

pytestmark = pytest.mark.django_db

INSIDE = {"lat": "49.870000", "lon": "8.650000"}  # inside the feedback procedure's area


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


@pytest.fixture
def reports(other_category):
    """Reports of the other organisation inside this organisation's planning area."""
    confirmed = timezone.now()
    return {
        "visible": make_report(
            other_category, description="Schlagloch sichtbar", confirmed_at=confirmed, **INSIDE
        ),
        "hidden": make_report(
            other_category,
            description="Beleidigung mit Telefonnummer",
            confirmed_at=confirmed,
            hidden=True,
            **INSIDE,
        ),
        "awaiting review": make_report(
            other_category,
            description="Wartet auf Prüfung",
            confirmed_at=confirmed,
            published=False,
            **INSIDE,
        ),
        "unconfirmed": make_report(
            other_category, description="Nie bestätigt", published=False, **INSIDE
        ),
        "rejected": make_report(
            other_category,
            description="Abgelehnt",
            confirmed_at=confirmed,
            status=ReportStatus.CLOSED_REJECTED,
            **INSIDE,
        ),
    }


def planner_url(procedure, suffix: str) -> str:
    return f"/admin/karte/{procedure.pk}/{suffix}?sources=report"


def test_another_organisations_planners_map_shows_only_public_reports(
    client, planner, feedback_procedure, reports
):
    client.force_login(planner)

    data = client.get(planner_url(feedback_procedure, "daten.json")).json()
    page = client.get(planner_url(feedback_procedure, "")).content.decode()

    assert [item[7] for item in data["items"]] == ["Schlagloch sichtbar"]
    assert "Schlagloch sichtbar" in page
    for name in ("hidden", "awaiting review", "unconfirmed", "rejected"):
        assert reports[name].description not in page


@pytest.mark.parametrize("fmt", ["csv", "geojson", "xlsx"])
def test_the_planners_exports_leave_out_hidden_unpublished_and_rejected_reports(
    client, planner, feedback_procedure, reports, fmt
):
    client.force_login(planner)

    response = client.get(planner_url(feedback_procedure, f"export.{fmt}"))

    assert response.status_code == 200
    if fmt == "xlsx":
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        body = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    else:
        body = response.content.decode()
    assert "Schlagloch sichtbar" in body
    for name in ("hidden", "awaiting review", "unconfirmed", "rejected"):
        assert reports[name].description not in body


def test_the_public_map_and_open311_leave_out_hidden_unpublished_and_rejected_reports(
    client, reports
):
    features = client.get("/meldungen/karte.json").json()["features"]
    requests = client.get("/open311/v2/requests.json").json()

    assert [f["id"] for f in features] == [reports["visible"].pk]
    assert [r["service_request_id"] for r in requests] == [str(reports["visible"].pk)]
    for name in ("hidden", "unconfirmed", "rejected"):
        assert client.get(f"/meldungen/{reports[name].pk}/").status_code == 404


def test_the_handler_still_sees_every_report_of_the_own_organisation(
    client, other_handler, reports
):
    client.force_login(other_handler)

    page = client.get("/admin/meldungen/?status=all").content.decode()

    for report in reports.values():
        assert f"/admin/meldungen/{report.pk}/" in page


def test_the_duplicate_form_refuses_a_report_of_another_organisation(
    client, handler, category, other_category
):
    duplicate = make_report(category, supporters_count=1)
    foreign = make_report(other_category, supporters_count=4)
    client.force_login(handler)

    response = client.post(
        f"/admin/meldungen/{duplicate.pk}/duplikat/", {"original": foreign.pk}, follow=True
    )

    assert "Es gibt keine andere Meldung mit dieser Nummer." in response.content.decode()
    duplicate.refresh_from_db()
    foreign.refresh_from_db()
    assert duplicate.status == ReportStatus.NEW and duplicate.duplicate_of is None
    assert foreign.supporters_count == 4
    assert not Report.objects.filter(duplicate_of=foreign).exists()


def test_the_reporter_learns_of_the_rejection_without_a_link_to_a_missing_page(
    client, handler, category, django_capture_on_commit_callbacks
):
    from django.core import mail

    report = make_report(category, reporter_email="rita@example.org", notify=True)
    client.force_login(handler)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/meldungen/{report.pk}/status/",
            {"status": ReportStatus.CLOSED_REJECTED, "note": "Kein Schaden gefunden."},
        )

    [message] = [m for m in mail.outbox if m.to == ["rita@example.org"]]
    assert "Abgeschlossen: abgelehnt" in message.body
    assert "Kein Schaden gefunden." in message.body
    assert f"/meldungen/{report.pk}/" not in message.body
    assert client.get(f"/meldungen/{report.pk}/").status_code == 404
