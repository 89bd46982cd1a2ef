"""The event index: upcoming events, filters, month view, past events, pagination."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from cms.models import FooterSettings
from tests.cms.conftest import make_procedure
from tests.conftest import make_organisation, queries_on_a_miss
from tests.events.conftest import BERLIN, in_days, make_event

pytestmark = pytest.mark.django_db


def test_it_lists_upcoming_events_by_date_and_past_ones_separately(
    client, event_index, organisation
):
    later = make_event(event_index, organisation, title="Werkstatt", start=in_days(20))
    sooner = make_event(event_index, organisation, title="Infoabend", start=in_days(2))
    make_event(event_index, organisation, title="Rückblick", start=in_days(-5))

    upcoming = client.get("/veranstaltungen/").content.decode()
    past = client.get("/veranstaltungen/?zeit=vergangen").content.decode()

    assert upcoming.index(sooner.title) < upcoming.index(later.title)
    assert "Rückblick" not in upcoming
    assert "Rückblick" in past and "Werkstatt" not in past


def test_it_filters_by_organisation_format_and_dates(client, event_index, organisation):
    other = make_organisation("Landkreis Marburg-Biedenkopf")
    make_event(event_index, organisation, title="Vor Ort", start=in_days(3))
    make_event(
        event_index,
        other,
        title="Online-Sprechstunde",
        place_name="",
        address="",
        online_url="https://meet.example.org/raum",
        start=in_days(30),
    )

    by_org = client.get(f"/veranstaltungen/?organisation={other.slug}").content.decode()
    online = client.get("/veranstaltungen/?format=online").content.decode()
    on_site = client.get("/veranstaltungen/?format=vor-ort").content.decode()
    until = (in_days(10)).date().isoformat()
    by_date = client.get(f"/veranstaltungen/?bis={until}").content.decode()

    assert "Online-Sprechstunde" in by_org and "Vor Ort</a>" not in by_org
    assert "Online-Sprechstunde" in online and "Vor Ort</a>" not in online
    assert "Vor Ort</a>" in on_site and "Online-Sprechstunde" not in on_site
    assert "Vor Ort</a>" in by_date and "Online-Sprechstunde" not in by_date


def test_a_bad_filter_value_is_ignored_not_an_error(client, event_index, event):
    response = client.get("/veranstaltungen/?von=gestern&verfahren=abc&monat=2026-13")

    assert response.status_code == 200
    assert event.title in response.content.decode()


def test_the_month_view_shows_each_day_of_a_multi_day_event(client, event_index, organisation):
    make_event(
        event_index,
        organisation,
        title="Planungswerkstatt",
        start=datetime.datetime(2026, 12, 30, 9, 0, tzinfo=BERLIN),
        end=datetime.datetime(2027, 1, 2, 17, 0, tzinfo=BERLIN),
    )

    december = client.get("/veranstaltungen/?monat=2026-12").content.decode()
    january = client.get("/veranstaltungen/?monat=2027-01").content.decode()

    assert december.count("Planungswerkstatt</a>") == 2  # 30 and 31 December
    assert january.count("Planungswerkstatt</a>") == 2  # 1 and 2 January
    assert 'href="?monat=2027-01' in december


def test_it_paginates_without_more_queries_per_event(
    client, event_index, organisation, django_assert_max_num_queries
):
    for number in range(3):
        make_event(
            event_index, organisation, title=f"Termin {number:02d}", start=in_days(number + 1)
        )
    with CaptureQueriesContext(connection) as few:
        client.get("/veranstaltungen/")
    for number in range(3, 25):
        make_event(
            event_index, organisation, title=f"Termin {number:02d}", start=in_days(number + 1)
        )

    # Each new event makes the cached index a miss: both requests build the page.
    with django_assert_max_num_queries(len(few)):
        first = client.get("/veranstaltungen/").content.decode()
    second = client.get("/veranstaltungen/?seite=2").content.decode()

    assert "Termin 19" in first and "Termin 20" not in first
    assert "Termin 24" in second


def test_the_index_offers_the_filtered_feed(client, event_index, organisation, event):
    content = client.get(f"/veranstaltungen/?organisation={organisation.slug}").content.decode()

    assert f"/veranstaltungen/kalender.ics?organisation={organisation.slug}" in content
    assert "webcal://127.0.0.1:8000/veranstaltungen/kalender.ics" in content


def index_queries(client) -> int:
    return queries_on_a_miss(client, "/veranstaltungen/")


def test_it_costs_twelve_queries_on_a_miss_with_one_event_or_thirty(
    client, event_index, organisation, citizen, home
):
    procedure = make_procedure(home, organisation)
    make_event(event_index, organisation, start=in_days(1), procedure=procedure)
    # The footer's setting exists on every site (Wagtail creates it on the first read).
    FooterSettings.for_site(Site.objects.get(is_default_site=True))
    member = Client()
    member.force_login(citizen)
    few, few_member = index_queries(client), index_queries(member)
    for number in range(2, 31):
        make_event(event_index, make_organisation(f"Gemeinde {number}"), start=in_days(number))

    assert few <= 12
    assert index_queries(client) == few
    assert index_queries(member) == few_member


def test_it_leaves_out_events_behind_a_view_restriction(client, event_index, organisation):
    make_event(event_index, organisation, title="Offene Werkstatt", start=in_days(3))
    private = make_event(event_index, organisation, title="Interne Runde", start=in_days(4))
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    upcoming = client.get("/veranstaltungen/").content.decode()

    assert "Offene Werkstatt" in upcoming
    assert "Interne Runde" not in upcoming
