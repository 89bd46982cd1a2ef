"""The planners' map: permissions, sources, filters, statistics per sub-area."""

import datetime

import pytest
from django.utils import timezone

from beteiligung.roles import Role
from cms.procedures import StatementStatus
from dialogues.models import CommentStatus
from maps.models import FeedbackCategory
from tests.cms.conftest import make_statement
from tests.conftest import make_staff
from tests.maps.conftest import make_category, make_contribution, make_report

# Two districts splitting the test area (8.55–8.75 E, 49.80–49.95 N) at 8.65 E.
SUB_AREAS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "West"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[8.55, 49.8], [8.65, 49.8], [8.65, 49.95], [8.55, 49.95], [8.55, 49.8]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"name": "Ost"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[8.65, 49.8], [8.75, 49.8], [8.75, 49.95], [8.65, 49.95], [8.65, 49.8]]],
            },
        },
    ],
}  # fmt: skip


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def url(procedure, suffix="") -> str:
    return f"/admin/karte/{procedure.pk}/{suffix}"


def categories(procedure) -> list[FeedbackCategory]:
    return list(FeedbackCategory.objects.filter(procedure=procedure).order_by("sort_order"))


def test_planners_of_the_organisation_see_the_map_with_every_source(
    client, planner, citizen, feedback_procedure
):
    make_contribution(feedback_procedure, citizen, text="Radweg fehlt an der Schule")
    make_statement(
        feedback_procedure, text="Stellungnahme zum Lärm", latitude="49.9", longitude="8.7"
    )
    client.force_login(planner)

    page = client.get(url(feedback_procedure))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Radweg fehlt an der Schule" in html and "Stellungnahme zum Lärm" in html
    assert "2 Beiträge" in html
    data = client.get(url(feedback_procedure, "daten.json")).json()
    assert sorted(item[0] for item in data["items"]) == ["pin", "statement"]
    assert [c["name"] for c in data["categories"]][:1] == ["Radweg fehlt"]


def test_the_legend_of_the_planners_map_is_in_german(client, planner, feedback_procedure):
    client.force_login(planner)
    html = client.get(url(feedback_procedure)).content.decode()
    assert "Legende: Kategorien auf der Karte" in html
    assert "Stellungnahmen und Meldungen (ohne Kategorie)" in html
    assert "Untick a category" not in html and "A group of nearby" not in html


@pytest.mark.parametrize(
    "suffix", ["", "daten.json", "export.geojson", "export.csv", "export.xlsx"]
)
@pytest.mark.parametrize("persona", ["citizen", "other_planner", "editor"])
def test_only_planners_and_moderators_of_the_organisation_get_in(
    client, citizen, organisation, other_organisation, feedback_procedure, suffix, persona
):
    make_contribution(feedback_procedure, citizen, text="Geheimer Entwurf")
    client.force_login(
        {
            "citizen": lambda: citizen,
            "other_planner": lambda: make_staff(other_organisation, Role.PLANNER),
            "editor": lambda: make_staff(organisation, Role.EDITOR),
        }[persona]()
    )

    response = client.get(url(feedback_procedure, suffix))

    assert response.status_code in (302, 403)
    assert "Geheimer Entwurf" not in response.content.decode()


def test_filters_select_by_category_status_text_and_date(
    client, planner, citizen, feedback_procedure
):
    noise, trees = categories(feedback_procedure)[1:3]
    make_contribution(feedback_procedure, citizen, category=noise, text="Laute Straße")
    old = make_contribution(feedback_procedure, citizen, category=trees, text="Alte Eiche")
    old.created_at = timezone.now() - datetime.timedelta(days=30)
    old.save()
    hidden = make_contribution(feedback_procedure, citizen, category=trees, text="Werbung")
    hidden.comment.status = CommentStatus.HIDDEN
    hidden.comment.save()
    client.force_login(planner)

    def texts(**params) -> list[str]:
        data = client.get(url(feedback_procedure, "daten.json"), params).json()
        return sorted(item[7] for item in data["items"])

    assert texts() == ["Alte Eiche", "Laute Straße", "Werbung"]
    assert texts(category=1) == ["Laute Straße"]
    assert texts(status="pin:hidden") == ["Werbung"]
    assert texts(q="eiche") == ["Alte Eiche"]
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert texts(start=week_ago) == ["Laute Straße", "Werbung"]
    assert texts(end=week_ago) == ["Alte Eiche"]


def test_statements_follow_the_source_and_status_filters(client, planner, feedback_procedure):
    make_statement(feedback_procedure, text="Eingegangen", latitude="49.9", longitude="8.7")
    make_statement(
        feedback_procedure,
        text="Abgewogen",
        latitude="49.9",
        longitude="8.6",
        status=StatementStatus.WEIGHED,
    )
    make_statement(feedback_procedure, text="Ohne Ort")
    client.force_login(planner)

    data = client.get(url(feedback_procedure, "daten.json"), {"status": "statement:weighed"})

    assert [item[7] for item in data.json()["items"]] == ["Abgewogen"]
    only_pins = client.get(url(feedback_procedure, "daten.json"), {"sources": "pin"}).json()
    assert only_pins["items"] == []


def test_incident_reports_inside_the_area_come_only_when_asked_for(
    client, planner, organisation, feedback_procedure
):
    category = make_category(organisation)
    make_report(category, lat="49.870000", lon="8.650000", description="Schlagloch innen")
    make_report(category, lat="50.110000", lon="8.680000", description="Schlagloch Frankfurt")
    client.force_login(planner)

    default = client.get(url(feedback_procedure, "daten.json")).json()
    asked = client.get(url(feedback_procedure, "daten.json"), {"sources": ["pin", "report"]})

    assert default["items"] == []
    assert [item[7] for item in asked.json()["items"]] == ["Schlagloch innen"]


def test_sub_area_statistics_count_per_category_and_in_all(
    client, planner, citizen, feedback_procedure
):
    feedback_procedure.sub_areas = SUB_AREAS
    feedback_procedure.save()
    cycle, noise, _trees = categories(feedback_procedure)
    make_contribution(feedback_procedure, citizen, category=cycle, latitude="49.9", longitude="8.6")
    make_contribution(feedback_procedure, citizen, category=noise, latitude="49.9", longitude="8.6")
    make_contribution(feedback_procedure, citizen, category=noise, latitude="49.9", longitude="8.7")
    make_statement(feedback_procedure, text="Ost", latitude="49.85", longitude="8.7")
    client.force_login(planner)

    response = client.get(url(feedback_procedure))

    stats = {row["name"]: row for row in response.context["stats"]}
    assert stats["West"]["per_category"] == [1, 1, 0] and stats["West"]["total"] == 2
    assert stats["Ost"]["per_category"] == [0, 1, 0] and stats["Ost"]["other"] == 1
    assert stats["Ost"]["total"] == 2
    html = response.content.decode()
    assert "Beiträge je Teilgebiet" in html


def test_the_map_names_no_third_party_host_and_has_its_layers(client, planner, feedback_procedure):
    client.force_login(planner)

    html = client.get(url(feedback_procedure)).content.decode()

    assert "leaflet.markercluster" in html and "leaflet-heat" in html
    for host in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "unpkg"):
        assert host not in html
