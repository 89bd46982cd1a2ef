"""Text that citizens type is shown escaped wherever it appears: public pages, staff pages,
e-mails. The payload would run a script if any of them rendered it as HTML."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from appointments.models import Booking, BookingStatus
from beteiligung.roles import Role
from cms.procedures import ProcedurePage
from events import services as event_services
from maps.models import FeedbackCategory
from surveys.models import SurveySubmission
from tests.appointments.conftest import days_ahead, make_office, make_slot
from tests.cms.conftest import make_statement
from tests.conftest import make_staff, make_user
from tests.dialogues.conftest import make_comment, make_dialogue
from tests.events.conftest import make_event
from tests.maps.conftest import (
    make_category,
    make_contribution,
    make_feedback_procedure,
    make_report,
)
from tests.surveys.conftest import make_survey

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"


def assert_escaped(html: str) -> None:
    assert "<script>alert(1)" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_statements_are_escaped_for_planners(client, home, organisation):
    procedure = make_feedback_procedure(home, organisation)
    statement = make_statement(
        procedure, text=PAYLOAD, place=PAYLOAD, name=PAYLOAD, latitude="49.9", longitude="8.7"
    )
    client.force_login(make_staff(organisation, Role.PLANNER))

    for url in [
        f"/admin/abwaegung/{procedure.pk}/",
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
        f"/admin/karte/{procedure.pk}/",
    ]:
        assert_escaped(client.get(url).content.decode())


def test_comments_and_display_names_are_escaped(client, home, organisation):
    dialogue = make_dialogue(home, organisation)
    author = make_user("autorin@example.org", display_name=PAYLOAD)
    comment = make_comment(dialogue, author, text=PAYLOAD)
    comment.needs_review = True
    comment.save()

    assert_escaped(client.get(dialogue.url).content.decode())
    client.force_login(make_staff(organisation, Role.MODERATOR))
    assert_escaped(client.get("/admin/kommentare/").content.decode())


def test_map_notes_are_escaped_on_the_public_and_the_planners_map(client, home, organisation):
    procedure = make_feedback_procedure(home, organisation)
    FeedbackCategory.objects.filter(procedure=procedure).update(name=PAYLOAD)
    make_contribution(procedure, make_user("x@example.org"), text=PAYLOAD, place=PAYLOAD)

    assert_escaped(client.get(f"/kartenhinweise/{procedure.pk}/").content.decode())
    client.force_login(make_staff(organisation, Role.PLANNER))
    assert_escaped(client.get(f"/admin/karte/{procedure.pk}/").content.decode())


def test_survey_answers_are_escaped_in_results_for_staff(client, home, organisation):
    survey = make_survey(
        home,
        organisation,
        [{"label": "Ideen", "field_type": "multiline", "required": False}],
        results_visibility="live",
    )
    SurveySubmission.objects.create(
        page=survey, form_data={"ideen": PAYLOAD}, delete_after=survey.deletion_date()
    )
    client.force_login(make_staff(organisation))

    assert_escaped(client.get(f"/umfragen/{survey.pk}/ergebnisse/ideen/").content.decode())


def test_event_registrations_are_escaped_for_staff(client, home, organisation):
    from events.models import EventIndexPage

    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    event = make_event(index, organisation, registration_enabled=True, capacity=5)
    event_services.register(event, name=PAYLOAD, email="anna@example.org", needs=PAYLOAD)
    client.force_login(make_staff(organisation, Role.EDITOR))

    assert_escaped(client.get(f"/admin/veranstaltungen/anmeldungen/{event.pk}/").content.decode())


def test_bookings_are_escaped_in_the_day_plan(client, organisation):
    office = make_office(organisation)
    start = days_ahead(2)
    slot = make_slot(office, start)
    from appointments.models import Service

    service = Service.objects.create(organisation=organisation, name="Ausweis")
    service.offices.add(office)
    Booking.objects.create(
        slot=slot,
        service=service,
        name=PAYLOAD,
        note=PAYLOAD,
        email="b@example.org",
        status=BookingStatus.CONFIRMED,
        delete_after=start.date() + datetime.timedelta(days=14),
    )
    client.force_login(make_staff(organisation, Role.CLERK))

    html = client.get(f"/admin/termine/{office.pk}/?tag={start.date().isoformat()}").content
    assert_escaped(html.decode())


def test_reports_are_escaped_on_public_and_staff_pages(client, organisation):
    report = make_report(
        make_category(organisation), description=PAYLOAD, address=PAYLOAD, reporter_name=PAYLOAD
    )
    report.confirmed_at = timezone.now()
    report.save()

    assert_escaped(client.get(f"/meldungen/{report.pk}/").content.decode())
    assert_escaped(client.get("/meldungen/").content.decode())
    client.force_login(make_staff(organisation, Role.INCIDENT_HANDLER))
    assert_escaped(client.get(f"/admin/meldungen/{report.pk}/").content.decode())


def test_accessibility_feedback_is_escaped_in_the_staff_email(
    client, home, django_capture_on_commit_callbacks
):
    from cms.models import AccessibilityPage

    page = AccessibilityPage(title="Barrierefreiheit", slug="barrierefreiheit")
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, {"message": PAYLOAD, "page_url": PAYLOAD, "name": PAYLOAD})

    assert mail.outbox
    html = mail.outbox[-1].alternatives[0][0]
    # The staff mail links to the feedback instead of repeating it; the page URL stays.
    assert "<script>alert(1)" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_procedure_titles_from_editors_are_escaped_in_map_data(client, home, organisation):
    procedure = make_feedback_procedure(home, organisation)
    ProcedurePage.objects.filter(pk=procedure.pk).update(title=PAYLOAD)

    assert_escaped(client.get(f"/kartenhinweise/{procedure.pk}/").content.decode())


pytestmark = pytest.mark.django_db
