"""The public map-notes page and its point data cost the same queries for 2 or 40 notes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maps.demo import create_contributions

pytestmark = pytest.mark.django_db


def count_queries(client, path: str) -> int:
    client.get(path)  # warm the site settings and session caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("suffix", ["", "punkte.json"])
@pytest.mark.parametrize("logged_in", [False, True])
def test_the_query_count_does_not_grow_with_the_notes(
    client, citizen, feedback_procedure, suffix, logged_in
):
    if logged_in:
        client.force_login(citizen)
    path = f"/kartenhinweise/{feedback_procedure.pk}/{suffix}"
    create_contributions(feedback_procedure, 2)
    few = count_queries(client, path)

    create_contributions(feedback_procedure, 38, seed_value=2)

    assert count_queries(client, path) == few
