"""Open311 GeoReport v2 at /open311/v2/, in JSON and XML, with the spec's field lists."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from maps.models import ApiKey, Report, ReportPhoto, ReportStatus
from tests.maps.conftest import make_category, make_report

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture
def sized_category(organisation):
    return make_category(
        organisation,
        "Gehweg",
        attributes=[
            {
                "code": "size",
                "datatype": "singlevaluelist",
                "required": True,
                "description": "Wie groß?",
                "values": [{"key": "s", "name": "klein"}, {"key": "l", "name": "groß"}],
            }
        ],
    )


@pytest.fixture
def api_key(organisation):
    return ApiKey.objects.create(name="App", organisation=organisation)


def xml(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def test_discovery_lists_the_endpoint_in_both_formats(client):
    data = client.get("/open311/v2/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml(client.get("/open311/v2/discovery.xml"))
    assert root.tag == "discovery"
    assert root.find("endpoints/endpoint/formats/format").text == "text/xml"


def test_services_have_the_spec_fields(client, category, sized_category):
    services = client.get("/open311/v2/services.json").json()
    assert all(set(s) == SERVICE_FIELDS for s in services)
    by_code = {s["service_code"]: s for s in services}
    assert by_code["gehweg"]["metadata"] is True
    assert by_code["schlagloch"]["metadata"] is False
    assert by_code["schlagloch"]["type"] == "realtime"
    root = xml(client.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    assert {child.tag for child in root.find("service")} == SERVICE_FIELDS
    assert root.find("service/metadata").text in {"true", "false"}


def test_a_service_definition_lists_its_attributes(client, sized_category):
    data = client.get("/open311/v2/services/gehweg.json").json()
    assert data["service_code"] == "gehweg"
    attribute = data["attributes"][0]
    assert set(attribute) == ATTRIBUTE_FIELDS
    assert attribute["values"] == [{"key": "s", "name": "klein"}, {"key": "l", "name": "groß"}]
    root = xml(client.get("/open311/v2/services/gehweg.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/name").text == "klein"


def test_an_unknown_service_is_a_spec_error(client):
    response = client.get("/open311/v2/services/nope.json")
    assert response.status_code == 404
    assert set(response.json()[0]) == {"code", "description"}
    root = xml(client.get("/open311/v2/services/nope.xml"))
    assert root.tag == "errors" and root.find("error/code").text == "404"


def test_requests_have_the_spec_fields_and_iso_dates(client, category, handler):
    report = make_report(category, address="Schlossplatz 1")
    ReportPhoto.objects.create(report=report, image="meldungen/x.jpg")
    report.set_status(ReportStatus.IN_PROGRESS, "Wir kümmern uns", handler)
    data = client.get("/open311/v2/requests.json").json()
    assert len(data) == 1
    row = data[0]
    assert set(row) == REQUEST_FIELDS
    assert row["service_request_id"] == str(report.pk)
    assert row["status"] == "open"
    assert row["status_notes"] == "Wir kümmern uns"
    assert row["agency_responsible"] == "Stadt Musterstadt"
    assert ISO_WITH_OFFSET.match(row["requested_datetime"])
    assert row["lat"] == pytest.approx(50.0826) and row["long"] == pytest.approx(8.2439)
    assert row["media_url"].endswith("/media/meldungen/x.jpg")
    root = xml(client.get("/open311/v2/requests.xml"))
    assert root.tag == "service_requests"
    assert {child.tag for child in root.find("request")} == REQUEST_FIELDS


def test_requests_filter_as_the_spec_says(client, category, other_category):
    old = make_report(category, created_at=timezone.now() - datetime.timedelta(days=200))
    closed = make_report(category, status=ReportStatus.RESOLVED)
    other = make_report(other_category)
    make_report(category, published=False)

    def ids(**params):
        return {
            int(r["service_request_id"])
            for r in client.get("/open311/v2/requests.json", params).json()
        }

    assert ids() == {closed.pk, other.pk}  # the last 90 days by default
    assert ids(status="closed") == {closed.pk}
    assert ids(status="open") == {other.pk}
    assert ids(service_code="straßenlaterne") == {other.pk}
    assert ids(start_date="2000-01-01T00:00:00+01:00") == {old.pk, closed.pk, other.pk}
    end = (timezone.now() - datetime.timedelta(days=100)).isoformat()
    assert ids(start_date="2000-01-01", end_date=end) == {old.pk}
    assert ids(service_request_id=f"{old.pk},{other.pk}") == {old.pk, other.pk}
    assert client.get("/open311/v2/requests.json", {"status": "maybe"}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"start_date": "gestern"}).status_code == 400


def test_one_request_and_a_missing_one(client, category):
    report = make_report(category)
    data = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    assert data[0]["service_request_id"] == str(report.pk)
    root = xml(client.get(f"/open311/v2/requests/{report.pk}.xml"))
    assert root.find("request/service_request_id").text == str(report.pk)
    assert client.get("/open311/v2/requests/99999.json").status_code == 404


def test_post_needs_an_api_key(client, category, api_key):
    body = {"service_code": "schlagloch", "lat": "50.08", "long": "8.24", "description": "Loch"}
    response = client.post("/open311/v2/requests.json", body)
    assert response.status_code == 403
    assert response.json()[0]["code"] == 403
    response = client.post("/open311/v2/requests.xml", {**body, "api_key": "wrong"})
    assert xml(response).tag == "errors"
    api_key.active = False
    api_key.save()
    assert (
        client.post("/open311/v2/requests.json", {**body, "api_key": api_key.key}).status_code
        == 403
    )
    assert not Report.objects.exists()


def test_post_creates_a_request_and_the_token_finds_it(
    client, sized_category, api_key, django_capture_on_commit_callbacks
):
    body = {
        "api_key": api_key.key,
        "service_code": "gehweg",
        "lat": "50.0826",
        "long": "8.2439",
        "description": "Platte lose",
        "email": "app-user@example.org",
        "first_name": "Ada",
        "last_name": "App",
        "attribute[size]": "l",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/open311/v2/requests.json", body)
    assert response.status_code == 200
    created = response.json()[0]
    assert set(created) == {"service_request_id", "token", "service_notice", "account_id"}
    report = Report.objects.get(pk=created["service_request_id"])
    assert report.attributes == {"size": "l"}
    assert report.reporter_name == "Ada App"
    assert report.published
    tokens = client.get(f"/open311/v2/tokens/{created['token']}.json").json()
    assert tokens == [{"service_request_id": str(report.pk), "token": created["token"]}]
    root = xml(client.get(f"/open311/v2/tokens/{created['token']}.xml"))
    assert root.find("request/service_request_id").text == str(report.pk)


def test_post_checks_required_fields(client, sized_category, api_key):
    base = {"api_key": api_key.key, "service_code": "gehweg"}
    assert client.post("/open311/v2/requests.json", base).status_code == 400
    no_attribute = {**base, "lat": "50.1", "long": "8.2"}
    response = client.post("/open311/v2/requests.json", no_attribute)
    assert response.status_code == 400 and "size" in response.json()[0]["description"]
    unknown = {"api_key": api_key.key, "service_code": "nix", "address_string": "Markt"}
    assert client.post("/open311/v2/requests.json", unknown).status_code == 400


def test_the_openapi_schema_is_served(client):
    schema = client.get("/open311/v2/openapi.json").json()
    assert "/open311/v2/requests.{fmt}" in schema["paths"]
    assert "post" in schema["paths"]["/open311/v2/requests.{fmt}"]
