"""Editors create procedures in the Wagtail admin; the phases are checked together."""

import datetime

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from beteiligung.roles import Role
from cms.demo import seed_procedures
from cms.procedures import ProcedurePage
from tests.cms.conftest import AREA, make_index
from tests.conftest import make_staff


def local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def procedure_post(organisation, phases, area=AREA) -> dict:
    import json

    return nested_form_data(
        {
            "title": "Bebauungsplan Nord",
            "slug": "bebauungsplan-nord",
            "organisation": organisation.pk,
            "summary": "Ein neues Quartier.",
            "tags": "Wohnen",
            "body": streamfield([("paragraph", rich_text("<p>Text</p>"))]),
            "phases": inline_formset(
                [
                    {
                        "kind": kind,
                        "title": title,
                        "description": "",
                        "start": local(start),
                        "end": local(end),
                    }
                    for kind, title, start, end in phases
                ],
                min=1,
            ),
            "documents": inline_formset([]),
            "feedback_categories": inline_formset(
                [{"name": "Radweg fehlt", "colour": "#009E73", "icon": "bicycle"}]
            ),
            "map_feedback": "on",
            "planning_area": json.dumps(area),
            "area_description": "Nördlich der Altstadt.",
            "contact": "",
            "open_to_citizens": "on",
            "open_to_agencies": "on",
            "statements_public": "on",
            "ask_location": "on",
            "ask_document_reference": "on",
            "retention_days": "180",
        }
    )


@pytest.fixture
def editor_client(client, home, organisation):
    make_index(home)
    seed_procedures(open("/dev/null", "w"))  # noqa: SIM115 (grants add_page on the index)
    client.force_login(make_staff(organisation, Role.EDITOR))
    return client


def add_url() -> str:
    from cms.procedures import ProcedureIndexPage

    return f"/admin/pages/add/cms/procedurepage/{ProcedureIndexPage.objects.get().pk}/"


def test_an_editor_creates_a_procedure_for_their_organisation(editor_client, organisation):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    response = editor_client.post(
        add_url(),
        procedure_post(
            organisation,
            [
                ("information", "Information", now, now + 10 * day),
                ("participation", "Auslegung", now + 10 * day, now + 40 * day),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = ProcedurePage.objects.get(slug="bebauungsplan-nord")
    assert page.organisation == organisation
    assert [p.title for p in page.ordered_phases()] == ["Information", "Auslegung"]
    assert page.map_feedback
    assert [c.name for c in page.feedback_categories.all()] == ["Radweg fehlt"]


def test_overlapping_phases_are_refused_in_the_admin(editor_client, organisation):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    response = editor_client.post(
        add_url(),
        procedure_post(
            organisation,
            [
                ("information", "Information", now, now + 10 * day),
                ("participation", "Auslegung", now + 5 * day, now + 40 * day),
            ],
        ),
    )
    assert response.status_code == 200
    assert "überschneiden sich" in response.content.decode()
    assert not ProcedurePage.objects.filter(slug="bebauungsplan-nord").exists()


def test_an_invalid_planning_area_is_refused_in_the_admin(editor_client, organisation):
    now = timezone.now()
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    response = editor_client.post(
        add_url(),
        procedure_post(
            organisation,
            [("participation", "Auslegung", now, now + datetime.timedelta(days=30))],
            area=bow_tie,
        ),
    )
    assert response.status_code == 200
    assert "keine gültige Geometrie" in response.content.decode()
