"""The site search (/suche/) on the demo content: what citizens type, and what comes first."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beteiligung import search
from beteiligung.models import SearchSynonym

pytestmark = [pytest.mark.django_db, pytest.mark.indexed]

# What a citizen types, the group that must come first and the title of its first hit.
FIRST_HITS = [
    ("Führerschein", "appointments", "Führerschein beantragen"),
    ("Fuehrerschein", "appointments", "Führerschein beantragen"),
    ("führerschein", "appointments", "Führerschein beantragen"),
    ("Schlagloch", "reports", "Straßenschäden/Schlagloch"),
    ("Schlaglöcher", "reports", "Straßenschäden/Schlagloch"),
    ("Radweg", "map_feedback", "Radweg fehlt"),
    ("Radwege", "map_feedback", "Radweg fehlt"),
    # No wind-energy procedure in the demo: the synonym finds the consultation hour on it.
    ("Windkraft", "events", "Online-Sprechstunde Regionalplan: Windenergie"),
    ("Kurpark", "procedures", "Bebauungsplan „Am Kurpark Ost“"),
    ("Dorfspaziergang", "events", "Dorfspaziergang Dorfentwicklung Gladenbach"),
    ("Straßenbeleuchtung", "reports", "Straßenbeleuchtung"),
    ("Strassenbeleuchtung", "reports", "Straßenbeleuchtung"),
    ("Mobilität", "surveys", "Mobilität in Wiesbaden"),
    ("Marktplatz", "dialogues", "Zukunft des Marktplatzes"),
    ("Impressum", "pages", "Impressum"),
]


@pytest.mark.parametrize(("typed", "kind", "title"), FIRST_HITS)
def test_the_search_puts_what_a_citizen_means_first(demo, typed, kind, title):
    _query, groups = search.find(typed)

    assert (groups[0].key, groups[0].hits[0].title) == (kind, title)


def test_strasse_and_strasse_with_eszett_find_the_same_first(demo):
    _query, with_ss = search.find("Strasse")
    _query, with_eszett = search.find("Straße")

    first = with_ss[0].hits[0]
    assert first.title == with_eszett[0].hits[0].title
    assert first.title.startswith("Straße")


def test_a_service_leads_to_the_start_of_its_booking(client, demo):
    page = client.get("/suche/", {"q": "Führerschein"}).content.decode()

    link = re.search(r'<a href="(/termine/\?leistung=\d+)">Führerschein beantragen</a>', page)
    assert link
    booking = client.get(link.group(1))
    assert booking.status_code == 200
    # The booking's first screen, narrowed to this service, with its offices to choose.
    assert "Führerschein beantragen" in booking.content.decode()
    assert 'class="booking-office-link"' in booking.content.decode()


def test_a_report_category_leads_to_the_report_form(client, demo):
    page = client.get("/suche/", {"q": "Schlagloch"}).content.decode()

    assert '<a href="/meldungen/neu/?kategorie=schlagloch">Straßenschäden/Schlagloch</a>' in page


def test_a_map_feedback_category_leads_to_the_map_of_its_procedure(client, demo):
    page = client.get("/suche/", {"q": "Radweg"}).content.decode()

    link = re.search(r'<a href="(/kartenhinweise/\d+/)">Radweg fehlt</a>', page)
    assert link
    assert client.get(link.group(1)).status_code == 200


def test_the_results_page_names_the_query_and_heads_each_group_with_its_count(client, demo):
    page = client.get("/suche/", {"q": "Führerschein"}).content.decode()

    assert "<title>Suche nach „Führerschein“" in page
    assert re.search(r"<h2 [^>]*>Termine <span[^>]*>\(\d+\)</span></h2>", page)


def test_a_synonym_added_in_the_admin_widens_the_search(demo):
    assert not search.find("Knöllchen")[1]

    SearchSynonym.objects.create(terms="Knöllchen, Verkehrszeichen")

    _query, groups = search.find("Knoellchen")
    assert groups[0].hits[0].title == "Verkehrszeichen"


def test_the_demo_seeds_the_wind_energy_synonyms(demo):
    assert SearchSynonym.objects.filter(terms__contains="Windkraft").exists()


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "x" * 2000,
        "Führer\x00schein",
        "%",
        "100%",
        "'\"",
        'Plan "Süd',
        "<script>alert(1)</script>",
        "AND OR NOT NEAR",
        "*",
        "Rad* weg^2",
        "\u202eabc",
    ],
)
def test_bad_input_answers_a_result_page_with_the_query_escaped(client, demo, typed):
    response = client.get("/suche/", {"q": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "\x00" not in page


def test_a_script_in_the_query_is_shown_as_text(client, demo):
    page = client.get("/suche/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "Suche nach „&lt;script&gt;alert(1)&lt;/script&gt;“" in page


def test_the_query_count_does_not_grow_with_the_number_of_results(client, demo):
    from events.models import EventPage

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/suche/", {"q": "Sprechstunde"}).status_code == 200
        return len(captured)

    def events_found() -> int:
        return next(g.total for g in search.find("Sprechstunde")[1] if g.key == "events")

    queries()  # the first request also fills the site and settings caches
    before, found = queries(), events_found()
    event = EventPage.objects.live().filter(title__contains="Sprechstunde").first()
    parent = event.get_parent()
    for number in range(5):
        copy = event.copy(update_attrs={"title": f"Sprechstunde {number}", "slug": f"sp-{number}"})
        copy.save_revision().publish()
    assert parent.get_children().filter(title__startswith="Sprechstunde ").count() == 5

    assert events_found() == found + 5
    queries()  # publishing made the cached footer stale: the next request reads it once
    assert queries() == before


def test_a_page_is_found_by_an_inflected_word_of_its_text(client, demo):
    page = client.get("/suche/", {"q": "Datenschutzerklaerungen"}).content.decode()

    assert 'href="/datenschutz/"' in page


def test_editors_keep_the_synonyms_as_a_snippet_with_a_german_name():
    from django.utils import translation
    from wagtail.snippets.models import get_snippet_models

    assert SearchSynonym in get_snippet_models()
    with translation.override("de"):
        assert str(SearchSynonym._meta.verbose_name_plural) == "Suchbegriffe / Synonyme"
