"""The editor's and the planner's workspace: a procedure created and published in one go, the
area field without the ``null`` literal, answer templates, save-and-next and the result rule
in the bulk form."""

import datetime

import pytest
from django.utils import timezone

from beteiligung.roles import Role
from cms.answer_templates import AnswerTemplate
from cms.demo import seed_procedures
from cms.procedures import ConsiderationResult, ProcedurePage, StatementStatus
from geo.palette import PALETTE_COLOURS, category_colours
from tests.cms.conftest import make_index, make_statement
from tests.cms.test_admin import add_url, procedure_post
from tests.conftest import make_staff

DAY = datetime.timedelta(days=1)


def phases():
    now = timezone.now()
    return [("participation", "Auslegung", now, now + 30 * DAY)]


@pytest.fixture
def editor_client(client, home, organisation):
    make_index(home)
    seed_procedures(open("/dev/null", "w"))  # noqa: SIM115 (grants add_page on the index)
    client.force_login(make_staff(organisation, Role.EDITOR))
    return client


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def test_an_editor_creates_and_publishes_a_procedure_in_one_go(editor_client, organisation):
    form = editor_client.get(add_url()).content.decode()
    assert 'name="action-publish"' in form
    data = procedure_post(organisation, phases())
    data["action-publish"] = "action-publish"
    response = editor_client.post(add_url(), data)
    assert response.status_code == 302
    page = ProcedurePage.objects.get(slug="bebauungsplan-nord")
    assert page.live
    assert editor_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_with_approval_a_new_procedure_stays_a_draft_of_its_organisation(
    editor_client, organisation
):
    organisation.requires_approval = True
    organisation.save()
    organisation.apply_approval_setting()
    data = procedure_post(organisation, phases())
    data["action-publish"] = "action-publish"
    editor_client.post(add_url(), data)
    page = ProcedurePage.objects.get(slug="bebauungsplan-nord")
    assert not page.live
    assert page.get_workflow() == organisation.approval_workflow


def test_a_new_procedure_shows_an_empty_area_field_without_outside_links(editor_client):
    form = editor_client.get(add_url()).content.decode()
    assert ">null</textarea>" not in form
    assert "geojson.io" not in form
    assert "Gebiet und Karte" in form
    assert "GeoJSON- oder KML-Datei hochladen" in form
    assert "Phasen 1" not in form


def test_a_broken_area_gets_a_german_message_and_keeps_the_text(editor_client, organisation):
    data = procedure_post(organisation, phases())
    data["planning_area"] = '{"type": "Point", "coordinates": [8.6, 49.8]}'
    response = editor_client.post(add_url(), data)
    content = response.content.decode()
    assert "Das Plangebiet muss ein Polygon oder ein Multipolygon sein." in content
    assert "&quot;Point&quot;" in content


def test_a_template_fills_the_response_when_nothing_was_typed(client, procedure, planner):
    template = AnswerTemplate.objects.create(
        organisation=procedure.organisation,
        title="Lärm",
        text="Das Lärmgutachten wird ergänzt.",
        result=ConsiderationResult.PARTLY_ACCEPTED,
    )
    statement = make_statement(procedure)
    client.force_login(planner)
    page = client.get(f"/admin/abwaegung/{procedure.pk}/{statement.pk}/").content.decode()
    assert "Textbaustein" in page and "Speichern und nächste" in page
    client.post(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        {"status": StatementStatus.WEIGHED, "answer_template": template.pk, "response": ""},
    )
    statement.refresh_from_db()
    assert statement.response == "Das Lärmgutachten wird ergänzt."
    assert statement.result == ConsiderationResult.PARTLY_ACCEPTED


def test_templates_of_another_organisation_cannot_be_chosen(
    client, procedure, planner, other_organisation
):
    foreign = AnswerTemplate.objects.create(organisation=other_organisation, title="X", text="Y")
    statement = make_statement(procedure)
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        {"status": StatementStatus.IN_REVIEW, "answer_template": foreign.pk, "response": ""},
    )
    assert response.status_code == 400
    statement.refresh_from_db()
    assert statement.response == ""


def test_save_and_next_opens_the_next_unweighed_statement(client, procedure, planner):
    first, done, third = (make_statement(procedure) for _ in range(3))
    done.status, done.result = StatementStatus.WEIGHED, ConsiderationResult.ACCEPTED
    done.save()
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/{first.pk}/?status=",
        {
            "status": StatementStatus.WEIGHED,
            "result": ConsiderationResult.NOT_ACCEPTED,
            "response": "Nein.",
            "save_next": "1",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/admin/abwaegung/{procedure.pk}/{third.pk}/?status="


def test_bulk_edit_refuses_weighed_without_a_result(client, procedure, planner):
    statements = [make_statement(procedure) for _ in range(2)]
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/",
        {"selected": [s.pk for s in statements], "status": StatementStatus.WEIGHED},
    )
    assert response.status_code == 400
    assert "braucht ein Abwägungsergebnis" in response.content.decode()
    for statement in statements:
        statement.refresh_from_db()
        assert statement.status == StatementStatus.SUBMITTED


def test_a_planner_sees_only_their_organisations_answer_templates(
    client, organisation, other_organisation, planner
):
    AnswerTemplate.objects.create(organisation=organisation, title="Eigener Baustein", text="a")
    AnswerTemplate.objects.create(
        organisation=other_organisation, title="Fremder Baustein", text="b"
    )
    client.force_login(planner)
    listing = client.get("/admin/snippets/cms/answertemplate/").content.decode()
    assert "Eigener Baustein" in listing
    assert "Fremder Baustein" not in listing


def test_typed_category_colours_become_distinct_palette_colours():
    colours = category_colours(["#15803d", "#166534", "#0072B2", "#0072b2"])
    assert len(set(colours)) == 4
    assert all(colour in PALETTE_COLOURS for colour in colours)
    assert colours[2] == "#0072B2"
