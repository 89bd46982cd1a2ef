"""Schemathesis generates requests from the Open311 OpenAPI schema (every operation, GET and
POST, valid and invalid values); none may end in a server error, and every answer must be
what the schema says: status code, content type and body."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from maps.models import ApiKey
from tests.maps.conftest import make_category, make_report

pytestmark = pytest.mark.django_db

API_KEY = "schema-test-key"


@pytest.fixture
def connection_kept_open():
    """Like Django's test client: a request must not close the test's database connection
    (on PostgreSQL that would end the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_generated_open311_request_causes_a_server_error_or_breaks_the_schema(
    organisation, connection_kept_open
):
    make_report(make_category(organisation, service_code="schlagloch"))
    ApiKey.objects.create(name="App", organisation=organisation, key=API_KEY)
    schema = schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            if case.method == "POST" and isinstance(case.body, dict):
                case.body.setdefault("api_key", API_KEY)
            response = case.call(headers={"Host": "localhost"})
            assert response.status_code < 500, (case.method, case.path, response.text[:300])
            # Status codes, content types and bodies as documented. Not "every schema-valid
            # request is accepted": a pattern cannot say that 30 February is no date, and
            # an unknown api_key is refused with 403 by design.
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        check()
