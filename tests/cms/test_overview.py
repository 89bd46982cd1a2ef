"""The citizen's way in: the home page and /mitmachen/ show what is open now across every
kind, with the time left, the newest results and a map of all procedures with a list."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cms.overview import format_deadline, time_left
from cms.procedures import PhaseKind
from tests.cms.conftest import make_procedure
from tests.conftest import make_organisation
from tests.events.conftest import in_days, make_event
from tests.surveys.conftest import SIMPLE, make_survey

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)


def at(day: int, hour: int = 0, minute: int = 0, month: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def make_dialogue(home, organisation, slug: str = "marktplatz", **fields):
    from dialogues.models import DialoguePage

    fields.setdefault("title", "Marktplatz")
    page = DialoguePage(slug=slug, question="Wie nutzen?", organisation=organisation, **fields)
    home.add_child(instance=page)
    return page


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (at(13, 18), "noch 12 Tage"),
        (at(2, 9), "noch 1 Tag"),
        (at(1, 18), "endet heute um 18:00 Uhr"),
        # Midnight closes the day before: the last day to write is today.
        (at(2, 0), "endet heute um 24:00 Uhr"),
        (at(3, 0), "noch 1 Tag"),
    ],
)
def test_the_time_left_counts_calendar_days_in_berlin(end, expected):
    assert time_left(end, NOW) == expected


def test_a_deadline_at_midnight_reads_as_24_00_of_the_day_before():
    end = datetime.datetime(2027, 1, 16, 0, 0, tzinfo=BERLIN)
    assert format_deadline(end) == "15. Januar 2027, 24:00 Uhr"
    assert format_deadline(end.replace(day=15, hour=18)) == "15. Januar 2027, 18:00 Uhr"


@pytest.fixture
def event_index(home):
    from events.models import EventIndexPage

    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    return index


@pytest.fixture
def portal(home, organisation, event_index):
    """One open item of every kind, and closed and upcoming ones that must stay reachable."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    return {
        "procedure": make_procedure(home, organisation, title="Radweg Nord", map_feedback=True),
        "concluded": make_procedure(
            home,
            organisation,
            stage=PhaseKind.RESULT,
            slug="alt",
            title="Schulhof Süd",
            statements_public=True,
            results_published_at=now - day,
        ),
        "dialogue": make_dialogue(home, organisation, closes_at=now + 3 * day),
        "survey": make_survey(home, organisation, SIMPLE, title="Umfrage Mobilität"),
        "upcoming": make_survey(
            home,
            organisation,
            SIMPLE,
            slug="bald",
            title="Umfrage Parken",
            opens_at=now + 5 * day,
            closes_at=now + 20 * day,
        ),
        "closed": make_dialogue(
            home,
            organisation,
            slug="alt-dialog",
            title="Spielplatz Ost",
            opens_at=now - 30 * day,
            closes_at=now - 2 * day,
        ),
        "event": make_event(event_index, organisation, title="Infoabend Radweg", start=in_days(4)),
        "past_event": make_event(
            event_index, organisation, slug="vorbei", title="Alter Abend", start=in_days(-4)
        ),
    }


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_the_overview_shows_everything_open_now_with_the_time_left(client, portal):
    response = client.get("/mitmachen/")
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    procedure = portal["procedure"]
    assert f"{procedure.url}#stellungnahme" in links(html)
    assert "Stellungnahmen bis" in html
    assert f"/kartenhinweise/{procedure.pk}/" in links(html)
    assert portal["dialogue"].url in links(html) and "noch 3 Tage" in html
    assert portal["survey"].url in links(html) and "An der Umfrage teilnehmen" in html
    assert portal["event"].url in links(html)
    assert "Alter Abend" not in html


def test_the_overview_keeps_upcoming_and_closed_items_reachable(client, portal):
    html = client.get("/mitmachen/").content.decode()

    assert portal["upcoming"].url in links(html) and "Demnächst" in html
    assert portal["closed"].url in links(html) and "Kürzlich beendet" in html


def test_the_newest_results_link_to_the_published_weighing(client, portal):
    html = client.get("/mitmachen/").content.decode()

    assert f"{portal['concluded'].url}#results-heading" in links(html)
    assert "Ergebnisse der Abwägung veröffentlicht" in html


def test_the_home_page_shows_what_is_open_and_links_the_overview(client, portal):
    html = client.get("/").content.decode()

    for key in ("dialogue", "survey", "event"):
        assert portal[key].url in links(html), key
    assert f"{portal['procedure'].url}#stellungnahme" in links(html)
    assert "/mitmachen/" in links(html)


def test_the_main_navigation_links_the_overview(client, home):
    html = client.get("/").content.decode()
    nav = html[html.index('class="main-nav"') : html.index("</nav>")]
    assert 'href="/mitmachen/">Mitmachen</a>' in nav


def test_the_demo_dialogue_and_survey_are_reachable_from_home_and_overview(client, demo):
    for url in ("/", "/mitmachen/"):
        found = links(client.get(url).content.decode())
        assert "/marktplatz/" in found, url
        assert "/umfrage-mobilitaet/" in found, url


def test_the_map_shows_every_planning_area_and_the_list_names_the_same_procedures(client, portal):
    html = client.get("/mitmachen/").content.decode()
    listing = html[html.index("overview-procedure-list") :]

    assert 'class="folium-map"' in html
    assert html.count("L.geoJson(") == 2
    assert "Radweg Nord" in listing and "Schulhof Süd" in listing
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html


def test_a_procedure_title_reaches_the_map_only_as_text(client, home, organisation):
    make_procedure(home, organisation, title="</script><script>alert(1)</script>")

    html = client.get("/mitmachen/").content.decode()
    script = html[html.index("L.geoJson(") :]

    assert "<script>alert(1)" not in script
    assert "node.textContent = text" in script


def test_the_overview_filters_procedures_by_place_name(client, home, organisation):
    make_procedure(home, organisation, slug="a", title="Plan A", area_description="Darmstadt-Nord")
    make_procedure(home, organisation, slug="b", title="Plan B", area_description="Kassel")

    html = client.get("/mitmachen/?q=darmstadt").content.decode()
    listing = html[html.index("overview-procedure-list") :]

    assert "Plan A" in listing and "Plan B" not in listing
    assert 'value="darmstadt"' in html  # what was typed stays


def test_the_overview_filters_procedures_by_municipality(client, home, organisation):
    other = make_organisation("Stadt Kassel")
    make_procedure(home, organisation, slug="a", title="Plan A")
    make_procedure(home, other, slug="b", title="Plan B")

    html = client.get(f"/mitmachen/?organisation={other.slug}").content.decode()
    listing = html[html.index("overview-procedure-list") :]

    assert "Plan B" in listing and "Plan A" not in listing


@pytest.mark.parametrize(
    "query", ["?organisation=gibt-es-nicht", "?q=" + "x" * 300, "?q=%00", "?q=<b>"]
)
def test_odd_filters_get_an_answer_not_an_error(client, home, organisation, query):
    make_procedure(home, organisation)
    response = client.get("/mitmachen/" + query)
    assert response.status_code == 200
    assert "<b>" not in response.content.decode().split("<main", 1)[1]


def many(home, organisation, event_index, count: int) -> None:
    for number in range(count):
        make_procedure(home, organisation, slug=f"p{number}", title=f"Plan {number}")
        make_dialogue(home, organisation, slug=f"d{number}", title=f"Dialog {number}")
        make_survey(home, organisation, SIMPLE, slug=f"s{number}", title=f"Umfrage {number}")
        make_event(event_index, organisation, slug=f"e{number}", start=in_days(number + 1))


@pytest.mark.parametrize("url", ["/", "/mitmachen/"])
def test_the_query_count_does_not_grow_with_the_items(
    client, home, organisation, event_index, url, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many(home, organisation, event_index, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    many_count = 6
    for number in range(1, many_count):
        make_procedure(home, organisation, slug=f"q{number}", title=f"Plan Q{number}")
        make_dialogue(home, organisation, slug=f"dq{number}", title=f"Dialog Q{number}")
        make_survey(home, organisation, SIMPLE, slug=f"sq{number}", title=f"Umfrage Q{number}")
        make_event(event_index, organisation, slug=f"eq{number}", start=in_days(number + 1))

    with django_assert_max_num_queries(len(one)):
        html = client.get(url).content.decode()
    assert html.count("An der Umfrage teilnehmen") == many_count


def test_the_overview_map_is_left_out_when_no_procedure_has_an_area(client, home, organisation):
    make_procedure(home, organisation, planning_area=None)
    html = client.get("/mitmachen/").content.decode()
    assert 'class="folium-map"' not in html
    assert "Bebauungsplan Mitte" in html


def test_the_overview_answers_in_english_too(client, portal):
    client.cookies["django_language"] = "en"
    html = client.get("/mitmachen/").content.decode()
    assert "Take part now" in html and "days left" in html


def test_item_texts_are_escaped(client, home, organisation):
    make_dialogue(home, organisation, title='<img src=x onerror="alert(1)">')
    html = client.get("/mitmachen/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
