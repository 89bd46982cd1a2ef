"""Open311 as the software people use reads it: lxml's strict XML parser, the PyPI
``georeport`` client against a running server, and browser apps (CORS); pages, phone
numbers, photo links and attribute values as the discovery and service definitions say."""

import datetime

import pytest
from django.utils import timezone
from georeport import GeoReport
from lxml import etree

from maps.models import ApiKey, Report
from tests.maps.conftest import make_category, make_report

pytestmark = pytest.mark.django_db

# Characters XML 1.0 cannot carry (NUL cannot even be stored in PostgreSQL; the form and
# the API refuse it, see below).
HOSTILE = "Loch\x08 mit \x0b Tab\x1b[31m und \ufffe Ende"


@pytest.fixture
def category(organisation):
    return make_category(
        organisation,
        "Gehweg",
        attributes=[
            {
                "code": "size",
                "datatype": "singlevaluelist",
                "required": True,
                "values": [{"key": "s", "name": "klein"}, {"key": "l", "name": "groß"}],
            },
            {"code": "depth", "datatype": "number"},
        ],
    )


@pytest.fixture
def api_key(organisation):
    return ApiKey.objects.create(name="App", organisation=organisation)


def strict_xml(response) -> etree._Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content, etree.XMLParser(recover=False))


def post(client, api_key, **fields):
    body = {"api_key": api_key.key, "service_code": "gehweg", "attribute[size]": "s"}
    body.update(lat="50.0826", long="8.2400")
    return client.post("/open311/v2/requests.json", {**body, **fields})


def test_a_stored_control_character_does_not_break_the_xml_for_everyone(client, category):
    make_report(category, description=HOSTILE)
    make_report(category, description="Zweite Meldung")

    root = strict_xml(client.get("/open311/v2/requests.xml"))

    descriptions = [element.text for element in root.iter("description")]
    assert "Loch mit  Tab[31m und  Ende" in descriptions
    assert "Zweite Meldung" in descriptions


def test_control_characters_in_a_new_request_are_refused(client, category, api_key):
    response = post(client, api_key, description="Loch\x00")

    assert response.status_code == 400
    assert "Steuerzeichen" in response.json()[0]["description"]
    assert not Report.objects.exists()


def test_requests_come_in_pages_with_a_link_to_the_next(client, category):
    for number in range(5):
        make_report(category, description=f"Meldung {number}")

    first = client.get("/open311/v2/requests.json?page_size=2")
    last = client.get("/open311/v2/requests.json?page_size=2&page=3")

    assert [r["description"] for r in first.json()] == ["Meldung 4", "Meldung 3"]
    assert first["X-Total-Count"] == "5"
    assert first["Link"] == (
        '<http://127.0.0.1:8000/open311/v2/requests.json?page_size=2&page=2>; rel="next"'
    )
    assert [r["description"] for r in last.json()] == ["Meldung 0"]
    assert "Link" not in last


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page_size=1001", "page_size=-1"])
def test_a_page_out_of_range_is_a_spec_error(client, category, query):
    response = client.get(f"/open311/v2/requests.json?{query}")

    assert response.status_code == 400
    assert "whole number" in response.json()[0]["description"]


def test_the_discovery_documents_the_pages_and_names_a_real_contact(client):
    discovery = client.get("/open311/v2/discovery.json").json()

    assert "page_size" in discovery["pagination"]["parameters"]
    assert "noreply" not in discovery["contact"]
    assert discovery["contact"] == "Beteiligungsportal Hessen, http://127.0.0.1:8000/impressum/"


def test_browser_apps_on_other_origins_may_read_the_api(client, category):
    make_report(category)

    for path in ("services.json", "requests.xml", "discovery.json"):
        response = client.get(f"/open311/v2/{path}", headers={"Origin": "https://app.example"})
        assert response["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response["Access-Control-Expose-Headers"]


def test_phone_and_photo_link_are_kept_and_the_link_is_served(client, category, api_key):
    response = post(
        client,
        api_key,
        phone="+49 611 123456",
        media_url="https://app.example/fotos/1.jpg",
        email="anna@example.org",
    )

    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.reporter_phone, report.media_url) == (
        "+49 611 123456",
        "https://app.example/fotos/1.jpg",
    )
    served = client.get(f"/open311/v2/requests/{report.pk}.json").json()[0]
    assert served["media_url"] == "https://app.example/fotos/1.jpg"
    assert "123456" not in str(served)

    report.erase_reporter_data()
    report.refresh_from_db()
    assert report.reporter_phone == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"media_url": "javascript:alert(1)"}, "media_url is not an http(s) address."),
        ({"phone": "call me maybe"}, "phone is not a telephone number."),
        ({"email": "no-address"}, "email is not an e-mail address."),
        ({"attribute[size]": "xl"}, "attribute[size] must be one of: "),
        ({"attribute[depth]": "tief"}, "attribute[depth] must be a number."),
        ({"attribute[colour]": "rot"}, "attribute[colour] is not an attribute of this service."),
    ],
)
def test_values_the_service_does_not_describe_are_refused(
    client, category, api_key, fields, message
):
    response = post(client, api_key, **fields)

    assert response.status_code == 400
    assert response.json()[0]["description"].startswith(message)
    assert not Report.objects.exists()


def test_attribute_values_as_described_are_stored(client, category, api_key):
    response = post(client, api_key, **{"attribute[size]": "l", "attribute[depth]": "12,5"})

    assert response.status_code == 200
    assert Report.objects.get().attributes == {"size": "l", "depth": "12,5"}


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_the_georeport_client_reads_services_and_requests(live_server, category, output_format):
    report = make_report(category, description="Loch vor der Schule")
    Report.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    client = GeoReport(f"{live_server.url}/open311/v2", output_format=output_format)

    services = client.get_service_list()
    definition = client.get_service_definition("gehweg")
    requests = client.get_service_requests(status="open")
    one = client.get_service_request(str(report.pk))

    services = services if isinstance(services, list) else [services]
    assert [s["service_code"] for s in services] == ["gehweg"]
    codes = [a["code"] for a in _as_list(definition["attributes"], "attribute")]
    assert codes == ["size", "depth"]
    assert [r["description"] for r in _as_list(requests)] == ["Loch vor der Schule"]
    assert one["service_request_id"] == str(report.pk)
    assert one["status"] == "open"


def _as_list(value, item: str | None = None) -> list:
    """xmltodict gives a dict for one element and a list for several."""
    if item and isinstance(value, dict) and item in value:
        value = value[item]
    return value if isinstance(value, list) else [value]
