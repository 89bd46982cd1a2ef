"""Who may answer, when, and how often; what an anonymous response stores."""

import datetime

from django.utils import timezone

from surveys.models import Participation
from tests.surveys.conftest import SIMPLE, answer, make_survey

ANSWER = {"verkehrsmittel": "Rad"}


def test_an_anonymous_response_stores_no_account_even_when_logged_in(client, citizen, survey):
    client.force_login(citizen)
    answer(client, survey, ANSWER)

    submission = survey.get_submissions().get()
    assert submission.user is None
    assert "ip" not in str(submission.form_data).lower()


def test_it_remembers_an_anonymous_response_in_the_browser(client, survey):
    answer(client, survey, ANSWER)

    response = client.get(survey.url)
    assert "Sie haben an dieser Umfrage bereits teilgenommen" in response.content.decode()
    answer(client, survey, ANSWER)
    assert survey.get_submissions().count() == 1


def test_another_browser_may_answer_an_anonymous_survey_again(client, survey):
    answer(client, survey, ANSWER)
    client.cookies.clear()

    answer(client, survey, ANSWER)

    assert survey.get_submissions().count() == 2


def test_it_says_honestly_that_the_cookie_is_no_hard_guarantee(client, survey):
    html = client.get(survey.url).content.decode()

    assert "keine sichere Garantie" in html


def test_an_account_survey_asks_visitors_to_log_in(client, home, organisation):
    page = make_survey(home, organisation, SIMPLE, participation=Participation.ACCOUNT)

    response = answer(client, page, ANSWER)

    assert "/konto/login/" in response.content.decode()
    assert page.get_submissions().count() == 0


def test_an_account_survey_stores_the_account_and_accepts_one_response(
    client, citizen, home, organisation
):
    page = make_survey(home, organisation, SIMPLE, participation=Participation.ACCOUNT)
    client.force_login(citizen)

    answer(client, page, ANSWER)
    client.cookies.pop("umfragen", None)
    response = answer(client, page, ANSWER)

    assert page.get_submissions().get().user == citizen
    assert "bereits teilgenommen" in response.content.decode()


def test_several_responses_are_allowed_when_the_survey_says_so(client, citizen, home, organisation):
    page = make_survey(
        home, organisation, SIMPLE, participation=Participation.ACCOUNT, one_response=False
    )
    client.force_login(citizen)

    answer(client, page, ANSWER)
    answer(client, page, ANSWER)

    assert page.get_submissions().count() == 2


def test_it_accepts_no_answers_before_opening_or_after_closing(client, home, organisation):
    now = timezone.now()
    early = make_survey(
        home, organisation, SIMPLE, slug="bald", opens_at=now + datetime.timedelta(days=1)
    )
    late = make_survey(
        home, organisation, SIMPLE, slug="vorbei", closes_at=now - datetime.timedelta(hours=1)
    )

    assert "Diese Umfrage beginnt am" in answer(client, early, ANSWER).content.decode()
    assert "Diese Umfrage ist beendet" in answer(client, late, ANSWER).content.decode()
    assert early.get_submissions().count() + late.get_submissions().count() == 0


def test_the_thank_you_text_is_shown_after_sending(client, home, organisation):
    page = make_survey(home, organisation, SIMPLE, thank_you_text="Danke fürs Mitmachen!")

    assert "Danke fürs Mitmachen!" in answer(client, page, ANSWER).content.decode()


def test_it_limits_responses_per_connection_without_storing_the_address(
    client, home, organisation, settings
):
    settings.SURVEYS_RATE_LIMIT = 2
    page = make_survey(home, organisation, SIMPLE, one_response=False)

    for _n in range(3):
        response = answer(client, page, ANSWER)

    assert page.get_submissions().count() == 2
    assert response.status_code == 429
    assert "Zu viele Antworten von Ihrem Anschluss" in response.content.decode()
    assert "127.0.0.1" not in str(list(page.get_submissions().values_list("form_data", flat=True)))
