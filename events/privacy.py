"""Event registrations in the account's data export. On deletion the registration keeps its
seat and loses its link to the account; its own deletion date still applies."""


def export(user) -> list[dict]:
    return [
        {
            "event": registration.event.title,
            "start": registration.event.start.isoformat(),
            "status": registration.get_status_display(),
            "name": registration.name,
            "email": registration.email,
            "persons": registration.persons,
            "accessibility_needs": registration.needs,
            "registered_at": registration.created_at.isoformat(),
        }
        for registration in user.event_registrations.select_related("event")
    ]


def erase(user) -> None:
    user.event_registrations.update(user=None)
