"""Check /open311/v2/ with an independent client: georeport (PyPI) for GET, requests for POST.

Run against a running portal (e.g. `make run` or runserver with demo data), from any Python
that has `georeport` installed (kept out of the project's dependencies on purpose):

    python3 -m venv /tmp/o311 && /tmp/o311/bin/pip install georeport==0.3.1
    /tmp/o311/bin/python bench/maps_open311_client.py http://127.0.0.1:8000/open311/v2 [api_key]
"""

import sys

import requests
from georeport import GeoReport

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
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
}  # fmt: skip


def check(root: str, api_key: str) -> None:
    for fmt in ("json", "xml"):
        client = GeoReport(root, output_format=fmt)
        services = client.get_service_list()
        assert services and all(set(s) >= SERVICE_FIELDS for s in services), services[:1]
        with_metadata = [s for s in services if str(s["metadata"]).lower() == "true"]
        definition = client.get_service_definition(with_metadata[0]["service_code"])
        assert "attributes" in definition, definition
        found = client.get_service_requests(status="open")
        found = found if isinstance(found, list) else [found]
        assert found and set(found[0]) >= REQUEST_FIELDS, found[:1]
        one = client.get_service_request(found[0]["service_request_id"])
        assert one["service_request_id"] == found[0]["service_request_id"]
        print(
            f"{fmt}: {len(services)} services, definition of "
            f"{with_metadata[0]['service_code']} with {len(definition['attributes'])} "
            f"attribute(s), {len(found)} open requests, request "
            f"#{one['service_request_id']} ({one['requested_datetime']})"
        )
    if api_key:
        body = {
            "api_key": api_key,
            "service_code": services[0]["service_code"],
            "lat": "50.0782",
            "long": "8.2398",
            "description": "Test über Open311",
        }
        refused = requests.post(f"{root}/requests.json", data={**body, "api_key": "x"}, timeout=10)
        assert refused.status_code == 403, refused.text
        created = requests.post(f"{root}/requests.json", data=body, timeout=10).json()[0]
        token = requests.get(f"{root}/tokens/{created['token']}.json", timeout=10).json()[0]
        assert token["service_request_id"] == created["service_request_id"]
        print(f"POST: created #{created['service_request_id']}, token resolves; bad key -> 403")


if __name__ == "__main__":
    check(sys.argv[1].rstrip("/"), sys.argv[2] if len(sys.argv) > 2 else "")
