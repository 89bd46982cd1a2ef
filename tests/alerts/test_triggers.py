"""Each trigger tells the people who follow what it concerns, once, and nobody else."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts import services
from alerts.models import Delivery, FollowKind, Occurrence, OccurrenceKind
from beteiligung.models import OutboxEmail
from cms.procedures import PhaseKind
from tests.alerts.conftest import HOUR, follow, follow_area, run_alerts
from tests.cms.conftest import INSIDE, OUTSIDE, make_procedure
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def recipients(mails) -> list[str]:
    return sorted(address for message in mails for address in message.to)


@pytest.fixture
def procedure(home, organisation):
    page = make_procedure(home, organisation, stage=PhaseKind.INFORMATION)
    page.tags.add("Radverkehr")
    page.save_revision().publish()
    return page


def test_followers_of_a_procedure_hear_that_its_participation_phase_has_begun(
    procedure, django_capture_on_commit_callbacks
):
    follower = make_user("anna@example.org")
    follow(FollowKind.PROCEDURE, user=follower, procedure=procedure.page_ptr)
    make_user("otto@example.org")
    participation = procedure.participation_phase()

    mails = run_alerts(django_capture_on_commit_callbacks, participation.start + HOUR)

    phase_mails = [m for m in mails if "hat begonnen" in m.subject]
    assert recipients(phase_mails) == ["anna@example.org"]
    assert "Bebauungsplan Mitte" in phase_mails[0].subject
    assert "Beteiligung bis" in phase_mails[0].body


def test_the_deadline_alert_comes_a_few_days_before_the_participation_ends(
    procedure, django_capture_on_commit_callbacks, settings
):
    settings.ALERTS_DEADLINE_DAYS = 3
    follow(FollowKind.PROCEDURE, email="anna@example.org", procedure=procedure.page_ptr)
    end = procedure.participation_phase().end

    early = run_alerts(django_capture_on_commit_callbacks, end - 5 * DAY)
    near = run_alerts(django_capture_on_commit_callbacks, end - 2 * DAY)

    assert not [m for m in early if "nur noch bis" in m.subject]
    assert [m.subject for m in near if "nur noch bis" in m.subject] == [
        m.subject for m in near if "Stellungnahmen" in m.subject
    ]
    assert recipients([m for m in near if "nur noch bis" in m.subject]) == ["anna@example.org"]


def test_followers_hear_when_the_results_are_published(
    procedure, django_capture_on_commit_callbacks
):
    follow(FollowKind.PROCEDURE, email="anna@example.org", procedure=procedure.page_ptr)
    procedure.results_published_at = timezone.now() - HOUR
    procedure.save_revision().publish()

    mails = run_alerts(django_capture_on_commit_callbacks)

    assert [m.subject for m in mails if "Ergebnisse" in m.subject] == [
        "„Bebauungsplan Mitte“: die Ergebnisse sind veröffentlicht"
    ]


def test_a_new_procedure_reaches_followers_of_its_area_topic_and_organisation_only(
    home, organisation, django_capture_on_commit_callbacks
):
    follow_area(INSIDE["latitude"], INSIDE["longitude"], 2, email="nah@example.org")
    follow_area(OUTSIDE["latitude"], OUTSIDE["longitude"], 5, email="fern@example.org")
    follow(FollowKind.TOPIC, email="thema@example.org", topic="radverkehr")
    follow(FollowKind.TOPIC, email="anderes@example.org", topic="windkraft")
    follow(FollowKind.ORGANISATION, email="stadt@example.org", organisation=organisation)
    other = make_organisation("Gemeinde Anderswo")
    follow(FollowKind.ORGANISATION, email="anderswo@example.org", organisation=other)
    follow(FollowKind.AREA, email="name@example.org", place="Darmstadt-Mitte")
    page = make_procedure(home, organisation, stage="upcoming", slug="neu")
    page.tags.add("Radverkehr")
    page.area_description = "Darmstadt-Mitte, zwischen Luisenplatz und Herrngarten"
    page.save_revision().publish()

    mails = run_alerts(django_capture_on_commit_callbacks)

    new = [m for m in mails if m.subject.startswith("Neues Verfahren")]
    assert recipients(new) == [
        "nah@example.org",
        "name@example.org",
        "stadt@example.org",
        "thema@example.org",
    ]


def test_a_new_event_below_a_procedure_reaches_the_followers_of_the_procedure(
    procedure, django_capture_on_commit_callbacks
):
    from events.models import EventPage

    follow(FollowKind.PROCEDURE, email="anna@example.org", procedure=procedure.page_ptr)
    start = timezone.now() + 10 * DAY
    event = EventPage(
        title="Planungswerkstatt",
        slug="werkstatt",
        organisation=procedure.organisation,
        start=start,
        end=start + 2 * HOUR,
        intro="Wir planen gemeinsam den Platz.",
        place_name="Rathaus",
        latitude="49.872800",
        longitude="8.651200",
    )
    procedure.add_child(instance=event)
    event.save_revision().publish()

    mails = run_alerts(django_capture_on_commit_callbacks)

    assert [m.subject for m in mails if "Veranstaltung" in m.subject] == [
        "Neue Veranstaltung: Planungswerkstatt"
    ]


def test_a_report_that_changes_status_reaches_those_who_follow_its_area(
    demo, django_capture_on_commit_callbacks
):
    from maps import services as report_services
    from maps.models import Report

    report = Report.objects.public().exclude(lat=None).order_by("pk").first()
    follow_area(str(report.lat), str(report.lon), 1, email="nachbarin@example.org")
    follow_area("53.550000", "9.990000", 10, email="hamburg@example.org")
    Occurrence.objects.all().delete()
    new_status = "in_progress" if report.status != "in_progress" else "closed_fixed"
    report_services.change_status(report, new_status, "", None)

    mails = run_alerts(django_capture_on_commit_callbacks)

    report_mails = [m for m in mails if f"Meldung Nr. {report.pk}" in m.subject]
    assert recipients(report_mails) == ["nachbarin@example.org"]


def test_nobody_gets_the_same_alert_twice_from_two_follows_or_two_runs(
    procedure, django_capture_on_commit_callbacks
):
    person = make_user("anna@example.org")
    follow(FollowKind.PROCEDURE, user=person, procedure=procedure.page_ptr)
    follow(FollowKind.ORGANISATION, user=person, organisation=procedure.organisation)
    follow(FollowKind.TOPIC, user=person, topic="radverkehr")
    moment = procedure.participation_phase().start + HOUR

    first = run_alerts(django_capture_on_commit_callbacks, moment)
    second = run_alerts(django_capture_on_commit_callbacks, moment + 5 * 60 * HOUR / 60)
    Occurrence.objects.update(dispatched_at=None)  # as if the worker died before marking
    third = run_alerts(django_capture_on_commit_callbacks, moment + 2 * HOUR)

    assert len([m for m in first if "hat begonnen" in m.subject]) == 1
    assert [m for m in second + third if "hat begonnen" in m.subject] == []


def test_a_run_that_dies_while_queueing_leaves_neither_deliveries_nor_mails(
    procedure, django_capture_on_commit_callbacks, monkeypatch
):
    follow(FollowKind.PROCEDURE, email="anna@example.org", procedure=procedure.page_ptr)
    moment = procedure.participation_phase().start + HOUR

    def worker_killed(messages, batch=1000):
        raise SystemExit("worker killed")

    queue_messages = services.queue_messages
    monkeypatch.setattr(services, "queue_messages", worker_killed)
    with pytest.raises(SystemExit), transaction.atomic():
        services.collect_and_dispatch(moment)
    monkeypatch.setattr(services, "queue_messages", queue_messages)
    assert Delivery.objects.count() == 0
    assert OutboxEmail.objects.count() == 0

    mails = run_alerts(django_capture_on_commit_callbacks, moment + HOUR)
    assert len([m for m in mails if "hat begonnen" in m.subject]) == 1


def test_the_database_refuses_a_second_delivery_to_the_same_address():
    occurrence = Occurrence.objects.create(
        kind=OccurrenceKind.NEW_PROCEDURE, key="x", title="X", url="/"
    )
    subscription = follow(FollowKind.TOPIC, email="anna@example.org", topic="x")
    Delivery.objects.create(occurrence=occurrence, subscription=subscription, address="a@b.de")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(occurrence=occurrence, subscription=subscription, address="a@b.de")
    assert mail.outbox == []


def test_a_hostile_procedure_title_is_escaped_in_the_alert(
    home, organisation, django_capture_on_commit_callbacks
):
    page = make_procedure(
        home,
        organisation,
        stage=PhaseKind.INFORMATION,
        title='</script><script>alert(1)</script>"onmouseover=x',
    )
    page.save_revision().publish()
    follow(FollowKind.PROCEDURE, email="anna@example.org", procedure=page.page_ptr)

    mails = run_alerts(django_capture_on_commit_callbacks, page.participation_phase().start + HOUR)

    [alert] = [m for m in mails if "hat begonnen" in m.subject]
    html = alert.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\n" not in alert.subject
