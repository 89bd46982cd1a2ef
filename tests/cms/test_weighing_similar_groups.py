"""Groups the assistant found by similarity in the weighing: the table filters by group (any,
none, a method, one group) and keeps the members together; each member keeps its own row with
the group's reference and size linking to the group; the group page weighs all of them in one
step after saying what will change, and the planner may take a member out."""

import pytest

from beteiligung.roles import Role
from cms.procedures import ConsiderationResult, StatementStatus
from cms.segments import GroupMethod, StatementGroup, StatementSegment, group_all
from tests.cms.conftest import make_statement
from tests.conftest import make_staff

VARIANTS = [
    "Keine Windräder am Kühkopf, der Rotmilan brütet dort.",
    "Bitte keine Windräder am Kühkopf: dort brütet der Rotmilan!",
    "Am Kühkopf brütet der Rotmilan, also keine Windräder dort.",
]


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def near_group(procedure, texts=VARIANTS, key: str = "near-1") -> StatementGroup:
    group = StatementGroup.objects.create(procedure=procedure, method="near", key=key)
    for text in texts:
        make_statement(procedure, text=text, group=group)
    return group


def table(client, procedure, query: str = "") -> str:
    response = client.get(f"/admin/abwaegung/{procedure.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_each_member_of_a_similarity_group_has_its_row_with_the_groups_link(
    client, procedure, planner
):
    group = near_group(procedure)
    client.force_login(planner)
    page = table(client, procedure)
    for text in VARIANTS:
        assert text in page
    assert page.count(f"{group.reference} · 3 ähnlich") == 3
    assert f'href="/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/"' in page


def test_the_table_filters_by_any_group_no_group_a_method_and_one_group(client, procedure, planner):
    near = near_group(procedure)
    other = near_group(procedure, ["Der Radweg fehlt.", "Ein Radweg fehlt leider."], "near-2")
    for name in ("A", "B"):
        make_statement(procedure, text=f"Gleicher Brieftext.\nMit freundlichen Grüßen\n{name}")
    group_all(procedure.pk)
    make_statement(procedure, text="Einzelne Meinung zum Lärm")
    client.force_login(planner)
    assert "Einzelne Meinung" not in table(client, procedure, "?grouped=yes")
    page = table(client, procedure, "?grouped=no")
    assert "Einzelne Meinung" in page and "Kühkopf" not in page
    page = table(client, procedure, f"?grouped={GroupMethod.IDENTICAL}")
    assert "Gleicher Brieftext" in page and "Kühkopf" not in page
    page = table(client, procedure, "?grouped=near")
    assert "Kühkopf" in page and "Radweg" in page and "Gleicher Brieftext" not in page
    page = table(client, procedure, f"?group={other.reference}")
    assert "Radweg" in page and "Kühkopf" not in page and "2 Stellungnahmen" in page
    page = table(client, procedure, f"?group={near.pk}")
    assert "Kühkopf" in page and "Radweg" not in page


def test_an_unknown_group_is_named_next_to_the_field(client, procedure, planner, home):
    near_group(procedure)
    client.force_login(planner)
    page = table(client, procedure, "?group=G-99999")
    assert "Dieses Verfahren hat keine Gruppe G-99999." in page
    assert 'value="G-99999"' in page


def test_sorted_by_group_the_members_sit_together_largest_group_first(client, procedure, planner):
    make_statement(procedure, text="Zuerst eingegangen")
    small = StatementGroup.objects.create(procedure=procedure, method="near", key="s")
    large = StatementGroup.objects.create(procedure=procedure, method="near", key="l")
    # Received alternately, so the default order interleaves the groups.
    for n in range(3):
        make_statement(procedure, text=f"Großgruppe Nummer {n}", group=large)
        if n < 2:
            make_statement(procedure, text=f"Kleingruppe Nummer {n}", group=small)
    client.force_login(planner)
    page = table(client, procedure, "?sort=group")
    positions = [page.index(f"Großgruppe Nummer {n}") for n in range(3)]
    positions += [page.index(f"Kleingruppe Nummer {n}") for n in range(2)]
    assert positions == sorted(positions)
    assert positions[-1] < page.index("Zuerst eingegangen")


def test_a_planner_weighs_a_near_duplicate_group_in_one_step(client, procedure, planner):
    group = near_group(procedure)
    first = group.members().first()
    first.status, first.result, first.response = "weighed", "noted", "Alt"
    first.save()
    split = make_statement(procedure, text="Kühkopf: keine Windräder. Und mehr Busse.", group=group)
    StatementSegment.objects.create(statement=split, start=0, end=25, result="accepted")
    client.force_login(planner)
    url = f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/"
    page = client.get(url).content.decode()
    assert "Gruppe " + group.reference + ": 4 ähnliche Stellungnahmen" in page
    for text in VARIANTS:
        assert text in page
    assert "Beim Speichern ändern sich 3 Stellungnahmen:" in page
    assert "2 noch nicht abgewogen" in page
    assert "1 bereits abgewogen, Ergebnis und Abwägungsvorschlag werden ersetzt" in page
    assert "1 Stellungnahme ist in Abschnitten abgewogen und bleibt, wie sie ist." in page
    response = client.post(
        url,
        {
            "status": "weighed",
            "result": ConsiderationResult.NOT_ACCEPTED,
            "response": "Die Fläche bleibt; der Rotmilan wurde kartiert.",
            "topic": "Wind",
        },
        follow=True,
    )
    assert "3 Stellungnahmen gleich abgewogen" in response.content.decode()
    for member in group.members().exclude(pk=split.pk):
        assert (member.status, member.result, member.topic) == (
            StatementStatus.WEIGHED,
            ConsiderationResult.NOT_ACCEPTED,
            "Wind",
        )
        assert member.response == "Die Fläche bleibt; der Rotmilan wurde kartiert."
    split.refresh_from_db()
    assert split.result == "" and split.response == ""


def test_the_planner_takes_a_statement_out_of_a_suggested_group(client, procedure, planner):
    group = near_group(procedure)
    stray = group.members().last()
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/herausnehmen/{stray.pk}/",
        follow=True,
    )
    assert f"{stray.reference} wurde aus der Gruppe {group.reference} herausgenommen." in (
        response.content.decode()
    )
    stray.refresh_from_db()
    assert stray.group is None and group.members().count() == 2
    # The assistant does not put it back (assist/grouping.py reads the mark).
    assert stray.kept_apart


def test_taking_out_the_second_last_member_dissolves_the_group(client, procedure, planner):
    group = near_group(procedure, VARIANTS[:2])
    client.force_login(planner)
    client.post(
        f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/herausnehmen/"
        f"{group.members().first().pk}/"
    )
    assert not StatementGroup.objects.filter(pk=group.pk).exists()
    assert not procedure.statements.filter(group__isnull=False).exists()


def test_identical_texts_cannot_be_taken_apart(client, procedure, planner):
    for name in ("A", "B"):
        make_statement(procedure, text=f"Gleicher Brieftext.\nMit freundlichen Grüßen\n{name}")
    group_all(procedure.pk)
    group = StatementGroup.objects.get(procedure=procedure)
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/herausnehmen/"
        f"{group.members().first().pk}/"
    )
    assert response.status_code == 404
    assert group.members().count() == 2


def test_a_planner_of_another_organisation_cannot_take_a_member_out(
    client, procedure, other_organisation
):
    group = near_group(procedure)
    member = group.members().first()
    client.force_login(make_staff(other_organisation, Role.PLANNER))
    client.post(f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/herausnehmen/{member.pk}/")
    member.refresh_from_db()
    assert member.group == group


def test_identical_twins_inside_a_near_group_are_one_row_and_leave_it_together(
    client, procedure, planner
):
    near = near_group(procedure, VARIANTS[:2])
    twins = StatementGroup.objects.create(
        procedure=procedure, method=GroupMethod.IDENTICAL, key="twins", parent=near
    )
    for name in ("A", "B"):
        make_statement(procedure, text="Kühkopf ohne Windräder, bitte.", name=name, group=twins)
    client.force_login(planner)
    page = table(client, procedure, f"?group={near.reference}")
    assert "2 gleichlautend" in page and page.count("Kühkopf ohne Windräder") == 1
    assert page.count(f"{near.reference} · 4 ähnlich") == 3
    assert "4 Stellungnahmen" in table(client, procedure, "?grouped=near")
    member = twins.members().first()
    client.post(f"/admin/abwaegung/{procedure.pk}/gruppe/{near.pk}/herausnehmen/{member.pk}/")
    twins.refresh_from_db()
    assert twins.parent is None and twins.members().count() == 2
    assert all(twin.kept_apart for twin in twins.members())
    assert near.members().count() == 2
