"""Receipt pages tell what happens next and when: statements, reports, survey answers."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import dateformat, timezone

from tests.cms.conftest import make_statement

pytestmark = pytest.mark.django_db


def receipt(client, citizen, statement) -> str:
    client.force_login(citizen)
    response = client.get(reverse("cms:statement_receipt", args=[statement.token]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_statement_receipt_names_the_end_of_participation_and_the_e_mail(
    client, citizen, procedure
):
    statement = make_statement(procedure, user=citizen)
    end = timezone.localtime(procedure.participation_phase().end)

    content = receipt(client, citizen, statement)

    assert "Wie es weitergeht" in content
    when = dateformat.format(end, "j. F Y, H:i")
    assert f"nach Ende der Beteiligung am {when} Uhr von der Verwaltung geprüft" in content
    assert "Das Ergebnis erhalten Sie per E-Mail" in content


def test_without_an_address_the_receipt_points_to_the_published_result(client, citizen, procedure):
    statement = make_statement(procedure, user=citizen, email="")

    content = receipt(client, citizen, statement)

    assert "per E-Mail" not in content
    assert "auf der Seite des Verfahrens veröffentlicht" in content


def render(template: str, context: dict) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return render_to_string(template, context, request=request)


@pytest.mark.parametrize(
    ("kind", "notify", "expected"),
    [
        ("confirm", True, "Bestätigen Sie Ihre Meldung mit dem Link in der E-Mail."),
        ("review", True, "sobald sich ihr Status ändert"),
        ("review", False, "sehen Sie auf der Seite der Meldung"),
    ],
)
def test_the_report_receipt_says_what_happens_next(kind, notify, expected):
    report = SimpleNamespace(pk=17, notify=notify)
    content = render("maps/report_received.html", {"report": report, "kind": kind})
    assert "Die zuständige Stelle prüft die Meldung" in content
    assert expected in content


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [
        ("live", "Die Ergebnisse sind schon während der Umfrage öffentlich"),
        (
            "after_closing",
            "nach dem Ende der Umfrage am 31. Dezember 2026, 12:00 Uhr veröffentlicht",
        ),
        ("staff", "Stadt Musterstadt wertet die Antworten aus"),
    ],
)
def test_the_survey_thank_you_page_says_when_results_come_and_answers_go(
    visibility, expected, organisation
):
    closes = datetime.datetime(2026, 12, 31, 11, 0, tzinfo=datetime.UTC)
    survey = SimpleNamespace(
        pk=1,
        title="Mobilität",
        thank_you_text="Danke!",
        results_visibility=visibility,
        closes_at=closes,
        organisation=organisation,
        deletion_days=180,
    )
    content = render("surveys/survey_page_landing.html", {"page": survey, "self": survey})
    assert expected in content
    assert "Ihre Antworten werden 180 Tage nach dem Ende der Umfrage gelöscht." in content
