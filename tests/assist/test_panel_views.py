"""The assistant's panel in the weighing view: a planner weighing a statement or a segment
sees already-weighed similar ones with their decision and the matching passages marked;
citizens' text stays text; nothing crosses the organisation boundary; the second factor is
required as everywhere in the back office."""

import pytest
from wagtail.documents.models import Document

from beteiligung.roles import Role
from cms.procedures import ConsiderationResult, ProcedureDocument, StatementStatus
from cms.segments import StatementGroup, StatementSegment
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff

WIND = (
    "Sehr geehrte Damen und Herren,\n"
    "ich lehne die Vorrangfläche für Windenergie am Hohen Berg ab. Die Anlagen stehen zu nah "
    "an unserem Dorf und der Schattenwurf belastet die Anwohner. Außerdem brütet dort der "
    "Rotmilan.\nMit freundlichen Grüßen\n{}"
)
ANSWER = "Der Abstand zur Ortslage beträgt 1.000 m; der Rotmilan wurde kartiert."


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def weighed(procedure, text: str, response: str = ANSWER):
    return make_statement(
        procedure,
        text=text,
        status=StatementStatus.WEIGHED,
        result=ConsiderationResult.NOT_ACCEPTED,
        response=response,
    )


def edit_page(client, statement) -> str:
    response = client.get(f"/admin/abwaegung/{statement.procedure_id}/{statement.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_planner_sees_a_weighed_similar_statement_with_its_result_and_response(
    client, procedure, planner
):
    earlier = weighed(procedure, WIND.format("Anna Berg"))
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    client.force_login(planner)
    page = edit_page(client, mine)
    assert "Vorschläge aus ähnlichen Stellungnahmen" in page
    assert earlier.reference in page and "nahezu gleicher Wortlaut" in page
    assert "Nicht berücksichtigt" in page and "der Rotmilan wurde kartiert" in page
    assert "<mark>Die Anlagen stehen zu nah an unserem Dorf" in page
    assert "Antwort übernehmen" in page
    assert 'data-panel-for="weighing-form"' in page and 'id="weighing-form"' in page


def test_a_statement_not_yet_weighed_is_no_suggestion(client, procedure, planner):
    other = make_statement(procedure, text=WIND.format("Anna Berg"))
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    client.force_login(planner)
    page = edit_page(client, mine)
    assert "Noch keine abgewogene Stellungnahme ist ähnlich genug." in page
    # It is still shown as a neighbour the planner may want to group with.
    assert "Ähnlich, aber nicht in der Gruppe dieser Stellungnahme" in page
    assert other.reference in page and "in keiner Gruppe" in page


def test_hostile_text_in_a_suggestion_is_escaped(client, procedure, planner):
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    weighed(procedure, WIND.format(hostile) + " " + hostile, response=hostile)
    mine = make_statement(procedure, text=WIND.format("Peter Klein") + " " + hostile)
    client.force_login(planner)
    page = edit_page(client, mine)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'data-response="&lt;script&gt;' in page


def test_a_segment_gets_suggestions_for_its_passage_from_a_weighed_segment(
    client, procedure, planner
):
    text = "Der Radweg an der B 3 fehlt seit Jahren und ist dringend nötig. " + WIND.format("")
    source = make_statement(procedure, text=text)
    StatementSegment.objects.create(
        statement=source,
        start=0,
        end=text.index("nötig.") + 6,
        topic="Radverkehr",
        result=ConsiderationResult.ACCEPTED,
        response="Der Radweg wird in den Plan aufgenommen.",
    )
    mine_text = "Ein Radweg an der B 3 fehlt seit Jahren und ist dringend nötig! Und mehr Busse."
    mine = make_statement(procedure, text=mine_text)
    segment = StatementSegment.objects.create(statement=mine, start=0, end=63)
    client.force_login(planner)
    page = edit_page(client, mine)
    assert f'data-panel-for="segment-{segment.pk}"' in page
    assert "Vorschläge für diesen Abschnitt" in page
    assert f"{source.reference}/1" in page and "Der Radweg wird in den Plan aufgenommen." in page


def test_the_panel_names_the_group_of_the_statement(client, procedure, planner):
    group = StatementGroup.objects.create(procedure=procedure, method="near", key="k1")
    mine = make_statement(procedure, text=WIND.format("Peter Klein"), group=group)
    make_statement(procedure, text=WIND.format("Anna Berg"), group=group)
    client.force_login(planner)
    page = edit_page(client, mine)
    assert f"Gruppe {group.reference} öffnen" in page
    assert f"/admin/abwaegung/{procedure.pk}/gruppe/{group.pk}/" in page


def test_another_organisations_weighed_statements_are_never_suggested(
    client, home, procedure, planner, other_organisation
):
    elsewhere = make_procedure(home, other_organisation, slug="anderswo", title="Windplan anderswo")
    weighed(elsewhere, WIND.format("Anna Berg"), response="Geheime Antwort von anderswo")
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    client.force_login(planner)
    page = edit_page(client, mine)
    assert "Geheime Antwort von anderswo" not in page


def test_a_planner_of_another_organisation_sees_no_suggestion(
    client, procedure, other_organisation
):
    weighed(procedure, WIND.format("Anna Berg"), response="Interne Antwort")
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    client.force_login(make_staff(other_organisation, Role.PLANNER))
    response = client.get(f"/admin/abwaegung/{procedure.pk}/{mine.pk}/", follow=True)
    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "Interne Antwort" not in response.content.decode()
    assert "Anna Berg" not in response.content.decode()


def test_a_planner_without_a_second_factor_is_sent_to_set_one_up(
    client, settings, procedure, planner
):
    settings.STAFF_REQUIRE_MFA = True
    weighed(procedure, WIND.format("Anna Berg"), response="Interne Antwort")
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    client.force_login(planner)
    response = client.get(f"/admin/abwaegung/{procedure.pk}/{mine.pk}/")
    assert response.status_code == 302 and "2fa" in response["Location"]
    assert "Interne Antwort" not in response.content.decode()


def test_a_segment_gets_the_topic_and_plan_document_that_fit_its_passage(
    client, procedure, planner
):
    file = Document.objects.create(title="Begründung")
    wind = ProcedureDocument.objects.create(
        page=procedure, document=file, title="Teilplan Windenergie", section="Kapitel 3.2"
    )
    ProcedureDocument.objects.create(
        page=procedure, document=file, title="Verkehr und Radwege", section="Kapitel 5"
    )
    make_statement(procedure, text="Mehr Busse bitte.", topic="ÖPNV")
    make_statement(procedure, text="Zu viele Anlagen.", topic="Windenergie")
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    segment = StatementSegment.objects.create(statement=mine, start=31, end=110)
    client.force_login(planner)
    page = edit_page(client, mine)
    assert "Passendes Thema: <strong>Windenergie</strong>" in page
    assert "Passendes Plandokument: <strong>Teilplan Windenergie</strong>" in page
    assert f'data-field="document" data-value="{wind.pk}"' in page
    assert f'data-panel-for="segment-{segment.pk}"' in page


def test_a_segment_gets_the_heading_of_the_plan_s_table_of_contents_it_refers_to(
    client, procedure, planner
):
    file = Document.objects.create(title="Regionalplan")
    plan = ProcedureDocument.objects.create(
        page=procedure,
        document=file,
        title="Textteil",
        section="Teil B",
        contents="3.1 Siedlungsentwicklung\n3.2 Vorranggebiete Windenergie\n\n"
        "5.4 Schutz des Rotmilans und anderer Greifvögel\n6 Verkehr und Radwege",
    )
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    segment = StatementSegment.objects.create(
        statement=mine, start=mine.text.index("Außerdem"), end=len(mine.text.split("\nMit")[0])
    )
    client.force_login(planner)

    page = edit_page(client, mine)

    panel = page[page.index(f'data-panel-for="segment-{segment.pk}"') :]
    assert "Passendes Plandokument: <strong>Textteil</strong> (5.4 Schutz des Rotmilans" in panel
    assert f'data-value="{plan.pk}" data-section="5.4 Schutz des Rotmilans und anderer' in panel


def test_a_hostile_heading_in_the_table_of_contents_stays_text(client, procedure, planner):
    file = Document.objects.create(title="Regionalplan")
    ProcedureDocument.objects.create(
        page=procedure,
        document=file,
        title="Textteil",
        contents='5.4 Schutz des Rotmilans"><img src=x onerror=alert(1)>',
    )
    mine = make_statement(procedure, text=WIND.format("Peter Klein"))
    StatementSegment.objects.create(
        statement=mine, start=mine.text.index("Außerdem"), end=len(mine.text.split("\nMit")[0])
    )
    client.force_login(planner)

    page = edit_page(client, mine)

    assert "<img src=x onerror=alert(1)>" not in page
    assert "Rotmilans&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
