"""Tasks of the events app, run by the django-q2 cluster: load, call the service, done."""

from events import services
from events.models import EventPage


def notify_registrants_of_change(event_id: int) -> int:
    event = EventPage.objects.filter(pk=event_id).first()
    return services.notify_registrants_of_change(event) if event else 0


def message_registrants(event_id: int, subject: str, message: str, statuses: list[str]) -> int:
    event = EventPage.objects.filter(pk=event_id).first()
    return services.message_registrants(event, subject, message, statuses) if event else 0


def send_reminders() -> int:
    return services.send_reminders()


def erase_expired_registrations() -> int:
    return services.erase_expired_registrations()
