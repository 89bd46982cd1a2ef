"""Sections keep answers in the session; conditions are enforced on the server."""

import pytest

from tests.surveys.conftest import answer, make_survey

SECTIONED = [
    {"label": "Verkehrsmittel", "field_type": "radio", "choices": "Bus\nRad\nAuto"},
    {
        "label": "Welche Buslinie",
        "field_type": "singleline",
        "condition_question": "Verkehrsmittel",
        "condition_value": "Bus",
    },
    {"label": "Teil zwei", "field_type": "section", "help_text": "Ihre Wünsche"},
    {
        "label": "Radweg",
        "field_type": "singleline",
        "condition_question": "Verkehrsmittel",
        "condition_value": "Rad",
    },
    {"label": "Anmerkung", "field_type": "singleline"},
]


@pytest.fixture
def sectioned(home, organisation):
    return make_survey(home, organisation, SECTIONED, slug="abschnitte")


def test_it_shows_the_first_section_with_a_progress_indicator(client, sectioned):
    html = client.get(sectioned.url).content.decode()

    assert "Abschnitt 1 von 2" in html
    assert 'name="verkehrsmittel"' in html
    assert 'name="anmerkung"' not in html


def test_it_moves_to_the_next_section_and_keeps_answers_when_going_back(client, sectioned):
    response = answer(client, sectioned, {"verkehrsmittel": "Bus", "welche_buslinie": "Linie 4"})
    html = response.content.decode()
    assert "Abschnitt 2 von 2" in html
    assert "Ihre Wünsche" in html
    assert sectioned.get_submissions().count() == 0

    response = answer(client, sectioned, {"anmerkung": "Mehr Takt"}, section=1, action="zurueck")
    html = response.content.decode()
    assert "Abschnitt 1 von 2" in html
    assert 'value="Linie 4"' in html
    assert "Bitte beantworten" not in html

    response = answer(client, sectioned, {"verkehrsmittel": "Bus", "welche_buslinie": "Linie 4"})
    assert 'value="Mehr Takt"' in response.content.decode()


def test_it_requires_a_conditional_question_only_when_its_condition_holds(client, sectioned):
    response = answer(client, sectioned, {"verkehrsmittel": "Bus"})
    assert response.context["form"].errors["welche_buslinie"] == [
        "Bitte beantworten Sie diese Frage."
    ]

    response = answer(client, sectioned, {"verkehrsmittel": "Auto"})
    assert "Abschnitt 2 von 2" in response.content.decode()


def test_it_discards_answers_to_hidden_questions(client, sectioned):
    answer(client, sectioned, {"verkehrsmittel": "Auto", "welche_buslinie": "Linie 4"})
    answer(client, sectioned, {"anmerkung": "Gut", "radweg": "Ring"}, section=1)

    data = sectioned.get_submissions().get().form_data
    assert data == {"verkehrsmittel": "Auto", "anmerkung": "Gut"}


def test_it_hides_a_question_whose_condition_from_an_earlier_section_fails(client, sectioned):
    response = answer(client, sectioned, {"verkehrsmittel": "Auto"})
    assert 'name="radweg"' not in response.content.decode()

    answer(client, sectioned, {"verkehrsmittel": "Rad"}, action="zurueck", section=1)
    response = answer(client, sectioned, {"verkehrsmittel": "Rad"})
    assert 'name="radweg"' in response.content.decode()
    response = answer(client, sectioned, {"anmerkung": "Gut"}, section=1)
    assert response.context["form"].errors["radweg"] == ["Bitte beantworten Sie diese Frage."]
    assert sectioned.get_submissions().count() == 0


def test_it_marks_conditional_questions_for_the_script(client, sectioned):
    html = client.get(sectioned.url).content.decode()

    assert 'data-condition-field="verkehrsmittel" data-condition-value="Bus"' in html
    assert "surveys/surveys.js" in html


def test_it_validates_every_section_again_before_saving(client, sectioned):
    # Jumping straight to the last section with a forged section number saves nothing.
    response = answer(client, sectioned, {"anmerkung": "Gut"}, section=1)

    assert sectioned.get_submissions().count() == 0
    assert "Abschnitt 1 von 2" in response.content.decode()
    assert response.context["form"].errors["verkehrsmittel"]
