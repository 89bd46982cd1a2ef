"""Text with control characters is refused at the boundary, with one German message, by
the forms and by the Open311 API."""

import pytest
from django.test import Client

from maps.models import ApiKey
from tests.maps.conftest import make_category

pytestmark = pytest.mark.django_db

MESSAGE = "Der Text enthält Steuerzeichen (etwa ein NUL-Byte). Bitte entfernen Sie diese."


@pytest.mark.parametrize("text", ["Clara\x07", "Clara\x1b[31m", "Cl\x00ara", "Cl\x85ara"])
def test_a_form_refuses_text_with_control_characters(citizen, text):
    client = Client()
    client.force_login(citizen)

    response = client.post("/konto/", {"display_name": text})

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.display_name == "Clara Citizen"


def test_a_form_keeps_line_breaks_and_tabs(citizen):
    client = Client()
    client.force_login(citizen)

    response = client.post("/konto/", {"display_name": "Clara\tCitizen"})

    assert response.status_code == 302


def test_the_open311_api_refuses_control_characters_with_the_same_message(organisation):
    make_category(organisation, service_code="schlagloch")
    ApiKey.objects.create(name="App", organisation=organisation, key="app-key")

    response = Client().post(
        "/open311/v2/requests.json",
        {"api_key": "app-key", "service_code": "schlagloch", "lat": "50.1", "long": "8.6",
         "description": "Loch\x00"},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": MESSAGE}]
