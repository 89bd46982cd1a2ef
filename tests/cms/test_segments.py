"""cms/segments.py: normalising a campaign letter, grouping identical statements as they
arrive, a statement's result from its segments, and when an entered letter is late."""

import datetime

import pytest
from django.utils import timezone

from cms.notices import send_final_notices
from cms.procedures import ConsiderationResult, StatementStatus
from cms.segments import (
    StatementGroup,
    StatementSegment,
    derived_result,
    follow_segments,
    group_all,
    normalised_text,
    received_late,
    text_key,
)
from tests.cms.conftest import make_statement

LETTER = (
    "Sehr geehrte Damen und Herren,\n\nich lehne das Windvorranggebiet am Kühkopf ab.\n"
    "Es zerstört das Landschaftsbild.\n\nMit freundlichen Grüßen\n{name}"
)


def test_salutation_closing_name_whitespace_and_case_do_not_count():
    first = LETTER.format(name="Anna Beispiel")
    second = (
        "sehr geehrte damen und herren,\r\nIch lehne das  Windvorranggebiet am Kühkopf ab. "
        "Es zerstört das Landschaftsbild.\r\n\r\nmit freundlichen Grüßen\r\nBernd Muster\r\nHauptstr. 1"
    )
    assert normalised_text(first) == (
        "ich lehne das windvorranggebiet am kühkopf ab. es zerstört das landschaftsbild."
    )
    assert text_key(first) == text_key(second)
    assert text_key(first) != text_key(first.replace("Kühkopf", "Rhein"))


def test_a_statement_without_salutation_keeps_its_whole_text():
    assert normalised_text("Mehr Radwege!\nDanke") == "mehr radwege! danke"


def test_the_second_identical_statement_opens_a_group_and_the_third_joins(procedure):
    first = make_statement(
        procedure, status=StatementStatus.DRAFT, submitted_at=None, text=LETTER.format(name="Anna")
    )
    first.submit()
    assert first.group is None
    second = make_statement(
        procedure, status=StatementStatus.DRAFT, submitted_at=None, text=LETTER.format(name="Bernd")
    )
    second.submit()
    third = make_statement(
        procedure, status=StatementStatus.DRAFT, submitted_at=None, text=LETTER.format(name="Carla")
    )
    third.submit()
    other = make_statement(
        procedure, status=StatementStatus.DRAFT, submitted_at=None, text="Etwas ganz anderes."
    )
    other.submit()
    group = StatementGroup.objects.get()
    assert group.method == "identical"
    assert {s.pk for s in group.members()} == {first.pk, second.pk, third.pk}
    other.refresh_from_db()
    assert other.group is None


def test_statements_already_there_are_grouped_by_the_command_function(procedure):
    a = make_statement(procedure, text=LETTER.format(name="A"))
    b = make_statement(procedure, text=LETTER.format(name="B"))
    make_statement(procedure, text="Allein")
    assert group_all(procedure.pk) == 2
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.group_id == b.group_id is not None


def test_weighing_a_group_weighs_every_member(procedure):
    members = [make_statement(procedure, text=LETTER.format(name=n)) for n in "ABC"]
    group_all(procedure.pk)
    group = StatementGroup.objects.get()
    assert group.weigh(status=StatementStatus.WEIGHED, result="not_accepted", response="Nein.") == 3
    for member in members:
        member.refresh_from_db()
        assert (member.status, member.result, member.response) == (
            "weighed",
            "not_accepted",
            "Nein.",
        )


def test_more_than_100_members_allow_a_public_notice(procedure):
    group = StatementGroup.objects.create(procedure=procedure, key="x" * 64)
    assert not group.may_publish_instead(100)
    assert group.may_publish_instead(101)


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        (["accepted", "accepted"], "accepted"),
        (["accepted", "not_accepted"], "partly"),
        (["not_accepted", "noted"], "not_accepted"),
        (["noted", "noted"], "noted"),
        (["accepted", ""], "accepted"),
        (["", ""], ""),
    ],
)
def test_a_statements_result_follows_from_its_segments(results, expected):
    assert derived_result(results) == expected


def test_a_statement_is_weighed_only_when_every_segment_is(procedure):
    statement = make_statement(procedure, text="Erstens Bäume. Zweitens Radwege.")
    one = StatementSegment.objects.create(
        statement=statement,
        start=0,
        end=14,
        topic="Grün",
        result=ConsiderationResult.ACCEPTED,
        response="Ja.",
    )
    two = StatementSegment.objects.create(statement=statement, start=15, end=32)
    follow_segments(statement)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED and statement.result == ""
    assert statement.response == "Zu Abschnitt 1 (Grün): Ja."
    two.result, two.response = ConsiderationResult.NOT_ACCEPTED, "Nein."
    two.save()
    follow_segments(statement)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.WEIGHED
    assert statement.result == ConsiderationResult.PARTLY_ACCEPTED
    assert statement.response == "Zu Abschnitt 1 (Grün): Ja.\n\nZu Abschnitt 2: Nein."
    assert one.text == "Erstens Bäume." and two.text == "Zweitens Radwege."


def test_a_letter_received_on_the_last_day_is_in_time_the_next_day_late(procedure):
    end = procedure.participation_phase().end
    last_day = timezone.localtime(end - datetime.timedelta(seconds=1)).replace(hour=12)
    assert not received_late(procedure, last_day)
    assert received_late(procedure, last_day + datetime.timedelta(days=1))


def test_members_of_a_group_with_public_notice_get_no_individual_mail(procedure, mailoutbox):
    for name in "AB":
        make_statement(procedure, text=LETTER.format(name=name), email=f"{name}@example.org")
    make_statement(procedure, text="Allein", email="single@example.org")
    group_all(procedure.pk)
    group = StatementGroup.objects.get()
    group.public_notice = True
    group.save()
    procedure.statements.update(status=StatementStatus.WEIGHED, result="noted")
    assert send_final_notices(procedure).emails == 1
