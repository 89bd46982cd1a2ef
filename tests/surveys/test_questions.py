"""Each question type validates on the server and shows German errors next to the question."""

import pytest

from tests.surveys.conftest import VALID, answer


def errors_for(response, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


def test_it_stores_a_complete_valid_response_as_json(client, full_survey):
    response = answer(client, full_survey, VALID)

    assert response.status_code == 200
    submission = full_survey.get_submissions().get()
    assert submission.form_data == {
        "wohnort": "Mitte",
        "ideen": "Mehr Bänke",
        "verkehrsmittel": "Rad",
        "verkehrsmittel__other": "",
        "stadtteil": "Biebrich",
        "wunsche": ["Radwege", "Busse"],
        "wege_pro_woche": 12,
        "seit_wann": "2020-05-01",
        "zufriedenheit": 4,
        "bewertung": {"Sicherheit": 1, "Sauberkeit": 3},
        "prioritaten": ["Bus", "Rad", "Fuß"],
    }
    assert submission.user is None


def test_it_asks_for_every_required_question_in_german_and_keeps_the_input(client, full_survey):
    response = answer(client, full_survey, {"ideen": "Mehr Bänke"})

    assert full_survey.get_submissions().count() == 0
    for name in ["wohnort", "verkehrsmittel", "stadtteil", "wunsche", "zufriedenheit"]:
        assert errors_for(response, name) == ["Bitte beantworten Sie diese Frage."]
    assert "Bitte bewerten Sie jede Zeile." in errors_for(response, "bewertung") or errors_for(
        response, "bewertung"
    ) == ["Bitte beantworten Sie diese Frage."]
    assert errors_for(response, "seit_wann") == []
    assert "Mehr Bänke" in response.content.decode()


@pytest.mark.parametrize(
    "changes, name, message",
    [
        ({"wunsche": []}, "wunsche", "Bitte beantworten Sie diese Frage."),
        (
            {"wunsche": ["Radwege", "Busse", "Gehwege"]},
            "wunsche",
            "Bitte wählen Sie höchstens 2 Optionen.",
        ),
        (
            {"wege_pro_woche": "51"},
            "wege_pro_woche",
            "Bitte geben Sie eine Zahl zwischen 0 und 50 ein.",
        ),
        (
            {"wege_pro_woche": "-1"},
            "wege_pro_woche",
            "Bitte geben Sie eine Zahl zwischen 0 und 50 ein.",
        ),
        ({"wege_pro_woche": "viele"}, "wege_pro_woche", "Bitte geben Sie eine Zahl ein."),
        ({"seit_wann": "31.02.2020"}, "seit_wann", "Bitte geben Sie ein gültiges Datum ein."),
        ({"zufriedenheit": "6"}, "zufriedenheit", None),
        ({"stadtteil": "Mainz"}, "stadtteil", None),
        ({"bewertung_1": ""}, "bewertung", "Bitte bewerten Sie jede Zeile."),
        ({"prioritaten_1": "Bus"}, "prioritaten", "Jede Option darf nur einmal vergeben werden."),
        ({"prioritaten_2": ""}, "prioritaten", "Bitte vergeben Sie alle Plätze."),
        (
            {"verkehrsmittel": "__other__"},
            "verkehrsmittel__other",
            "Bitte geben Sie an, was Sie mit „Sonstiges“ meinen.",
        ),
    ],
)
def test_it_rejects_invalid_answers_with_a_german_message(
    client, full_survey, changes, name, message
):
    response = answer(client, full_survey, {**VALID, **changes})

    assert full_survey.get_submissions().count() == 0
    errors = errors_for(response, name)
    assert errors
    if message:
        assert errors == [message]
    assert "Mehr Bänke" in response.content.decode()


def test_it_accepts_a_german_decimal_and_the_minimum_number_of_choices(client, full_survey):
    answer(client, full_survey, {**VALID, "wege_pro_woche": "2,5", "wunsche": ["Gehwege"]})

    data = full_survey.get_submissions().get().form_data
    assert data["wege_pro_woche"] == 2.5
    assert data["wunsche"] == ["Gehwege"]


def test_it_stores_the_text_of_other(client, full_survey):
    answer(
        client,
        full_survey,
        {**VALID, "verkehrsmittel": "__other__", "verkehrsmittel__other": "Roller"},
    )

    data = full_survey.get_submissions().get().form_data
    assert data["verkehrsmittel"] == "__other__"
    assert data["verkehrsmittel__other"] == "Roller"


def test_it_discards_the_text_of_other_when_another_option_was_chosen(client, full_survey):
    answer(client, full_survey, {**VALID, "verkehrsmittel__other": "Roller"})

    assert full_survey.get_submissions().get().form_data["verkehrsmittel__other"] == ""


def test_it_rejects_a_filled_honeypot(client, full_survey):
    response = answer(client, full_survey, {**VALID, "website": "spam"})

    assert full_survey.get_submissions().count() == 0
    assert errors_for(response, "website")


def test_it_renders_every_question_type_accessibly(client, full_survey):
    html = client.get(full_survey.url).content.decode()

    assert '<legend>Bewertung <span aria-hidden="true">*</span></legend>' in html
    assert '<th scope="row">Sicherheit</th>' in html
    assert "Platz 3" in html
    assert "1 (sehr unzufrieden)" in html
    assert 'type="date"' in html
    assert "Sonstiges (bitte angeben)" in html
