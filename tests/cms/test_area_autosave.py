"""Wagtail's autosave posts the procedure form while an editor draws, uploads or types an area:
whatever GeoJSON arrives, the answer is a validation error the editor can fix, never a 500."""

import datetime
import json

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from beteiligung.roles import Role
from cms.demo import seed_procedures
from cms.procedures import ProcedurePage
from tests.cms.conftest import AREA, make_index
from tests.cms.test_admin import add_url, local, procedure_post
from tests.conftest import make_staff

FEATURE = {"type": "Feature", "properties": {"name": "Nord"}, "geometry": AREA}
RING_WITH_NAN = '{"type": "Polygon", "coordinates": [[[NaN, 0], [1, 1], [1, 0], [0, 0]]]}'

BROKEN = {
    "planning_area": [
        json.dumps({"type": "FeatureCollection", "features": [None]}),
        json.dumps({"type": "FeatureCollection", "features": ["Nord"]}),
        json.dumps({"type": "FeatureCollection", "features": 5}),
        json.dumps({"type": "Feature", "geometry": [1, 2]}),
        RING_WITH_NAN,
    ],
    "sub_areas": [
        json.dumps({"type": "FeatureCollection", "features": ["Nord"]}),
        json.dumps({"type": "FeatureCollection", "features": 5}),
        json.dumps({"type": "FeatureCollection", "features": [{**FEATURE, "properties": [1]}]}),
        json.dumps({"type": "FeatureCollection", "features": [{**FEATURE, "geometry": [1]}]}),
    ],
}


@pytest.fixture
def editor_client(client, home, organisation):
    make_index(home)
    seed_procedures(open("/dev/null", "w"))  # noqa: SIM115 (grants add_page on the index)
    client.force_login(make_staff(organisation, Role.EDITOR))
    return client


@pytest.fixture
def procedure(editor_client, organisation):
    now = timezone.now()
    phases = [("participation", "Auslegung", now, now + datetime.timedelta(days=30))]
    response = editor_client.post(add_url(), procedure_post(organisation, phases))
    assert response.status_code == 302, response.content.decode()[-2000:]
    return ProcedurePage.objects.get(slug="bebauungsplan-nord")


def autosave(client, procedure, organisation, **fields):
    data = procedure_post(organisation, [])
    # The phase the page already has, as the edit form sends it back.
    phase = procedure.phases.get()
    data.update(
        nested_form_data(
            {
                "phases": inline_formset(
                    [
                        {
                            "id": phase.pk,
                            "kind": phase.kind,
                            "title": phase.title,
                            "description": "",
                            "start": local(phase.start),
                            "end": local(phase.end),
                        }
                    ],
                    initial=1,
                    min=1,
                )
            }
        )
    )
    data.update(fields)
    return client.post(
        f"/admin/pages/{procedure.pk}/edit/", data, headers={"accept": "application/json"}
    )


def test_a_broken_area_in_an_autosave_is_a_validation_error_and_keeps_the_saved_area(
    editor_client, procedure, organisation
):
    # One procedure for every case: building it takes seconds.
    for field, texts in BROKEN.items():
        for text in texts:
            response = autosave(editor_client, procedure, organisation, **{field: text})

            assert response.status_code == 400, (field, text, response.content.decode()[:300])
            assert response.json()["error_code"] == "validation_error"
            assert "Validierungsfehler" in response.json()["error_message"]
    procedure.refresh_from_db()
    assert procedure.get_latest_revision_as_object().planning_area == AREA
    assert procedure.get_latest_revision_as_object().sub_areas is None


def test_an_area_drawn_and_then_removed_is_autosaved_each_time(
    editor_client, procedure, organisation
):
    sub_areas = {"type": "FeatureCollection", "features": [FEATURE]}
    drawn = autosave(editor_client, procedure, organisation, sub_areas=json.dumps(sub_areas))
    assert drawn.json()["success"] is True
    procedure.refresh_from_db()
    assert procedure.get_latest_revision_as_object().sub_areas == sub_areas

    removed = autosave(editor_client, procedure, organisation, sub_areas="")
    assert removed.json()["success"] is True, removed.json()
    procedure.refresh_from_db()
    assert procedure.get_latest_revision_as_object().sub_areas is None
