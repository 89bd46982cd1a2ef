"""Mass statements in the weighing: a group of identical statements is one row of the table
with its size, weighed in one step for every member; filters and sorting by group size;
§ 3 (2) BauGB's public notice for more than 100 members."""

import pytest

from beteiligung.roles import Role
from cms.procedures import StatementStatus
from cms.segments import PUBLIC_NOTICE_THRESHOLD, StatementGroup, group_all
from tests.cms.conftest import make_statement
from tests.conftest import make_staff

CAMPAIGN = (
    "Sehr geehrte Damen und Herren,\nkeine Windräder am Kühkopf!\nMit freundlichen Grüßen\n{}"
)


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def campaign(procedure, count: int) -> StatementGroup:
    for number in range(count):
        make_statement(procedure, text=CAMPAIGN.format(f"Person {number}"), name=f"Person {number}")
    group_all(procedure.pk)
    return StatementGroup.objects.get(procedure=procedure)


def test_a_group_is_one_row_with_its_size(client, procedure, planner):
    group = campaign(procedure, 4)
    make_statement(procedure, text="Einzelne Meinung")
    client.force_login(planner)
    page = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    assert page.count("keine Windräder am Kühkopf") == 1
    assert f"Gruppe {group.reference}" in page and "4 gleichlautend" in page
    assert "5 Stellungnahmen" in page and "in 2 Zeilen" in page
    grouped = client.get(f"/admin/abwaegung/{procedure.pk}/?grouped=yes").content.decode()
    assert "Einzelne Meinung" not in grouped and "Kühkopf" in grouped
    single = client.get(f"/admin/abwaegung/{procedure.pk}/?grouped=no").content.decode()
    assert "Einzelne Meinung" in single and "Kühkopf" not in single


def test_the_largest_group_comes_first_when_sorted_by_size(client, procedure, planner):
    make_statement(procedure, text="Zuerst eingegangen")
    campaign(procedure, 3)
    client.force_login(planner)
    page = client.get(f"/admin/abwaegung/{procedure.pk}/?sort=group").content.decode()
    assert page.index("Kühkopf") < page.index("Zuerst eingegangen")
    page = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    assert page.index("Zuerst eingegangen") < page.index("Kühkopf")


def test_a_planner_weighs_the_group_in_one_step(client, procedure, planner):
    group = campaign(procedure, 3)
    client.force_login(planner)
    page = client.get(f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/").content.decode()
    assert "Person 0" in page and "Person 2" in page and "3 gleichlautende" in page
    assert "public_notice" not in page  # only for more than 100
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/",
        {
            "status": "weighed",
            "result": "not_accepted",
            "response": "Die Fläche bleibt.",
            "topic": "Wind",
        },
    )
    assert response.status_code == 302
    for member in group.members():
        assert (member.status, member.result, member.response, member.topic) == (
            "weighed",
            "not_accepted",
            "Die Fläche bleibt.",
            "Wind",
        )


def test_weighing_a_group_needs_a_result(client, procedure, planner):
    group = campaign(procedure, 2)
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/",
        {"status": "weighed", "result": "", "response": "Mein Text"},
    )
    assert response.status_code == 400
    assert "braucht ein Abwägungsergebnis" in response.content.decode()
    assert "Mein Text" in response.content.decode()
    assert not group.members().filter(status=StatementStatus.WEIGHED).exists()


def test_the_bulk_bar_applies_a_group_row_to_every_member(client, procedure, planner):
    group = campaign(procedure, 3)
    first = group.members().first()
    client.force_login(planner)
    client.post(f"/admin/abwaegung/{procedure.pk}/", {"selected": [first.pk], "topic": "Wind"})
    assert set(group.members().values_list("topic", flat=True)) == {"Wind"}


def test_more_than_100_members_offer_a_public_notice(client, procedure, planner):
    group = campaign(procedure, PUBLIC_NOTICE_THRESHOLD + 1)
    client.force_login(planner)
    table = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    assert "über 100: Bekanntmachung möglich" in table
    page = client.get(f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/").content.decode()
    assert "Bekanntmachung statt Einzelmitteilung" in page
    client.post(
        f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/",
        {
            "status": "weighed",
            "result": "noted",
            "response": "Zur Kenntnis.",
            "public_notice": "on",
        },
    )
    group.refresh_from_db()
    assert group.public_notice


def test_staff_of_another_organisation_cannot_see_or_weigh_a_group(
    client, procedure, other_organisation
):
    group = campaign(procedure, 2)
    client.force_login(make_staff(other_organisation, Role.PLANNER))
    url = f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/"
    assert client.get(url).status_code in (302, 403)
    assert "Person 0" not in client.get(url).content.decode()
    client.post(url, {"status": "weighed", "result": "noted"})
    assert not group.members().filter(status="weighed").exists()
