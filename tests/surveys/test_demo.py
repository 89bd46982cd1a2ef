"""seed_demo adds the Wiesbaden mobility survey with every question type, once."""

import io

import pytest

from beteiligung import demo as core_demo
from surveys import demo
from surveys.models import OTHER_SUFFIX, QuestionType, SurveyPage
from surveys.results import summarise

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_survey_with_every_question_type_and_responses(client):
    core_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    page = SurveyPage.objects.get(slug="umfrage-mobilitaet")
    assert page.organisation.slug == "wiesbaden"
    assert {f.field_type for f in page.get_form_fields()} == set(QuestionType.values)
    assert page.get_submissions().count() == demo.RESPONSES
    names = {q.clean_name for q in page.questions()}
    stored = set().union(
        *(d.keys() for d in page.get_submissions().values_list("form_data", flat=True))
    )
    assert {key.removesuffix(OTHER_SUFFIX) for key in stored} == names
    summary = summarise(page)
    assert all(result["answered"] for result in summary["questions"])
    assert client.get(page.url).status_code == 200
    assert client.get(f"/umfragen/{page.pk}/ergebnisse/").status_code == 200
