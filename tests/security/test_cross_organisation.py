"""Staff of one organisation cannot see or change another organisation's data: statements,
bookings, reports, survey results, event registrations and comments."""

import datetime

import pytest

from appointments.models import Booking, BookingStatus, Service
from beteiligung.roles import Role
from cms.procedures import StatementStatus
from dialogues.models import CommentStatus
from events import services as event_services
from events.models import EventIndexPage
from maps.models import ReportStatus
from surveys.models import SurveySubmission
from tests.appointments.conftest import days_ahead, make_office, make_slot
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff, make_user
from tests.dialogues.conftest import make_comment, make_dialogue
from tests.events.conftest import make_event
from tests.maps.conftest import make_category, make_report
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def refused(response) -> bool:
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].startswith("/admin/")
    )


def test_planners_of_another_organisation_cannot_weigh(
    client, home, organisation, other_organisation
):
    procedure = make_procedure(home, organisation)
    statement = make_statement(procedure, text="Nur für die eigene Behörde")
    client.force_login(make_staff(other_organisation, Role.PLANNER))

    for url in [
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        f"/admin/abwaegung/{procedure.pk}/export.xlsx",
    ]:
        response = client.get(url)
        assert refused(response) and b"eigene Beh" not in response.content, url
    client.post(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        {"status": StatementStatus.WEIGHED, "result": "accepted", "response": "Gehackt"},
    )
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED and statement.response == ""


def test_clerks_of_another_organisation_cannot_touch_bookings(
    client, organisation, other_organisation
):
    office = make_office(organisation)
    service = Service.objects.create(organisation=organisation, name="Ausweis")
    slot = make_slot(office, days_ahead(1))
    booking = Booking.objects.create(
        slot=slot, service=service, name="Erika Mustermann", status=BookingStatus.CONFIRMED,
        delete_after=slot.start.date() + datetime.timedelta(days=14),
    )  # fmt: skip
    client.force_login(make_staff(other_organisation, Role.CLERK))

    response = client.get(f"/admin/termine/{office.pk}/?tag={slot.start.date()}")
    assert refused(response) and b"Erika" not in response.content
    client.post(f"/admin/termine/buchung/{booking.pk}/", {"action": BookingStatus.ATTENDED})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_handlers_of_another_organisation_cannot_change_a_report(
    client, organisation, other_organisation
):
    report = make_report(make_category(organisation), reporter_name="Rita Reporter")
    client.force_login(make_staff(other_organisation, Role.INCIDENT_HANDLER))

    response = client.get(f"/admin/meldungen/{report.pk}/")
    assert response.status_code == 403 and b"Rita" not in response.content
    client.post(
        f"/admin/meldungen/{report.pk}/status/", {"status": ReportStatus.RESOLVED, "note": "x"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_editors_of_another_organisation_see_no_survey_answers(
    client, home, organisation, other_organisation
):
    survey = make_survey(home, organisation, [{"label": "Ideen", "field_type": "multiline"}])
    SurveySubmission.objects.create(
        page=survey, form_data={"ideen": "Geheime Idee"}, delete_after=survey.deletion_date()
    )
    client.force_login(make_staff(other_organisation, Role.EDITOR))

    for url in [f"/umfragen/{survey.pk}/ergebnisse/ideen/", f"/umfragen/{survey.pk}/export.csv"]:
        response = client.get(url)
        assert response.status_code == 403 and b"Geheime Idee" not in response.content, url


def test_staff_of_another_organisation_see_no_event_registrations(
    client, home, organisation, other_organisation
):
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    event = make_event(index, organisation, registration_enabled=True, capacity=5)
    event_services.register(event, name="Anna Anmeldung", email="anna@example.org")
    client.force_login(make_staff(other_organisation, Role.EDITOR))

    for url in [
        f"/admin/veranstaltungen/anmeldungen/{event.pk}/",
        f"/admin/veranstaltungen/anmeldungen/{event.pk}/export.csv",
    ]:
        response = client.get(url)
        assert refused(response) and b"Anna Anmeldung" not in response.content, url


def test_moderators_of_another_organisation_cannot_hide_comments(
    client, home, organisation, other_organisation
):
    comment = make_comment(make_dialogue(home, organisation), make_user("anna@example.org"))
    client.force_login(make_staff(other_organisation, Role.MODERATOR))

    client.post("/admin/kommentare/", {"selected": [comment.pk], "action": "hide", "reason": "x"})

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
