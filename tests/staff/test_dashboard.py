"""Each staff role lands on a dashboard that shows its own work: counts, the oldest or next
items, a link into the work; and a menu that reaches every tool of the role, and only those."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appointments import services
from appointments.models import Booking, BookingStatus, Service, Slot
from beteiligung.models import OutboxEmail, OutboxStatus
from beteiligung.roles import Role
from dialogues.models import Comment
from maps.models import AnswerTemplate, ReportStatus, ReportUpdate
from tests.appointments.conftest import DETAILS, make_office, make_slot
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff, make_user
from tests.maps.conftest import make_category, make_report

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, name: str) -> str:
    match = re.search(rf'<section class="work-panel" id="work-{name}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def count_of(html: str, label: str) -> int:
    match = re.search(rf'work-panel__number">(\d+)</strong> {re.escape(label)}', html)
    assert match, f"no count {label!r} in {html}"
    return int(match.group(1))


def menu_labels(html: str) -> list[str]:
    """The labels of the sidebar menu (Wagtail passes them to its sidebar as JSON)."""
    return [json.loads(f'"{label}"') for label in re.findall(r'"label": "([^"]+)"', html)]


# Incident handler -------------------------------------------------------------------------


@pytest.fixture
def handler(organisation):
    return make_staff(organisation, Role.INCIDENT_HANDLER)


def test_an_incident_handler_sees_the_reports_to_triage_oldest_first(
    client, organisation, other_organisation, handler
):
    category = make_category(organisation)
    old = make_report(category, address="Marktplatz 1")
    old.created_at = timezone.now() - datetime.timedelta(days=10)
    old.save()
    make_report(category, status=ReportStatus.IN_PROGRESS)
    make_report(category, status=ReportStatus.RESOLVED)
    make_report(make_category(other_organisation, name="Laterne"))

    html = panel(dashboard(client, handler), "triage")

    assert "Meldungen zu bearbeiten" in html
    assert count_of(html, "neu, noch nicht in Bearbeitung") == 1
    assert count_of(html, "in Bearbeitung") == 1
    assert count_of(html, "seit über einer Woche offen") == 1
    first = re.search(r'<ul class="work-panel__items">\s*<li><a href="([^"]+)">([^<]+)', html)
    assert first.groups() == (f"/admin/meldungen/{old.pk}/", f"#{old.pk} Schlagloch")
    assert "Marktplatz 1" in html
    assert "Laterne" not in html
    assert 'href="/admin/meldungen/"' in html


def test_the_dashboard_query_count_does_not_grow_with_the_work(client, organisation, handler):
    category = make_category(organisation)
    make_report(category)
    client.force_login(handler)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for _ in range(30):
        make_report(category)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")
    assert len(many) == len(few)


def test_the_superusers_dashboard_stays_within_a_fixed_number_of_queries(
    client, organisation, home, django_assert_max_num_queries
):
    admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
    category = make_category(organisation)
    for _ in range(10):
        make_report(category)
    procedure = make_procedure(home, organisation)
    for _ in range(10):
        make_statement(procedure)
    client.force_login(admin)
    client.get("/admin/")
    with django_assert_max_num_queries(60):
        assert client.get("/admin/").status_code == 200


def test_an_editor_sees_no_panel_of_work_they_may_not_do(client, organisation, home):
    make_report(make_category(organisation))
    make_statement(make_procedure(home, organisation))
    html = dashboard(client, make_staff(organisation, Role.EDITOR))
    for name in ["triage", "weighing", "moderation", "outbox"]:
        assert panel(html, name) == ""


# Clerk ------------------------------------------------------------------------------------


def test_a_clerk_sees_todays_appointments_and_no_shows(client, organisation, midday):
    clerk = make_staff(organisation, Role.CLERK)
    office = make_office(organisation, min_notice_hours=0)
    service = Service.objects.create(organisation=organisation, name="Personalausweis")
    service.offices.add(office)
    now = timezone.localtime()
    later = make_slot(office, (now + datetime.timedelta(minutes=30)).replace(second=0))
    earlier = make_slot(office, (now + datetime.timedelta(minutes=45)).replace(second=0))
    coming = services.confirm(services.reserve(slot=later, service=service, **DETAILS))
    missed = services.confirm(
        services.reserve(slot=earlier, service=service, **{**DETAILS, "email": "b@example.org"})
    )
    # An hour later: the earlier appointment has passed and the person did not come.
    start = now - datetime.timedelta(minutes=30)
    Slot.objects.filter(pk=earlier.pk).update(
        start=start, end=start + datetime.timedelta(minutes=15)
    )
    earlier.refresh_from_db()
    Booking.objects.filter(pk=missed.pk).update(status=BookingStatus.NO_SHOW)

    html = panel(dashboard(client, clerk), "appointments")

    assert "Heutige Termine" in html
    assert count_of(html, "heute noch anstehend") == 1
    assert count_of(html, "nicht erschienen") == 1
    assert coming.reference in html
    assert f'href="/admin/termine/{office.pk}/?tag={now.date().isoformat()}"' in html


def test_the_day_plan_has_a_heading(client, organisation):
    clerk = make_staff(organisation, Role.CLERK)
    office = make_office(organisation)
    client.force_login(clerk)
    html = client.get(f"/admin/termine/{office.pk}/").content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Tagesplan" in heading
    assert office.name in heading


def test_the_schedule_has_an_english_source_and_a_german_title(client, organisation):
    clerk = make_staff(organisation, Role.CLERK)
    client.force_login(clerk)
    german = client.get("/admin/termine/").content.decode()
    assert re.search(r"<h1[^>]*>\s*(<svg.*?</svg>)?\s*Terminplan", german, re.S)
    english = client.get("/admin/termine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies.load({"django_language": "en"})
    english = client.get("/admin/termine/").content.decode()
    assert "Appointment schedule" in english
    assert "Terminplan" not in english


# Other roles ------------------------------------------------------------------------------


def test_a_planner_sees_statements_to_weigh_per_procedure_with_a_link_to_the_table(
    client, organisation, home
):
    planner = make_staff(organisation, Role.PLANNER)
    procedure = make_procedure(home, organisation)
    make_statement(procedure)
    make_statement(procedure)

    html = panel(dashboard(client, planner), "weighing")

    assert count_of(html, "Stellungnahmen noch nicht abgewogen") == 2
    assert f'href="/admin/abwaegung/{procedure.pk}/"' in html
    assert "2 offen" in html


def test_a_moderator_sees_the_comments_waiting_for_review(client, organisation, home, citizen):
    moderator = make_staff(organisation, Role.MODERATOR)
    comment = Comment.objects.create(
        page=home, organisation=organisation, author=citizen, text="Bitte prüfen", needs_review=True
    )
    html = panel(dashboard(client, moderator), "moderation")
    assert count_of(html, "zu prüfen") == 1
    assert f"/admin/kommentare/?kommentar={comment.pk}" in html


def test_a_superuser_sees_failed_mails_and_staff_do_not(client, organisation):
    OutboxEmail.objects.create(
        subject="Ihre Buchung", to=["a@example.org"], status=OutboxStatus.FAILED
    )
    admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
    html = panel(dashboard(client, admin), "outbox")
    assert count_of(html, "fehlgeschlagen, nicht zugestellt") == 1
    assert "Ihre Buchung" in html
    handler = make_staff(organisation, Role.INCIDENT_HANDLER)
    assert panel(dashboard(client, handler), "outbox") == ""


# Menu -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,shown,hidden",
    [
        (Role.INCIDENT_HANDLER, ["Meldungen", "Meldewesen"], ["Terminplan", "Abwägung"]),
        (Role.CLERK, ["Terminplan", "Terminangebot"], ["Meldungen", "Planungskarte"]),
        (Role.PLANNER, ["Abwägung", "Planungskarte"], ["Meldungen", "Terminplan"]),
        (Role.MODERATOR, ["Moderation", "Abwägung"], ["Meldungen", "Terminplan"]),
    ],
)
def test_each_role_has_a_menu_of_its_tools_with_short_unique_labels(
    client, organisation, role, shown, hidden
):
    labels = menu_labels(dashboard(client, make_staff(organisation, role)))
    for label in shown:
        assert labels.count(label) == 1, labels
    for label in hidden:
        assert label not in labels
    # What fits the sidebar's 200 px without being cut off.
    assert all(len(label) <= 15 for label in shown)


def test_the_planners_map_index_links_each_procedure_map(client, organisation, home):
    planner = make_staff(organisation, Role.PLANNER)
    procedure = make_procedure(home, organisation)
    client.force_login(planner)
    html = client.get("/admin/karten/").content.decode()
    assert f'href="/admin/karte/{procedure.pk}/"' in html


# Triage and report detail -----------------------------------------------------------------


def test_the_admin_loads_the_css_that_gives_the_triage_map_its_height(
    client, organisation, handler
):
    make_report(make_category(organisation))
    client.force_login(handler)
    html = client.get("/admin/meldungen/").content.decode()
    assert "/static/css/staff-admin.css" in html
    assert 'class="staff-map"' in html


def test_the_report_history_says_who_changed_what_in_german(client, organisation, handler):
    report = make_report(make_category(organisation))
    ReportUpdate.objects.create(
        report=report, old_status=ReportStatus.NEW, new_status=ReportStatus.CONFIRMED
    )
    report.set_status(ReportStatus.IN_PROGRESS, "Beauftragt", handler)
    client.force_login(handler)
    html = client.get(f"/admin/meldungen/{report.pk}/").content.decode()
    assert "None" not in html
    assert "das Portal (automatisch): Status: Neu → Bestätigt" in html
    assert f"{handler.email}: Status: Neu → In Bearbeitung" in html
    assert re.search(r"\d{1,2}\. \w+ \d{4}, \d{2}:\d{2} Uhr", html)


def test_a_report_without_an_address_is_named_after_the_nearest_known_place(
    client, organisation, handler
):
    category = make_category(organisation)
    make_report(category, lat="50.082600", lon="8.240000", address="Luisenplatz 2")
    report = make_report(category, lat="50.082700", lon="8.240100")
    client.force_login(handler)
    html = client.get(f"/admin/meldungen/{report.pk}/").content.decode()
    assert "bei Luisenplatz 2" in html
    triage = client.get("/admin/meldungen/").content.decode()
    assert "bei Luisenplatz 2" in triage


def test_a_report_far_from_named_reports_is_named_after_the_district(client, organisation, handler):
    report = make_report(make_category(organisation), lat="50.042000", lon="8.235000")
    client.force_login(handler)
    html = client.get(f"/admin/meldungen/{report.pk}/").content.decode()
    assert "bei Biebrich" in html


def test_an_answer_template_fills_the_answer_field_and_stays_editable(
    client, organisation, other_organisation, handler
):
    report = make_report(make_category(organisation))
    template = AnswerTemplate.objects.create(
        organisation=organisation, title="Auftrag vergeben", text="Der Bauhof ist beauftragt."
    )
    AnswerTemplate.objects.create(
        organisation=other_organisation, title="Fremder Baustein", text="Nicht unserer."
    )
    client.force_login(handler)
    html = client.get(f"/admin/meldungen/{report.pk}/").content.decode()
    assert "Auftrag vergeben" in html
    assert "Fremder Baustein" not in html
    filled = client.get(f"/admin/meldungen/{report.pk}/?vorlage={template.pk}").content.decode()
    assert re.search(r'<textarea name="text"[^>]*id="id_answer_text"[^>]*>\s*Der Bauhof', filled)


def test_handlers_manage_only_their_own_organisations_answer_templates(
    client, organisation, other_organisation, handler
):
    theirs = AnswerTemplate.objects.create(
        organisation=other_organisation, title="Fremder Baustein", text="x"
    )
    client.force_login(handler)
    response = client.post(
        "/admin/snippets/maps/answertemplate/add/",
        {
            "organisation": organisation.pk,
            "title": "Erledigt",
            "text": "Ist behoben.",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    assert AnswerTemplate.objects.filter(organisation=organisation, title="Erledigt").exists()
    listing = client.get("/admin/snippets/maps/answertemplate/").content.decode()
    assert "Erledigt" in listing and "Fremder Baustein" not in listing
    assert client.get(f"/admin/snippets/maps/answertemplate/edit/{theirs.pk}/").status_code == 404
