"""The planners' map and its data cost the same number of queries for 2 or 30 notes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beteiligung.roles import Role
from maps.demo import create_contributions
from tests.cms.conftest import make_statement
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def count_queries(client, path: str) -> int:
    client.get(path)  # warm the site settings and session caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("suffix", ["", "daten.json", "export.csv", "?sources=pin&sources=report"])
def test_the_query_count_does_not_grow_with_the_notes(
    client, organisation, feedback_procedure, suffix
):
    client.force_login(make_staff(organisation, Role.PLANNER))
    path = f"/admin/karte/{feedback_procedure.pk}/{suffix}"
    create_contributions(feedback_procedure, 2)
    make_statement(feedback_procedure, text="Mit Ort", latitude="49.9", longitude="8.7")
    few = count_queries(client, path)

    create_contributions(feedback_procedure, 28, seed_value=2)
    make_statement(feedback_procedure, text="Noch einer", latitude="49.85", longitude="8.6")

    assert count_queries(client, path) == few
