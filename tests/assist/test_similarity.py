"""The planner's suggestions: which statements of the procedure resemble this one, and why."""

from assist.similarity import similar_statements, similar_to_text
from cms.segments import StatementSegment
from tests.assist.conftest import OWN_WORDS
from tests.cms.conftest import make_procedure, make_statement

WIND = (
    "Sehr geehrte Damen und Herren,\n"
    "ich lehne die Vorrangfläche für Windenergie am Hohen Berg ab. Die Anlagen stehen zu nah "
    "an unserem Dorf und der Schattenwurf belastet die Anwohner. Außerdem brütet dort der "
    "Rotmilan.\nMit freundlichen Grüßen\n{}"
)


def test_a_copy_of_a_campaign_letter_with_another_name_comes_first(procedure):
    mine = make_statement(procedure, text=WIND.format("Anna Berg"))
    copy = make_statement(procedure, text=WIND.format("Peter Klein"))
    make_statement(procedure, text="Bitte bauen Sie einen Radweg an der Bundesstraße 3.")
    matches = similar_statements(mine)
    assert matches[0].statement == copy
    assert matches[0].score > 0.9 and matches[0].method == "near"
    assert all(m.statement != mine for m in matches)


def test_a_variant_with_a_typo_and_an_added_sentence_is_found_with_its_passages(procedure):
    mine = make_statement(procedure, text=WIND.format("Anna Berg"))
    variant = make_statement(
        procedure,
        text=(
            "Hallo,\nich wohne seit 30 Jahren hier. Ich lehne die Vorrangflache für Windenergie "
            "am Hohen Berg ab. Die Anlagen stehen zu nah an unserem Dorf und der Schattenwurf "
            "belastet die Anwohner.\nViele Grüße\nKarl"
        ),
    )
    [match] = similar_statements(mine)
    assert match.statement == variant
    assert 0.5 < match.score < 1
    ours = [p[0] for p in match.passages]
    assert any("Schattenwurf" in passage for passage in ours)
    assert all(theirs in variant.text for _ours, theirs in match.passages)


def test_statements_of_another_procedure_and_drafts_are_never_suggested(
    procedure, home, organisation
):
    other = make_procedure(home, organisation, title="Anderes Verfahren", slug="anderes")
    mine = make_statement(procedure, text=WIND.format("Anna Berg"))
    make_statement(other, text=WIND.format("Peter Klein"))
    make_statement(procedure, text=WIND.format("Entwurf"), status="draft", submitted_at=None)
    assert similar_statements(mine) == []


def test_only_weighed_statements_are_offered_when_asked(procedure):
    make_statement(procedure, text=WIND.format("Unbearbeitet"))
    weighed = make_statement(
        procedure,
        text=WIND.format("Abgewogen"),
        result="not_accepted",
        response="Der Abstand genügt.",
    )
    segmented = make_statement(procedure, text=WIND.format("In Abschnitten"))
    StatementSegment.objects.create(
        statement=segmented, start=0, end=40, result="noted", response="Zur Kenntnis genommen."
    )
    matches = similar_to_text(procedure.pk, WIND.format("Neu"), weighed_only=True, limit=10)
    assert {m.statement for m in matches} == {weighed, segmented}


def test_a_statement_sharing_a_concern_in_other_words_comes_as_a_semantic_match(procedure):
    from assist.grouping import group_procedure

    statements = [make_statement(procedure, text=text) for text in OWN_WORDS]
    group_procedure(procedure.pk)
    matches = similar_statements(statements[0], limit=10)
    semantic = {m.statement for m in matches if m.method == "semantic"}
    near = {m.statement for m in matches if m.method == "near"}
    assert statements[1] in semantic | near and statements[2] in semantic | near
    assert statements[5] not in semantic | near
    assert [m.method for m in matches] == sorted(
        (m.method for m in matches), key=lambda method: method != "near"
    )


def test_in_a_mass_procedure_the_copies_are_found_among_the_fingerprinted_statements(
    procedure, monkeypatch
):
    from assist import similarity
    from assist.grouping import signatures_of

    # A procedure larger than the candidate bound: the copies must come through the
    # fingerprint preselection, the unrelated statements must not crowd them out.
    monkeypatch.setattr(similarity, "MAX_CANDIDATES", 3)
    mine = make_statement(procedure, text=WIND.format("Anna Berg"))
    copies = [make_statement(procedure, text=WIND.format(name)) for name in ("Peter", "Jana")]
    others = [
        make_statement(procedure, text=f"Bitte bauen Sie einen Radweg an der Straße Nr. {n}.")
        for n in range(8)
    ]
    signatures_of([(s.pk, s.text) for s in [mine, *copies, *others]])
    matches = similar_statements(mine)
    assert {m.statement for m in matches[:2]} == set(copies)
    assert all(m.method == "near" for m in matches[:2])
