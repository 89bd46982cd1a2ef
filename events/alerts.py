"""What events give the alerts: new events, and registrants who may be contacted."""

from alerts import sources
from alerts.procedures import new_page_items
from events.models import EventPage, Registration, RegistrationStatus


def new_events(since, now) -> list[sources.Item]:
    return new_page_items(EventPage, "event", since, now)


def registrants(procedure) -> list[sources.Participant]:
    """Registrants of the procedure's events who agreed to hear from its staff."""
    rows = (
        Registration.objects.filter(
            event__path__startswith=procedure.path,
            contact_consent=True,
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("email", "name", "language")
    )
    return [sources.Participant(email, name, language) for email, name, language in rows]


def register() -> None:
    sources.register("events", new_events)
    sources.register_participants("events", registrants)
