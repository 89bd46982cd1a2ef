"""Results: correct counts on a known data set, filters, and who may see them."""

import datetime

import pytest
from django.utils import timezone

from surveys.models import ResultsVisibility, SurveySubmission
from surveys.results import summarise
from tests.conftest import make_staff
from tests.surveys.conftest import ALL_TYPES, make_survey

KNOWN = [
    {
        "verkehrsmittel": "Rad",
        "wunsche": ["Radwege", "Busse"],
        "zufriedenheit": 4,
        "wege_pro_woche": 10,
        "bewertung": {"Sicherheit": 1, "Sauberkeit": 3},
        "prioritaten": ["Rad", "Bus", "Fuß"],
        "ideen": "Mehr Bänke",
        "stadtteil": "Mitte",
    },
    {
        "verkehrsmittel": "Rad",
        "wunsche": ["Radwege"],
        "zufriedenheit": 2,
        "wege_pro_woche": 4,
        "bewertung": {"Sicherheit": 3, "Sauberkeit": 3},
        "prioritaten": ["Bus", "Rad", "Fuß"],
        "ideen": "",
        "stadtteil": "Biebrich",
    },
    {
        "verkehrsmittel": "__other__",
        "verkehrsmittel__other": "Roller",
        "wunsche": ["Busse"],
        "zufriedenheit": 4,
        "wege_pro_woche": 1,
        "bewertung": {"Sicherheit": 2, "Sauberkeit": 1},
        "prioritaten": ["Rad", "Fuß", "Bus"],
        "ideen": "Tempo 30",
        "stadtteil": "Mitte",
    },
    {"verkehrsmittel": "Bus", "zufriedenheit": 5, "stadtteil": "Mitte"},
]


@pytest.fixture
def answered(home, organisation):
    page = make_survey(
        home, organisation, ALL_TYPES, slug="ergebnisse", results_visibility=ResultsVisibility.LIVE
    )
    SurveySubmission.objects.bulk_create(
        SurveySubmission(page=page, form_data=data, delete_after=page.deletion_date())
        for data in KNOWN
    )
    return page


def rows_of(summary, name):
    result = next(r for r in summary["questions"] if r["question"].clean_name == name)
    return result, {row["label"]: (row["count"], row["percent"]) for row in result["rows"]}


def test_it_counts_choices_and_percentages_of_those_who_answered(answered):
    summary = summarise(answered)

    assert summary["total"] == 4
    result, rows = rows_of(summary, "verkehrsmittel")
    assert result["answered"] == 4
    assert rows == {"Bus": (1, 25.0), "Rad": (2, 50.0), "Auto": (0, 0.0), "Sonstiges": (1, 25.0)}
    result, rows = rows_of(summary, "wunsche")
    assert result["answered"] == 3
    assert rows["Radwege"] == (2, 66.7)
    assert rows["Busse"] == (2, 66.7)
    assert rows["Gehwege"] == (0, 0.0)


def test_it_summarises_scales_numbers_matrices_and_rankings(answered):
    summary = summarise(answered)

    result, rows = rows_of(summary, "zufriedenheit")
    assert rows["4"] == (2, 50.0)
    assert rows["1 (sehr unzufrieden)"] == (0, 0.0)
    assert result["mean"] == 3.75
    result, _rows = rows_of(summary, "wege_pro_woche")
    assert (result["minimum"], result["maximum"], result["mean"], result["median"]) == (
        1,
        10,
        5.0,
        4,
    )
    result, _rows = rows_of(summary, "bewertung")
    sicherheit = result["rows"][0]
    assert sicherheit["label"] == "Sicherheit"
    assert sicherheit["cells"] == [1, 1, 1]
    assert sicherheit["mean"] == 2.0
    result, _rows = rows_of(summary, "prioritaten")
    by_option = {row["label"]: row for row in result["rows"]}
    assert by_option["Rad"]["count"] == 2
    assert by_option["Rad"]["mean"] == pytest.approx(4 / 3, abs=0.01)
    assert by_option["Fuß"]["mean"] == pytest.approx(8 / 3, abs=0.01)


def test_it_filters_by_one_answer(answered):
    summary = summarise(answered, filter_by=("stadtteil", "Mitte"))

    assert summary["total"] == 3
    _result, rows = rows_of(summary, "verkehrsmittel")
    assert rows["Rad"] == (1, 33.3)


def test_the_results_page_shows_bars_tables_and_the_filter(client, answered):
    response = client.get(f"/umfragen/{answered.pk}/ergebnisse/?filter=stadtteil::Mitte")

    html = response.content.decode()
    assert response.status_code == 200
    assert "3 Antworten" in html
    assert '<svg class="survey-bar"' in html
    assert '<th scope="row">Rad</th><td>1</td><td>33,3 %</td>' in html
    assert 'value="stadtteil::Mitte" selected' in html


def test_a_citizen_sees_no_free_text_but_staff_do(client, citizen, answered, organisation):
    client.force_login(citizen)
    html = client.get(f"/umfragen/{answered.pk}/ergebnisse/").content.decode()
    assert "Tempo 30" not in html
    assert client.get(f"/umfragen/{answered.pk}/ergebnisse/ideen/").status_code == 403

    client.force_login(make_staff(organisation))
    response = client.get(f"/umfragen/{answered.pk}/ergebnisse/ideen/")
    html = response.content.decode()
    assert "Tempo 30" in html and "Mehr Bänke" in html
    assert response.context["answers"].paginator.count == 2


def test_free_text_answers_are_paginated(client, answered, organisation):
    SurveySubmission.objects.bulk_create(
        SurveySubmission(
            page=answered, form_data={"ideen": f"Idee {n}"}, delete_after=answered.deletion_date()
        )
        for n in range(30)
    )
    client.force_login(make_staff(organisation))

    response = client.get(f"/umfragen/{answered.pk}/ergebnisse/ideen/?seite=2")

    assert response.context["answers"].paginator.num_pages == 2
    assert "Idee 29" in response.content.decode()


@pytest.mark.parametrize(
    "visibility, closed, citizen_sees",
    [
        (ResultsVisibility.STAFF, True, False),
        (ResultsVisibility.AFTER_CLOSING, False, False),
        (ResultsVisibility.AFTER_CLOSING, True, True),
        (ResultsVisibility.LIVE, False, True),
    ],
)
def test_who_may_see_the_results(
    client, citizen, home, organisation, other_organisation, visibility, closed, citizen_sees
):
    closes_at = timezone.now() + datetime.timedelta(days=-1 if closed else 1)
    page = make_survey(
        home, organisation, ALL_TYPES, results_visibility=visibility, closes_at=closes_at
    )
    url = f"/umfragen/{page.pk}/ergebnisse/"

    client.force_login(citizen)
    assert client.get(url).status_code == (200 if citizen_sees else 403)
    client.force_login(make_staff(other_organisation))
    assert client.get(url).status_code == (200 if citizen_sees else 403)
    client.force_login(make_staff(organisation))
    assert client.get(url).status_code == 200
