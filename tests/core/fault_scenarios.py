"""What the fault tests (test_queue_faults.py) make happen in a database of their own: run in a
subprocess as ``python -m tests.core.fault_scenarios <scenario> [n]`` with DATABASE_URL set.

Mails come from the portal's real services, each in its own transaction, exactly as a
request would cause them; their tasks go to the real broker (ORM or Redis)."""

import datetime
import os
import sys

import django


def event_index():
    from cms.demo import home_page
    from events.models import EventIndexPage

    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home_page().add_child(instance=index)
    index.save_revision().publish()
    return index


def one_mail_of_each_kind() -> None:
    """A booking confirmation, an event registration, a report confirmation and a
    statement receipt."""
    from django.db import transaction

    from appointments import services as appointments
    from appointments.models import Service
    from cms.demo import home_page
    from events import services as events
    from maps import services as maps
    from tests.appointments.conftest import days_ahead, make_office, make_slot
    from tests.cms.conftest import make_procedure, make_statement
    from tests.conftest import make_organisation
    from tests.events.conftest import make_event
    from tests.maps.conftest import make_category

    home = home_page()
    organisation = make_organisation("Stadt Musterstadt")
    office = make_office(organisation, name="Bürgerbüro Mitte")
    service = Service.objects.create(organisation=organisation, name="Personalausweis")
    service.offices.add(office)
    slot = make_slot(office, days_ahead(5))
    event = make_event(event_index(), organisation, registration_enabled=True, capacity=10)
    category = make_category(organisation)
    procedure = make_procedure(home, organisation)

    appointments.reserve(
        slot=slot, service=service, name="Bea Bucher", email="booking@example.org", by_staff=True
    )
    events.register(event, name="Erik Event", email="event@example.org")
    maps.report_create(
        category=category,
        description="Tiefes Loch in der Fahrbahn",
        lat="49.872800",
        lon="8.651200",
        reporter_email="report@example.org",
    )
    with transaction.atomic():
        statement = make_statement(procedure, email="statement@example.org")
        statement.send_receipt()


def registrations(n: int) -> None:
    """``n`` people register for one event: ``n`` confirmations with an .ics each."""
    from events import services as events
    from tests.conftest import make_organisation
    from tests.events.conftest import make_event

    event = make_event(
        event_index(), make_organisation("Stadt Musterstadt"), registration_enabled=True, capacity=n
    )
    for i in range(n):
        events.register(event, name=f"Person {i}", email=f"person{i}@example.org")


def reminder_run(n: int) -> None:
    """``n`` confirmed registrations for an event tomorrow, none reminded yet, and the
    hourly reminder task queued (as the schedule queues it)."""
    from django.utils import timezone

    from events.models import Registration, RegistrationStatus
    from tests.conftest import make_organisation
    from tests.events.conftest import make_event

    start = timezone.now() + datetime.timedelta(hours=12)
    event = make_event(
        event_index(),
        make_organisation("Stadt Musterstadt"),
        start=start,
        registration_enabled=True,
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Person {i}",
            email=f"person{i}@example.org",
            status=RegistrationStatus.CONFIRMED,
            delete_after=event.deletion_date(),
        )
        for i in range(n)
    )
    queue_reminders()


def queue_reminders() -> None:
    from django_q.tasks import async_task

    async_task("events.tasks.send_reminders")


def queue_sweep_every(seconds: int) -> None:
    """What the cluster's scheduler does each minute (tests/core/test_outbox.py checks that the
    schedule exists), every few seconds until this process is stopped: queue the outbox
    sweep."""
    import time

    from django_q.tasks import async_task

    while True:
        async_task("beteiligung.tasks.sweep_outbox")
        time.sleep(seconds)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
    django.setup()
    scenario, *args = sys.argv[1:]
    globals()[scenario](*(int(arg) for arg in args))
