"""Builders for the surveys tests: a survey page with questions, published like editors do."""

import datetime

import pytest
from django.utils import timezone

from surveys.models import SurveyFormField, SurveyPage


def make_survey(parent, organisation, questions: list[dict], **fields) -> SurveyPage:
    values = {
        "title": "Mobilität",
        "slug": fields.pop("slug", "umfrage"),
        "introduction": "Sagen Sie uns Ihre Meinung.",
        "organisation": organisation,
        "opens_at": timezone.now() - datetime.timedelta(days=1),
        "closes_at": timezone.now() + datetime.timedelta(days=10),
        **fields,
    }
    page = SurveyPage(**values)
    page.form_fields = [SurveyFormField(**q) for q in questions]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


SIMPLE = [
    {"label": "Verkehrsmittel", "field_type": "radio", "choices": "Bus\nRad\nAuto"},
    {"label": "Anmerkungen", "field_type": "multiline", "required": False},
]


@pytest.fixture
def survey(home, organisation) -> SurveyPage:
    return make_survey(home, organisation, SIMPLE)


ALL_TYPES = [
    {"label": "Wohnort", "field_type": "singleline", "help_text": "Ihr Stadtteil"},
    {"label": "Ideen", "field_type": "multiline", "required": False},
    {
        "label": "Verkehrsmittel",
        "field_type": "radio",
        "choices": "Bus\nRad\nAuto",
        "allow_other": True,
    },
    {"label": "Stadtteil", "field_type": "dropdown", "choices": "Mitte\nBiebrich\nDotzheim"},
    {
        "label": "Wünsche",
        "field_type": "checkboxes",
        "choices": "Radwege\nBusse\nParkplätze\nGehwege",
        "min_selections": 1,
        "max_selections": 2,
    },
    {"label": "Wege pro Woche", "field_type": "number", "min_value": 0, "max_value": 50},
    {"label": "Seit wann", "field_type": "date", "required": False},
    {
        "label": "Zufriedenheit",
        "field_type": "scale",
        "scale_points": 5,
        "scale_min_label": "sehr unzufrieden",
        "scale_max_label": "sehr zufrieden",
    },
    {
        "label": "Bewertung",
        "field_type": "matrix",
        "items": "Sicherheit\nSauberkeit",
        "scale_points": 3,
    },
    {"label": "Prioritäten", "field_type": "ranking", "choices": "Rad\nBus\nFuß"},
]

VALID = {
    "wohnort": "Mitte",
    "ideen": "Mehr Bänke",
    "verkehrsmittel": "Rad",
    "stadtteil": "Biebrich",
    "wunsche": ["Radwege", "Busse"],
    "wege_pro_woche": "12",
    "seit_wann": "2020-05-01",
    "zufriedenheit": "4",
    "bewertung_0": "1",
    "bewertung_1": "3",
    "prioritaten_0": "Bus",
    "prioritaten_1": "Rad",
    "prioritaten_2": "Fuß",
}


def answer(client, page, data: dict, section: int = 0, action: str = "weiter"):
    return client.post(page.url, {**data, "abschnitt": str(section), "aktion": action})


@pytest.fixture
def full_survey(home, organisation) -> SurveyPage:
    return make_survey(home, organisation, ALL_TYPES, slug="alle-fragen")
