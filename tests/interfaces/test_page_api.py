"""The Wagtail page API as an app reads it: absolute URLs, a procedure's status, phase and
deadline, an event's free seats, calendar link and date filters, and its OpenAPI
description, validated with openapi-spec-validator."""

import datetime

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from cms.procedures import PhaseKind
from events import services
from tests.interfaces.conftest import SITE_URL, in_days, make_event, make_procedure

pytestmark = pytest.mark.django_db


def get(client, path: str, **params):
    response = client.get(f"/api/v2/pages/{path}", params)
    assert response["Content-Type"].startswith("application/json"), response.content
    return response


def test_page_urls_are_absolute_under_site_url_not_the_site_record(client, procedure):
    listing = get(client, "", type="cms.ProcedurePage").json()
    detail = get(client, f"{procedure.pk}/").json()

    assert listing["items"][0]["meta"]["html_url"] == f"{SITE_URL}/verfahren/regionalplan/"
    assert detail["meta"]["html_url"] == f"{SITE_URL}/verfahren/regionalplan/"
    assert detail["meta"]["detail_url"] == f"{SITE_URL}/api/v2/pages/{procedure.pk}/"
    assert detail["meta"]["parent"]["meta"]["html_url"] == f"{SITE_URL}/verfahren/"
    assert "localhost" not in str(detail)


def test_a_procedure_tells_its_status_current_phase_and_deadline(client, procedure):
    data = get(client, f"{procedure.pk}/").json()

    participation = procedure.participation_phase()
    assert data["status"]["code"] == "open"
    assert data["status"]["label"].startswith("Offen bis ")
    assert data["current_phase"]["kind"] == PhaseKind.PARTICIPATION
    assert data["current_phase"]["title"] == participation.title
    deadline = datetime.datetime.fromisoformat(data["deadline"])
    assert deadline == participation.end
    assert deadline.utcoffset() in (datetime.timedelta(hours=1), datetime.timedelta(hours=2))


def test_status_and_phase_can_be_listed_for_many_procedures(client, procedure):
    data = get(
        client, "", type="cms.ProcedurePage", fields="status,current_phase,deadline,organisation"
    ).json()

    item = data["items"][0]
    assert item["status"]["code"] == "open" and item["current_phase"]["kind"] == "participation"
    assert item["organisation"] == {
        "id": procedure.organisation.pk,
        "name": "Stadt Musterstadt",
        "slug": "stadt-musterstadt",
    }


def test_an_event_tells_its_seats_left_and_its_calendar_link(client, event):
    services.register(event, name="Anna", email="anna@example.org", persons=2)

    data = get(client, f"{event.pk}/").json()

    assert data["seats_left"] == 1
    assert data["ics_url"] == f"{SITE_URL}{event.url}ical/"
    assert data["organisation"]["name"] == "Stadt Musterstadt"
    assert client.get(event.url + "ical/")["Content-Type"] == "text/calendar; charset=utf-8"


def test_upcoming_events_are_filtered_by_start(client, event_index, organisation, event):
    later = make_event(event_index, organisation, title="Später", slug="spaeter", start=in_days(40))

    after = get(client, "", type="events.EventPage", start_after=in_days(20).date().isoformat())
    before = get(
        client, "", type="events.EventPage", start_before=in_days(20).isoformat(), order="start"
    )
    moment = get(client, "", type="events.EventPage", start_after=later.start.isoformat())

    assert [item["id"] for item in after.json()["items"]] == [later.pk]
    assert [item["id"] for item in before.json()["items"]] == [event.pk]
    assert [item["id"] for item in moment.json()["items"]] == [later.pk]


def test_a_bad_date_filter_gets_a_german_message_not_a_500(client, event):
    bad = get(client, "", type="events.EventPage", start_after="morgen")
    untyped = get(client, "", start_after="2026-12-01")

    assert bad.status_code == 400 and "bitte ein Datum wie 2026-12-01" in bad.json()["message"]
    assert untyped.status_code == 400 and "type=events.EventPage" in untyped.json()["message"]


def test_the_openapi_description_is_valid_and_names_our_fields(client):
    response = client.get("/api/v2/openapi.json")

    assert response.status_code == 200
    description = response.json()
    validate(description)
    assert description["servers"] == [{"url": f"{SITE_URL}/api/v2"}]
    parameters = {p.get("name") for p in description["paths"]["/pages/"]["get"]["parameters"]}
    assert {"start_after", "start_before"} <= parameters
    schemas = description["components"]["schemas"]
    assert {"status", "current_phase", "deadline"} <= set(
        schemas["ProcedurePage"]["allOf"][1]["properties"]
    )
    assert {"seats_left", "ics_url"} <= set(schemas["EventPage"]["allOf"][1]["properties"])


def test_the_answers_match_the_openapi_description(client, procedure, event):
    description = client.get("/api/v2/openapi.json").json()

    def check(name: str, instance: dict) -> None:
        # The $refs resolve against a document that carries the description's components.
        schema = {"$ref": f"#/components/schemas/{name}", "components": description["components"]}
        OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER).validate(instance)

    check("ProcedurePage", get(client, f"{procedure.pk}/").json())
    check("EventPage", get(client, f"{event.pk}/").json())
    check("PageListing", get(client, "", type="events.EventPage", start_after="2020-01-01").json())


def test_a_listing_needs_no_more_queries_for_more_pages(client, home, organisation, event_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(**params) -> int:
        get(client, "", **params)  # warm the caches (site root paths) first
        with CaptureQueriesContext(connection) as queries:
            assert get(client, "", **params).status_code == 200
        return len(queries)

    procedures = {"type": "cms.ProcedurePage", "fields": "status,current_phase,deadline"}
    events = {
        "type": "events.EventPage",
        "fields": "seats_left,ics_url",
        "start_after": "2020-01-01",
    }

    def add(first: int, last: int) -> None:
        for i in range(first, last):
            make_procedure(home, organisation, PhaseKind.PARTICIPATION, slug=f"plan-{i}")
            make_event(
                event_index, organisation, slug=f"termin-{i}", registration_enabled=True, capacity=5
            )

    add(0, 2)
    few = count(**procedures), count(**events)
    add(2, 12)
    many = count(**procedures), count(**events)

    assert many == few
