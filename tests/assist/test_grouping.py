"""Near-duplicate groups and similar concerns of a procedure, in the database: what the
weighing sees (one group per statement) and how identical groups sit inside near groups."""

from django.core.management import call_command

from assist.grouping import group_procedure, place, refresh_concerns, refresh_stale_concerns
from assist.models import Concern, ConcernRun, Fingerprint
from cms.procedures import Statement
from cms.segments import GroupMethod, StatementGroup, group_identical
from tests.assist.conftest import OWN_WORDS
from tests.cms.conftest import make_statement

LETTER = (
    "{greeting}\n\nHiermit erhebe ich Einwendungen gegen das geplante Vorranggebiet für "
    "Windenergie WE-17 am Hohen Berg.\n\nDie Anlagen würden nur etwa 800 Meter von der "
    "nächsten Wohnbebauung entfernt stehen. Schattenwurf, Lärm in der Nacht und die ständige "
    "Beleuchtung würden die Lebensqualität im Ort erheblich beeinträchtigen.\n\n{own}Ich "
    "fordere daher, den Mindestabstand auf mindestens 1.000 Meter zu erhöhen.\n\n"
    "Mit freundlichen Grüßen\n{name}"
)


def letter(name: str, greeting: str = "Sehr geehrte Damen und Herren,", own: str = "") -> str:
    return LETTER.format(greeting=greeting, own=own, name=name)


def test_varied_copies_of_a_campaign_letter_form_one_near_group(procedure):
    first = make_statement(procedure, text=letter("Anna Becker"))
    second = make_statement(
        procedure,
        text=letter("Jürgen Schäfer", greeting="Hallo,", own="Ich wohne seit 30 Jahren hier. "),
    )
    third = make_statement(procedure, text=letter("Olga Nowak").replace("Lärm", "Lärn"))
    alone = make_statement(procedure, text="Bitte bauen Sie einen Radweg nach Pfungstadt.")
    summary = group_procedure(procedure.pk)
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    alone.refresh_from_db()
    assert first.group.method == GroupMethod.NEAR
    assert first.group == second.group == third.group
    assert alone.group is None
    assert summary.near_groups == 1 and summary.in_near_groups == 3
    assert set(first.group.members()) == {first, second, third}


def test_an_identical_group_sits_inside_the_near_group_and_is_weighed_with_it(procedure):
    twins = [make_statement(procedure, text=letter("Anna Becker")) for _ in range(2)]
    variant = make_statement(procedure, text=letter("Karl", own="Das sehe ich jeden Tag. "))
    group_procedure(procedure.pk)
    identical = StatementGroup.objects.get(method=GroupMethod.IDENTICAL)
    variant.refresh_from_db()
    assert identical.parent == variant.group
    assert set(variant.group.members()) == {*twins, variant}
    assert set(identical.members()) == set(twins)
    assert variant.group.weigh(result="noted", response="Zur Kenntnis genommen.") == 3


def test_a_new_statement_joins_the_near_group_of_its_closest_copy(procedure):
    make_statement(procedure, text=letter("Anna Becker"))
    make_statement(procedure, text=letter("Jürgen Schäfer", own="Ich wohne hier. "))
    group_procedure(procedure.pk)
    near = StatementGroup.objects.get(method=GroupMethod.NEAR)
    newcomer = make_statement(procedure, text=letter("Paul Neumann", own="Bitte prüfen Sie das. "))
    assert place(newcomer.pk) == near
    newcomer.refresh_from_db()
    assert newcomer.group == near
    unrelated = make_statement(procedure, text="Der Friedhof braucht eine Erweiterungsfläche.")
    assert place(unrelated.pk) is None
    assert Fingerprint.objects.filter(statement=unrelated).exists()


def test_a_new_identical_twin_of_a_near_group_member_keeps_the_near_group(procedure):
    first = make_statement(procedure, text=letter("Anna Becker"))
    make_statement(procedure, text=letter("Jürgen Schäfer", own="Ich wohne hier. "))
    group_procedure(procedure.pk)
    near = StatementGroup.objects.get(method=GroupMethod.NEAR)
    twin = make_statement(procedure, text=letter("Anna Becker"))
    identical = group_identical(twin)
    assert identical.parent == near
    first.refresh_from_db()
    assert first.group == identical
    assert set(near.members()) >= {first, twin}


def test_a_submitted_statement_is_grouped_by_the_queued_task(
    procedure, django_capture_on_commit_callbacks
):
    make_statement(procedure, text=letter("Anna Becker"))
    draft = make_statement(
        procedure,
        text=letter("Jürgen Schäfer", own="Ich wohne hier. "),
        status="draft",
        submitted_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        draft.submit()
    draft.refresh_from_db()
    assert draft.group is not None and draft.group.method == GroupMethod.NEAR


def test_statements_that_are_no_longer_alike_leave_their_near_group(procedure):
    first = make_statement(procedure, text=letter("Anna Becker"))
    second = make_statement(procedure, text=letter("Jürgen Schäfer", own="Ich wohne hier. "))
    group_procedure(procedure.pk)
    second.text = "Ich habe meine Meinung geändert: Bitte mehr Bäume im Ortskern pflanzen."
    second.save()
    Fingerprint.objects.filter(statement=second).delete()
    group_procedure(procedure.pk)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.group is None and second.group is None
    assert not StatementGroup.objects.filter(method=GroupMethod.NEAR).exists()


def test_the_same_concern_in_own_words_forms_a_concern_and_deleting_removes_it(procedure):
    statements = [make_statement(procedure, text=text) for text in OWN_WORDS]
    summary = group_procedure(procedure.pk)
    assert summary.concerns >= 1
    wind = statements[0].concerns.get()
    assert set(wind.statements.all()) == set(statements[:3])
    assert not statements[5].concerns.exists()
    for statement in statements[:3]:
        statement.delete()
    assert not Concern.objects.filter(pk=wind.pk).exists() or not wind.statements.exists()


def test_the_command_says_in_german_what_it_grouped(procedure, capsys):
    make_statement(procedure, text=letter("Anna Becker"))
    make_statement(procedure, text=letter("Jürgen Schäfer", own="Ich wohne hier. "))
    call_command("group_statements", str(procedure.pk))
    out = capsys.readouterr().out
    assert "2 Stellungnahmen" in out
    assert "Fast gleichlautende Gruppen: 1 mit 2 Stellungnahmen" in out


def test_a_statement_the_planner_took_out_stays_out_when_grouping_again(procedure):
    first = make_statement(procedure, text=letter("Anna Becker"))
    second = make_statement(procedure, text=letter("Jürgen Schäfer", own="Ich wohne hier. "))
    taken_out = make_statement(procedure, text=letter("Olga Nowak", own="Mein Garten liegt dort. "))
    group_procedure(procedure.pk)
    near = StatementGroup.objects.get(method=GroupMethod.NEAR)
    Statement.objects.filter(pk=taken_out.pk).update(group=None, kept_apart=True)

    group_procedure(procedure.pk)
    newcomer = make_statement(procedure, text=letter("Paul Neumann", own="Bitte prüfen Sie das. "))
    assert place(newcomer.pk) == near

    taken_out.refresh_from_db()
    assert taken_out.group is None
    assert set(near.members()) == {first, second, newcomer}


def test_an_identical_copy_of_a_statement_taken_out_stays_out_with_it(procedure):
    make_statement(procedure, text=letter("Anna Becker"))
    make_statement(procedure, text=letter("Jürgen Schäfer", own="Ich wohne hier. "))
    taken_out = make_statement(procedure, text=letter("Olga Nowak", own="Mein Garten liegt dort. "))
    group_procedure(procedure.pk)
    Statement.objects.filter(pk=taken_out.pk).update(group=None, kept_apart=True)

    twin = make_statement(procedure, text=letter("Olga Nowak", own="Mein Garten liegt dort. "))
    identical = group_identical(twin)
    place(twin.pk)

    twin.refresh_from_db()
    assert twin.kept_apart and twin.group == identical and identical.parent is None
    near = StatementGroup.objects.get(method=GroupMethod.NEAR)
    assert not near.members().filter(pk__in=[taken_out.pk, twin.pk]).exists()


def test_the_schedule_computes_concerns_for_new_statements_and_only_when_they_change(
    procedure,
):
    statements = [make_statement(procedure, text=text) for text in OWN_WORDS]

    assert refresh_stale_concerns() == [procedure.pk]
    wind = statements[0].concerns.get()
    assert set(wind.statements.all()) == set(statements[:3])

    assert refresh_stale_concerns() == []
    assert Concern.objects.filter(pk=wind.pk).exists()

    make_statement(procedure, text="Bitte prüfen Sie auch den Radweg.")
    assert refresh_stale_concerns() == [procedure.pk]
    # Computed anew from all seven statements.
    assert not Concern.objects.filter(pk=wind.pk).exists()
    assert ConcernRun.objects.get(procedure=procedure).statements == 7


def test_recomputing_concerns_leaves_the_planners_groups_as_they_are(procedure):
    campaign = [
        make_statement(procedure, text=letter(name, own=own))
        for name, own in [("Anna", ""), ("Karl", "Ich wohne hier. "), ("Olga", "Mein Garten. ")]
    ]
    for text in OWN_WORDS:
        make_statement(procedure, text=text)
    group_procedure(procedure.pk, concerns=False)
    near = StatementGroup.objects.get(method=GroupMethod.NEAR)

    refresh_concerns(procedure.pk)

    assert set(StatementGroup.objects.get(pk=near.pk).members()) == set(campaign)
    assert ConcernRun.objects.get(procedure=procedure).statements == 9
