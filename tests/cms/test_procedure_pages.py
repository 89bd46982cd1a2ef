"""Page tree, phase validation, status derivation, the index with filters and the page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from cms.models import FooterSettings, HomePage
from cms.procedures import (
    Phase,
    PhaseKind,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureStatus,
)
from geo.areas import validate_planning_area
from tests.cms.conftest import AREA, DAY, make_procedure
from tests.conftest import make_organisation, queries_on_a_miss


class TestPageTree(WagtailPageTestCase):
    def test_the_procedure_index_sits_below_the_home_page(self):
        self.assertAllowedParentPageTypes(ProcedureIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProcedureIndexPage, {ProcedurePage})

    def test_procedures_sit_only_below_the_procedure_index(self):
        self.assertAllowedParentPageTypes(ProcedurePage, {ProcedureIndexPage})
        self.assertCanCreateAt(ProcedureIndexPage, ProcedurePage)
        self.assertCanNotCreateAt(HomePage, ProcedurePage)


def phase(kind, start_days, end_days, title="Phase"):
    now = timezone.now()
    return Phase(kind=kind, title=title, start=now + start_days * DAY, end=now + end_days * DAY)


def test_it_rejects_a_phase_that_ends_before_it_starts():
    with pytest.raises(ValidationError) as error:
        phase(PhaseKind.PARTICIPATION, 5, 1).clean()
    assert "end" in error.value.message_dict


def test_it_rejects_overlapping_phases(db, organisation):
    page = ProcedurePage(
        title="Plan",
        slug="plan",
        summary="S",
        organisation=organisation,
        phases=[
            phase(PhaseKind.INFORMATION, 0, 10, "Information"),
            phase(PhaseKind.PARTICIPATION, 5, 20, "Auslegung"),
        ],
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "„Information“ und „Auslegung“ überschneiden sich" in str(error.value)


def test_it_accepts_adjoining_phases(db, organisation):
    page = ProcedurePage(
        title="Plan",
        slug="plan",
        summary="S",
        organisation=organisation,
        phases=[phase(PhaseKind.INFORMATION, 0, 10), phase(PhaseKind.PARTICIPATION, 10, 20)],
    )
    page.clean()


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [8.6, 49.8]},
        # A bow tie: the ring crosses itself.
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[500, 0], [501, 1], [501, 0], [500, 0]]]},
        {"type": "Polygon", "coordinates": "nonsense"},
        "not a dict",
    ],
)
def test_it_rejects_an_invalid_planning_area(geometry):
    with pytest.raises(ValidationError):
        validate_planning_area(geometry)


def test_it_accepts_a_polygon_feature_collection():
    validate_planning_area(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": AREA}]}
    )


@pytest.mark.parametrize(
    ("stage", "status"),
    [
        ("upcoming", ProcedureStatus.UPCOMING),
        (PhaseKind.INFORMATION, ProcedureStatus.UPCOMING),
        (PhaseKind.PARTICIPATION, ProcedureStatus.OPEN),
        (PhaseKind.EVALUATION, ProcedureStatus.EVALUATION),
        (PhaseKind.RESULT, ProcedureStatus.CONCLUDED),
        ("over", ProcedureStatus.CONCLUDED),
    ],
)
def test_status_follows_the_clock(home, organisation, stage, status):
    procedure = make_procedure(home, organisation, stage)
    assert procedure.status().code == status
    # The index derives the same status from annotated dates in the database.
    listed = procedure.get_parent().specific.procedures().get(pk=procedure.pk)
    assert listed.status_from_dates(timezone.now()).code == status
    index_filter = ProcedureIndexPage.status_filter(status, timezone.now())
    assert listed.get_parent().specific.procedures().filter(index_filter).count() == 1


def test_open_status_names_the_exact_end(home, organisation):
    procedure = make_procedure(home, organisation)
    end = timezone.localtime(procedure.participation_phase().end)
    label = procedure.status().label
    assert end.strftime("%H:%M") in label
    assert str(end.year) in label


def test_the_current_phase_is_derived_from_the_clock(procedure):
    participation = procedure.participation_phase()
    assert procedure.current_phase().kind == PhaseKind.PARTICIPATION
    later = participation.end + datetime.timedelta(seconds=1)
    assert procedure.current_phase(later).kind == PhaseKind.EVALUATION
    assert not procedure.accepts_statements(later)


def test_index_lists_procedures_with_status_and_filters(client, home, organisation):
    other = make_organisation("Stadt Anderswo")
    open_one = make_procedure(home, organisation, slug="offen", title="Radweg Nord")
    open_one.tags.add("Verkehr")
    open_one.save()
    make_procedure(home, other, "over", slug="fertig", title="Schulhof Süd")

    page = client.get("/verfahren/").content.decode()
    assert "Radweg Nord" in page and "Schulhof Süd" in page
    assert "Offen bis" in page and "Abgeschlossen" in page

    page = client.get("/verfahren/?status=open").content.decode()
    assert "Radweg Nord" in page and "Schulhof Süd" not in page
    page = client.get(f"/verfahren/?organisation={other.slug}").content.decode()
    assert "Radweg Nord" not in page and "Schulhof Süd" in page
    page = client.get("/verfahren/?topic=verkehr").content.decode()
    assert "Radweg Nord" in page and "Schulhof Süd" not in page
    page = client.get("/verfahren/?q=schulhof").content.decode()
    assert "Radweg Nord" not in page and "Schulhof Süd" in page


def test_index_query_count_does_not_grow_with_procedures(client, home, organisation):
    make_procedure(home, organisation, slug="p0")
    with CaptureQueriesContext(connection) as few:
        client.get("/verfahren/")
    for number in range(1, 8):
        make_procedure(home, organisation, slug=f"p{number}").tags.add(f"Thema {number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/verfahren/")
    assert response.content.decode().count('class="card"') == 8
    assert len(many) <= len(few) + 1  # the topic filter lists more tags, not more queries


def index_queries(client) -> int:
    return queries_on_a_miss(client, "/verfahren/")


def test_the_index_costs_twelve_queries_on_a_miss_with_one_procedure_or_twenty(
    client, home, organisation, citizen
):
    make_procedure(home, organisation, slug="p0").tags.add("Verkehr")
    # The footer's setting exists on every site (Wagtail creates it on the first read).
    FooterSettings.for_site(Site.objects.get(is_default_site=True))
    member = Client()
    member.force_login(citizen)
    few, few_member = index_queries(client), index_queries(member)
    for number in range(1, 21):
        make_procedure(home, organisation, slug=f"p{number}").tags.add(f"Thema {number}")

    assert few <= 12
    assert index_queries(client) == few
    assert index_queries(member) == few_member


def test_index_paginates(client, home, organisation):
    for number in range(12):
        make_procedure(home, organisation, slug=f"p{number}", title=f"Plan {number:02d}")
    first = client.get("/verfahren/").content.decode()
    second = client.get("/verfahren/?seite=2").content.decode()
    assert first.count('class="card"') == 10
    assert second.count('class="card"') == 2


def test_procedure_page_shows_timeline_documents_and_map(client, procedure):
    page = client.get(procedure.url).content.decode()
    assert page.count("<h1") == 1
    for phase in procedure.ordered_phases():
        assert phase.title in page
        assert f'datetime="{timezone.localtime(phase.start).isoformat()}"' in page
    assert 'class="folium-map"' in page
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "code.jquery" not in page
    # The folium script runs under the CSP nonce.
    assert 'nonce="' in page and "L.map(" in page


def test_procedure_page_links_its_live_surveys_dialogues_and_events(client, procedure):
    from tests.surveys.conftest import SIMPLE, make_survey

    make_survey(procedure, procedure.organisation, SIMPLE, title="Umfrage Radverkehr")
    draft = make_survey(procedure, procedure.organisation, SIMPLE, title="Entwurf", slug="e")
    draft.unpublish()

    page = client.get(procedure.url).content.decode()

    assert 'href="/verfahren/plan/umfrage/"' in page and "Umfrage Radverkehr" in page
    assert "(Umfrage)" in page
    assert "Entwurf" not in page
