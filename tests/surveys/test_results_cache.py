"""The public results are computed once per change of the answers, and never stale."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import ResultsVisibility, SurveySubmission
from surveys.results import cached_summary, summarise
from tests.surveys.conftest import SIMPLE, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_survey(home, organisation):
    cache.clear()
    page = make_survey(home, organisation, SIMPLE, results_visibility=ResultsVisibility.LIVE)
    answer(page, "Bus")
    answer(page, "Rad")
    yield page
    cache.clear()


def answer(page, choice: str) -> SurveySubmission:
    return SurveySubmission.objects.create(
        page=page, form_data={"verkehrsmittel": choice}, delete_after=page.deletion_date()
    )


def reads_answers(client, url: str) -> bool:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return any("form_data" in query["sql"] for query in captured)


def test_a_second_view_takes_the_results_from_the_cache(client, live_survey):
    url = reverse("surveys:results", args=[live_survey.pk])

    assert reads_answers(client, url)
    assert not reads_answers(client, url)


def test_a_new_response_changes_the_results_at_once(client, live_survey):
    url = reverse("surveys:results", args=[live_survey.pk])
    assert "2 Antworten" in client.get(url).content.decode()

    answer(live_survey, "Auto")

    assert reads_answers(client, url)
    assert "3 Antworten" in client.get(url).content.decode()


def test_an_erased_response_leaves_the_results_too(client, live_survey):
    url = reverse("surveys:results", args=[live_survey.pk])
    client.get(url)

    SurveySubmission.objects.filter(page=live_survey).order_by("pk").first().delete()

    summary = cached_summary(live_survey, live_survey.questions())
    assert summary["total"] == 1


def test_the_cached_results_equal_a_fresh_count(live_survey):
    questions = live_survey.questions()
    cached_summary(live_survey, questions)

    cached = cached_summary(live_survey, questions)

    assert cached == summarise(live_survey, questions)
    assert cached["questions"][0]["question"] is questions[0]


def test_a_filter_has_results_of_its_own(live_survey):
    questions = live_survey.questions()
    cached_summary(live_survey, questions)

    filtered = cached_summary(live_survey, questions, ("verkehrsmittel", "Bus"))

    assert filtered["total"] == 1
