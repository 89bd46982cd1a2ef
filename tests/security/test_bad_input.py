"""The inputs that answered 500 before (issue #15): each now gets a 4xx or the page with a
German message. The junk walker (test_junk_requests) finds such cases; these name them."""

import pytest
from django.test import Client

from appointments.models import Service
from events.models import EventIndexPage
from maps.models import ApiKey
from tests.appointments.conftest import days_ahead, make_office, make_slot
from tests.conftest import make_user
from tests.dialogues.conftest import make_comment, make_dialogue
from tests.maps.conftest import make_category

pytestmark = pytest.mark.django_db
HUGE = str(10**25)


@pytest.fixture
def open311(organisation):
    make_category(organisation, service_code="schlagloch")
    ApiKey.objects.create(name="App", organisation=organisation, key="app-key")
    return {"api_key": "app-key", "service_code": "schlagloch", "lat": "50.1", "long": "8.6"}


@pytest.fixture
def office_url(organisation):
    office = make_office(organisation)
    service = Service.objects.create(organisation=organisation, name="Ausweis")
    service.offices.add(office)
    make_slot(office, days_ahead(3))
    return f"/termine/leistung/{service.pk}/stelle/{office.pk}/"


@pytest.mark.parametrize("query", ['"', "\x00", 'Plan "Süd', "AND", "<>"])
def test_the_search_answers_quotes_and_nul_bytes_with_a_result_page(home, query):
    response = Client().get("/suche/", {"q": query})

    assert response.status_code == 200
    assert "Suche" in response.content.decode()


@pytest.mark.parametrize("date", ["2026-13-45", "2026-02-30", "9999-12-31T25:00", "0001-01-01"])
def test_open311_refuses_an_impossible_start_date(date):
    response = Client().get("/open311/v2/requests.json", {"start_date": date})

    assert response.status_code == 400
    assert response.json()[0]["description"] == "start_date is not a valid ISO 8601 date."


def test_open311_does_not_find_a_request_id_beyond_the_database_range():
    assert Client().get(f"/open311/v2/requests/{'1' * 23}.json").status_code == 404
    response = Client().get("/open311/v2/requests.json", {"service_request_id": "1" * 23})
    assert response.status_code == 400


@pytest.mark.parametrize("latitude", ["NaN", "-NaN", "Infinity", "sNaN", "1e999999"])
def test_open311_refuses_a_latitude_that_is_no_number(open311, latitude):
    response = Client().post("/open311/v2/requests.json", {**open311, "lat": latitude})

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "lat is not a number."}]


def test_open311_refuses_a_multipart_body_without_boundary(open311):
    response = Client().generic(
        "POST", "/open311/v2/requests.xml", b"api_key=app-key", content_type="multipart/form-data"
    )

    assert response.status_code == 400
    assert b"<description>The request body cannot be read.</description>" in response.content


def test_open311_refuses_a_nul_byte_in_the_service_code():
    response = Client().get("/open311/v2/requests.json", {"service_code": "schlag\x00loch"})

    assert response.status_code == 400


def test_an_appointment_day_at_the_end_of_the_calendar_is_not_found(office_url):
    response = Client().get(office_url + "9999-12-31/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.parametrize("month", ["2026-99999999999999999999", "99999999999999999999-01", "x"])
def test_an_impossible_appointment_month_shows_the_current_month(office_url, month):
    response = Client().get(office_url, {"monat": month})

    assert response.status_code == 200


@pytest.mark.parametrize("token", ["%00", "abc%00def", "%27%22%3C%3E", "x" * 400])
def test_a_broken_booking_token_is_not_found(token):
    for url in [f"/termine/buchung/{token}/", f"/termine/bestaetigen/{token}/"]:
        assert Client().get(url).status_code == 404


def test_an_id_beyond_the_database_range_is_not_found(home):
    for url in [f"/kartenhinweise/{HUGE}/", f"/umfragen/{HUGE}/ergebnisse/", f"/meldungen/{HUGE}/"]:
        assert Client().get(url).status_code == 404, url


def test_the_event_index_refuses_a_date_beyond_its_range(home):
    index = home.add_child(instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen"))
    index.save_revision().publish()

    response = Client().get(index.url, {"von": "9999-12-31", "bis": "9999-12-31"})

    assert response.status_code == 200
    assert "Dieser Wert muss kleiner oder gleich" in response.content.decode()


def test_a_support_with_a_next_that_is_no_path_goes_back_to_the_comment(home, organisation):
    dialogue = make_dialogue(home, organisation)
    comment = make_comment(dialogue, make_user("autorin@example.org"))
    client = Client()
    client.force_login(make_user("nachbar@example.org"))

    response = client.post(f"/kommentare/{comment.pk}/unterstuetzen/", {"next": "NaN"})

    assert response.status_code == 302
    assert response["Location"] == f"{dialogue.url}#{comment.anchor()}"
