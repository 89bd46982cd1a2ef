"""Atom feeds as feed readers take them: feedparser without complaint (bozo 0), lxml in
strict mode, absolute links under SITE_URL, filters, hostile titles that stay text, and
the <link rel="alternate"> on the pages they follow."""

import feedparser
import pytest
from lxml import etree

from cms.procedures import PhaseKind
from tests.conftest import make_organisation
from tests.interfaces.conftest import SITE_URL, make_event, make_procedure
from tests.maps.conftest import make_category, make_report

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert(1)</script> & Co\x07\x1b ]]>"


def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    # Strict XML: no recovery from broken markup.
    root = etree.fromstring(
        response.content, etree.XMLParser(recover=False, resolve_entities=False)
    )
    assert root.tag == f"{ATOM}feed"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def test_the_procedure_feed_lists_new_procedures_with_absolute_links(client, procedure):
    feed = read_feed(client, "/verfahren/feed.atom")

    assert feed.feed.title == "Beteiligungsverfahren"
    assert [entry.title for entry in feed.entries] == [procedure.title]
    entry = feed.entries[0]
    assert entry.link == f"{SITE_URL}/verfahren/regionalplan/"
    assert entry.author == "Stadt Musterstadt"
    assert "Ein neues Quartier." in entry.summary
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == f"{SITE_URL}/verfahren/feed.atom"
    assert links["alternate"] == f"{SITE_URL}/verfahren/"


def test_the_procedure_feed_filters_by_organisation_and_topic(client, home, procedure):
    other = make_organisation("Kreis Bergstraße")
    theirs = make_procedure(home, other, PhaseKind.PARTICIPATION, slug="radweg", title="Radweg")
    theirs.tags.add("Verkehr")
    theirs.save()

    ours = read_feed(client, f"/verfahren/feed.atom?organisation={procedure.organisation.slug}")
    topic = read_feed(client, "/verfahren/feed.atom?topic=verkehr")

    assert [e.title for e in ours.entries] == [procedure.title]
    assert [e.title for e in topic.entries] == ["Radweg"]
    assert "Thema: verkehr" in topic.feed.title
    assert client.get("/verfahren/feed.atom?organisation=gibt-es-nicht").status_code == 404
    assert client.get("/verfahren/feed.atom?topic=gibt-es-nicht").status_code == 404


def test_hostile_titles_and_control_characters_stay_text(client, home, organisation):
    make_procedure(home, organisation, slug="boese", title=HOSTILE, summary=f"Text {HOSTILE}")

    feed = read_feed(client, "/verfahren/feed.atom")

    entry = feed.entries[0]
    assert entry.title == "<script>alert(1)</script> & Co ]]>"
    assert "<script>" not in entry.summary  # feedparser keeps escaped HTML escaped
    assert "alert(1)" in entry.summary


def test_the_event_feed_lists_upcoming_events(client, event_index, organisation, event):
    make_event(event_index, organisation, title=HOSTILE, slug="boese")

    feed = read_feed(client, "/veranstaltungen/feed.atom")

    titles = {entry.title for entry in feed.entries}
    assert titles == {event.title, "<script>alert(1)</script> & Co ]]>"}
    entry = next(e for e in feed.entries if e.title == event.title)
    assert entry.link == f"{SITE_URL}{event.url}"
    assert entry.id == f"urn:uid:{event.calendar_uid}"
    assert "Bürgerhaus" in entry.summary


def test_the_report_feed_lists_only_published_reports_inside_the_box(client, organisation):
    category = make_category(organisation)
    inside = make_report(category, lat="49.872800", lon="8.651200", address="Luisenplatz")
    make_report(category, lat="50.110000", lon="8.680000", address="Frankfurt")  # outside
    make_report(category, published=False, address="Unveröffentlicht")
    make_report(category, description=HOSTILE, address=HOSTILE)

    boxed = read_feed(client, "/meldungen/feed.atom?bbox=8.6,49.8,8.7,49.9")
    everything = read_feed(client, "/meldungen/feed.atom")

    assert [e.link for e in boxed.entries if "Luisenplatz" in e.title] == [
        f"{SITE_URL}/meldungen/{inside.pk}/"
    ]
    assert not any("Frankfurt" in e.title for e in boxed.entries)
    assert any("Frankfurt" in e.title for e in everything.entries)
    assert not any("Unveröffentlicht" in e.title for e in everything.entries)
    assert boxed.feed.title == "Meldungen im gewählten Gebiet"


@pytest.mark.parametrize("bbox", ["8.6,49.8,8.7", "a,b,c,d", "8.7,49.8,8.6,49.9", "nan,1,2,3"])
def test_a_bad_bbox_gets_a_german_message(client, bbox):
    response = client.get(f"/meldungen/feed.atom?bbox={bbox}")

    assert response.status_code == 400
    assert "vier Zahlen" in response.content.decode()


def test_the_pages_link_their_feeds(client, procedure, event_index):
    pages = {
        "/verfahren/": "/verfahren/feed.atom",
        procedure.url: f"/verfahren/feed.atom?organisation={procedure.organisation.slug}",
        event_index.url: "/veranstaltungen/feed.atom",
        "/meldungen/": "/meldungen/feed.atom",
    }
    for page, feed in pages.items():
        html = etree.fromstring(client.get(page).content, etree.HTMLParser())
        links = html.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
        assert feed in links, (page, links)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/verfahren/feed.atom", "organisation=%00"),
        ("/verfahren/feed.atom", "organisation=a%20b"),
        ("/verfahren/feed.atom", "thema=%22%27%3C"),
        ("/verfahren/feed.atom", "topic=" + "a" * 101),
        ("/veranstaltungen/feed.atom", "organisation=%00"),
    ],
)
def test_a_feed_filter_that_is_no_slug_finds_no_feed(client, path, query):
    assert client.get(f"{path}?{query}").status_code == 404
