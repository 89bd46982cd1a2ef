"""Bulk edit leaves alone what a split statement's segments decide: its status, result and
response follow from the segments, so the planner is told how many were skipped and why."""

import pytest

from beteiligung.roles import Role
from cms.procedures import ConsiderationResult, StatementStatus
from cms.segments import StatementSegment, follow_segments
from tests.cms.conftest import make_statement
from tests.conftest import make_staff


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def split(procedure):
    statement = make_statement(procedure, text="Erstens Bäume. Zweitens Radwege.")
    for start, end, result, response in [
        (0, 14, ConsiderationResult.ACCEPTED, "Ja."),
        (15, 32, ConsiderationResult.NOT_ACCEPTED, "Nein."),
    ]:
        StatementSegment.objects.create(
            statement=statement, start=start, end=end, result=result, response=response
        )
    follow_segments(statement)
    statement.refresh_from_db()
    return statement


def test_a_split_statement_keeps_its_derived_result_and_the_planner_is_told(
    client, procedure, planner
):
    divided = split(procedure)
    derived = (divided.status, divided.result, divided.response)
    plain = make_statement(procedure, text="Sammeleinwendung")
    client.force_login(planner)

    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/",
        {
            "selected": [divided.pk, plain.pk],
            "status": StatementStatus.WEIGHED,
            "result": ConsiderationResult.NOTED,
            "response": "Gleiche Antwort",
            "assigned_to": planner.pk,
        },
        follow=True,
    )

    divided.refresh_from_db()
    plain.refresh_from_db()
    assert (divided.status, divided.result, divided.response) == derived
    assert divided.result == ConsiderationResult.PARTLY_ACCEPTED
    assert divided.assigned_to == planner  # who works on it is no segment's business
    assert (plain.result, plain.response) == (ConsiderationResult.NOTED, "Gleiche Antwort")
    page = response.content.decode()
    assert "2 Stellungnahmen aktualisiert." in page
    assert (
        "1 Stellungnahme ist in Abschnitte geteilt: Status, Ergebnis und Abwägungsvorschlag "
        "ergeben sich aus ihren Abschnitten und wurden nicht geändert."
    ) in page


def test_assigning_split_statements_alone_skips_none(client, procedure, planner):
    divided = split(procedure)
    client.force_login(planner)

    page = client.post(
        f"/admin/abwaegung/{procedure.pk}/",
        {"selected": [divided.pk], "topic": "Grünflächen"},
        follow=True,
    ).content.decode()

    divided.refresh_from_db()
    assert divided.topic == "Grünflächen"
    assert "in Abschnitte geteilt" not in page
