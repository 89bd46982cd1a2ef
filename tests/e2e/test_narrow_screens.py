"""On a phone (320 and 390 px) no page of the portal scrolls sideways: every public page type
of the demo and the citizen's account pages fit the screen, tables scroll inside their own box."""

import pytest

from tests.conftest import log_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PUBLIC = [
    "/",
    "/verfahren/",
    "/verfahren/regionalplan-suedhessen-2026/",
    "/marktplatz/",
    "/umfrage-mobilitaet/",
    "/veranstaltungen/",
    "/veranstaltungen/fachtag-regionalentwicklung/",
    "/termine/",
    "/meldungen/",
    "/meldungen/neu/",
    "/impressum/",
    "/suche/?q=Regionalplan",
    "/konto/login/",
]
ACCOUNT = ["/konto/", "/konto/meine-daten/"]

SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"


def pages_that_scroll_sideways(page, paths: list[str]) -> list[str]:
    wide = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        if page.evaluate(SCROLLS_SIDEWAYS):
            wide.append(f"{path} ({page.evaluate('document.documentElement.scrollWidth')} px)")
    return wide


def survey_results_path() -> str:
    from surveys.models import SurveyPage

    return f"/umfragen/{SurveyPage.objects.get(slug='umfrage-mobilitaet').pk}/ergebnisse/"


@pytest.mark.parametrize("width", [320, 390])
def test_no_public_page_scrolls_sideways_on_a_phone(demo, page, width):
    page.set_viewport_size({"width": width, "height": 800})

    assert pages_that_scroll_sideways(page, [*PUBLIC, survey_results_path()]) == []


@pytest.mark.parametrize("width", [320, 390])
def test_my_account_and_my_data_fit_a_phone(demo, page, live_server, width):
    from beteiligung.models import User

    # The demo citizen has statements, comments and an event registration: long tables and lists.
    log_in_browser(page, live_server, User.objects.get(email="buergerin@example.org"))
    page.set_viewport_size({"width": width, "height": 800})

    assert pages_that_scroll_sideways(page, ACCOUNT) == []
