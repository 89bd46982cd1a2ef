"""The procedure page opens with what a citizen needs: status, deadline with the time left,
and one button per way to take part; "Take part" lists every child item; the statement
form has its own small map at the location fields."""

import datetime
import re

import pytest
from django.utils import formats, timezone

from cms.procedures import Phase, PhaseKind
from tests.cms.conftest import make_procedure
from tests.events.conftest import in_days, make_event
from tests.surveys.conftest import SIMPLE, make_survey

DAY = datetime.timedelta(days=1)


def make_dialogue(parent, organisation, slug: str = "dialog", **fields):
    from dialogues.models import DialoguePage

    fields.setdefault("title", "Dialog zum Plan")
    page = DialoguePage(slug=slug, question="Was meinen Sie?", organisation=organisation, **fields)
    parent.add_child(instance=page)
    return page


def summary_of(html: str) -> str:
    return html[html.index('class="procedure-summary"') : html.index("</section>")]


def midnight_in(days: int) -> datetime.datetime:
    day = timezone.localdate() + days * DAY
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)))


def test_the_summary_gives_the_deadline_and_the_days_left(client, home, organisation):
    procedure = make_procedure(home, organisation)
    participation = procedure.participation_phase()
    Phase.objects.filter(pk=participation.pk).update(end=midnight_in(46))
    evaluation = procedure.phases.get(kind=PhaseKind.EVALUATION)
    Phase.objects.filter(pk=evaluation.pk).update(start=midnight_in(46))

    summary = summary_of(client.get(procedure.url).content.decode())

    last_day = formats.date_format(timezone.localdate() + 45 * DAY, "DATE_FORMAT")
    assert f"Stellungnahmen bis {last_day}, 24:00 Uhr — noch 45 Tage" in summary
    assert "Offen bis" in summary


def test_the_summary_has_one_button_per_way_to_take_part(client, home, organisation):
    from tests.events.conftest import make_event

    procedure = make_procedure(home, organisation, map_feedback=True)
    dialogue = make_dialogue(procedure, organisation)
    survey = make_survey(procedure, organisation, SIMPLE, title="Umfrage zum Plan")
    event = make_event(procedure, organisation, registration_enabled=True, start=in_days(3))
    make_survey(
        procedure,
        organisation,
        SIMPLE,
        slug="vorbei",
        title="Alte Umfrage",
        opens_at=timezone.now() - 20 * DAY,
        closes_at=timezone.now() - 10 * DAY,
    )

    summary = summary_of(client.get(procedure.url).content.decode())
    buttons = re.findall(r'<a class="button" href="([^"]+)">([^<]+)</a>', summary)

    assert buttons == [
        ("#stellungnahme", "Stellungnahme abgeben"),
        (f"/kartenhinweise/{procedure.pk}/", "Einen Ort auf der Karte markieren"),
        (dialogue.url, "Mitdiskutieren"),
        (survey.url, "An der Umfrage teilnehmen"),
        (event.url, "Zur Veranstaltung anmelden"),
    ]


def test_the_statement_button_leads_to_the_form(client, procedure):
    html = client.get(procedure.url).content.decode()
    assert 'id="stellungnahme"' in html and 'href="#stellungnahme"' in summary_of(html)


def test_a_concluded_procedure_says_there_is_nothing_to_do_now(client, home, organisation):
    procedure = make_procedure(home, organisation, stage="over")

    summary = summary_of(client.get(procedure.url).content.decode())

    assert "Abgeschlossen" in summary
    assert "Im Moment können Sie sich hier nicht beteiligen" in summary
    assert 'class="button"' not in summary


def test_an_upcoming_procedure_says_when_statements_open(client, home, organisation):
    procedure = make_procedure(home, organisation, stage="upcoming")
    summary = summary_of(client.get(procedure.url).content.decode())
    assert "Stellungnahmen können vom" in summary or "Stellungnahmen können ab" in summary


def test_take_part_lists_every_child_item_not_only_events(client, home, organisation):
    procedure = make_procedure(home, organisation)
    dialogue = make_dialogue(procedure, organisation)
    survey = make_survey(procedure, organisation, SIMPLE, title="Umfrage zum Plan")
    event = make_event(procedure, organisation, start=in_days(3))

    html = client.get(procedure.url).content.decode()
    section = html[html.index('id="take-part-heading"') :]
    section = section[: section.index("</section>")]

    for page, kind in ((dialogue, "Dialog"), (survey, "Umfrage"), (event, "Veranstaltung")):
        assert f'href="{page.url}"' in section
        assert f"({kind})" in section


def test_the_procedure_page_query_count_does_not_grow_with_its_children(
    client, home, organisation, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    procedure = make_procedure(home, organisation)
    make_dialogue(procedure, organisation, slug="d0")
    make_survey(procedure, organisation, SIMPLE, slug="s0")
    make_event(procedure, organisation, slug="e0", start=in_days(2))
    with CaptureQueriesContext(connection) as one:
        client.get(procedure.url)
    for number in range(1, 5):
        make_dialogue(procedure, organisation, slug=f"d{number}")
        make_survey(procedure, organisation, SIMPLE, slug=f"s{number}")
        make_event(procedure, organisation, slug=f"e{number}", start=in_days(2 + number))

    with django_assert_max_num_queries(len(one)):
        html = client.get(procedure.url).content.decode()
    assert html.count("(Umfrage)") == 5


def test_the_statement_form_has_a_point_map_at_the_location_fields(client, procedure):
    html = client.get(procedure.url).content.decode()
    form = html[html.index('class="statement-form"') :]
    fieldset = form[form.index('class="statement-location"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]

    assert "<legend>Ort (optional)</legend>" in fieldset
    assert "data-pick-point" in fieldset and 'class="folium-map"' in fieldset
    for name in ("place", "latitude", "longitude"):
        assert f'name="{name}"' in fieldset
    assert "Klicken Sie in die Karte, um den Punkt zu setzen" in fieldset
    assert "statement-map.js" in html


def test_without_a_planning_area_the_location_fields_stay_without_a_map(client, home, organisation):
    procedure = make_procedure(home, organisation, planning_area=None)

    html = client.get(procedure.url).content.decode()
    fieldset = html[html.index('class="statement-location"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]

    assert "data-pick-point" not in fieldset
    assert 'name="latitude"' in fieldset
    assert "Beschreiben Sie den Ort in Worten" in fieldset


def test_a_closed_procedure_builds_no_point_map(client, home, organisation):
    procedure = make_procedure(home, organisation, stage=PhaseKind.EVALUATION)
    html = client.get(procedure.url).content.decode()
    assert "data-pick-point" not in html and "statement-map.js" not in html


@pytest.mark.parametrize("stage", ["upcoming", PhaseKind.PARTICIPATION, "over"])
def test_the_procedure_page_has_one_h1_in_every_stage(client, home, organisation, stage):
    procedure = make_procedure(home, organisation, stage=stage)
    response = client.get(procedure.url)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_published_results_get_a_button_in_the_summary(client, home, organisation):
    procedure = make_procedure(
        home,
        organisation,
        stage=PhaseKind.RESULT,
        statements_public=True,
        results_published_at=timezone.now() - DAY,
    )

    html = client.get(procedure.url).content.decode()

    assert 'href="#results-heading">Ergebnisse der Abwägung lesen</a>' in summary_of(html)
    assert 'id="results-heading"' in html
