"""Writes that span seats, registrations and e-mail: register, cancel, promote, publish.

The seat counter (EventSeats) is locked with SELECT … FOR UPDATE and only ever raised with
a conditional UPDATE (``taken + persons <= capacity``); a CHECK constraint backs both, so
two people can never take the last seat at the same time.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beteiligung.emails import Attachment, queue_email
from beteiligung.ical import Party, build_calendar, mimetype
from beteiligung.limits import same_address
from beteiligung.queue import enqueue
from events.models import EventPage, EventSeats, Registration, RegistrationStatus


class RegistrationError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def ics_attachment(event: EventPage, registration: Registration) -> Attachment:
    """PUBLISH while the event takes place; CANCEL to the registrant once it is cancelled."""
    entry = event.calendar_entry()
    method = "CANCEL" if event.cancelled else "PUBLISH"
    entry.attendees = [Party(registration.email, registration.name)]
    data = build_calendar([entry], name=event.title, method=method)
    return Attachment(f"{event.slug}.ics", data, mimetype(method))


def send_registration_email(template: str, registration: Registration) -> None:
    event = registration.event
    queue_email(
        f"events/{template}",
        [registration.email],
        {
            "event": event,
            "registration": registration,
            "event_url": event.calendar_entry().url,
            "cancel_url": registration.cancel_url(),
        },
        attachments=[ics_attachment(event, registration)],
        language=registration.language,
    )


def _locked_seats(event: EventPage) -> EventSeats:
    EventSeats.objects.get_or_create(event_id=event.pk, defaults={"capacity": event.capacity})
    return EventSeats.objects.select_for_update().get(pk=event.pk)


def _take(seats: EventSeats, persons: int) -> bool:
    """Raise the counter if the persons fit; the WHERE clause decides, not Python."""
    rows = EventSeats.objects.filter(pk=seats.pk)
    if seats.capacity is not None:
        rows = rows.filter(taken__lte=F("capacity") - persons)
    taken = rows.update(taken=F("taken") + persons) == 1
    if taken:
        seats.taken += persons
    return taken


def _release(seats: EventSeats, persons: int) -> None:
    EventSeats.objects.filter(pk=seats.pk).update(taken=F("taken") - persons)
    seats.taken -= persons


@transaction.atomic
def register(
    event: EventPage,
    *,
    name: str,
    email: str,
    persons: int = 1,
    needs: str = "",
    user=None,
    language: str = "de",
    now: datetime.datetime | None = None,
    contact_consent: bool = False,
) -> Registration:
    seats = _locked_seats(event)
    now = now or timezone.now()
    if not event.registration_enabled or event.cancelled:
        raise RegistrationError(_("Registration is not possible for this event."))
    if event.start <= now or (event.registration_deadline and now > event.registration_deadline):
        raise RegistrationError(_("The registration deadline has passed."))
    limit = event.max_persons if event.ask_persons else 1
    if not 1 <= persons <= limit:
        raise RegistrationError(
            _("Please choose between 1 and %(limit)s persons.") % {"limit": limit}, "persons"
        )
    email = email.strip()
    existing = (
        # One registration per mailbox: "anna+2@" must not hoard a second set of seats.
        Registration.objects.filter(same_address(email), event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if existing is not None:
        # The same form sent twice (a double click, a reload) is done already: the same
        # success, no second e-mail. The seat lock above makes a concurrent twin wait and
        # find this one. Different details under the same address are a different person.
        if existing.name == name.strip() and existing.persons == persons:
            return existing
        raise RegistrationError(
            _("This e-mail address is already registered for this event."), "email"
        )
    # Nobody overtakes the waiting list, not even a smaller group that would still fit.
    queue_empty = not event.registrations.filter(status=RegistrationStatus.WAITING).exists()
    confirmed = queue_empty and _take(seats, persons)
    registration = Registration.objects.create(
        event=event,
        user=user if user is not None and user.is_authenticated else None,
        name=name.strip(),
        email=email,
        persons=persons,
        needs=needs.strip() if event.ask_needs else "",
        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
        language=language,
        delete_after=event.deletion_date(),
        contact_consent=contact_consent,
    )
    send_registration_email("confirmed" if confirmed else "waiting", registration)
    return registration


@transaction.atomic
def cancel(registration: Registration, now: datetime.datetime | None = None) -> list[Registration]:
    """Cancel a registration; free seats go to the waiting list at once. Returns the promoted."""
    event = registration.event
    seats = _locked_seats(event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now or timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if not was_confirmed:
        return []
    _release(seats, registration.persons)
    return _promote(event, seats)


def _promote(event: EventPage, seats: EventSeats) -> list[Registration]:
    if event.cancelled or event.is_past():
        return []
    promoted = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting:
        # First come, first served: stop at the first one who does not fit.
        if not _take(seats, registration.persons):
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        registration.event = event
        send_registration_email("promoted", registration)
        promoted.append(registration)
    return promoted


@transaction.atomic
def event_published(event: EventPage) -> bool:
    """After each publish: sync the capacity, raise SEQUENCE on a real change, tell registrants.

    Returns True when the change was one registrants are told about.
    """
    seats = _locked_seats(event)
    capacity = event.capacity
    if capacity is not None:
        capacity = max(capacity, seats.taken)  # the page form already refuses less
    grew = seats.capacity is not None and (capacity is None or capacity > seats.capacity)
    if seats.capacity != capacity:
        seats.capacity = capacity
        seats.save(update_fields=["capacity"])
    event.registrations.update(delete_after=event.deletion_date())

    fingerprint = event.fingerprint()
    changed = bool(event.calendar_fingerprint) and event.calendar_fingerprint != fingerprint
    if changed:
        event.sequence += 1
    event.calendar_fingerprint = fingerprint
    EventPage.objects.filter(pk=event.pk).update(
        sequence=event.sequence, calendar_fingerprint=fingerprint
    )
    if grew:
        _promote(event, seats)
    if changed:
        enqueue("events.tasks.notify_registrants_of_change", event.pk)
    return changed


def notify_registrants_of_change(event: EventPage) -> int:
    template = "cancelled" if event.cancelled else "changed"
    registrations = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
    count = 0
    for registration in registrations:
        registration.event = event
        send_registration_email(template, registration)
        count += 1
    return count


def message_registrants(event: EventPage, subject: str, message: str, statuses: list[str]) -> int:
    """One e-mail per person, so that nobody sees the other registrants' addresses."""
    count = 0
    for registration in event.registrations.filter(status__in=statuses):
        queue_email(
            "events/staff_message",
            [registration.email],
            {
                "event": event,
                "registration": registration,
                "subject": subject,
                "message": message,
                "event_url": event.calendar_entry().url,
                "cancel_url": registration.cancel_url(),
            },
            language=registration.language,
        )
        count += 1
    return count


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind everyone confirmed for an event that starts within the next 24 hours, once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at=None,
        event__live=True,
        event__cancelled=False,
        event__start__gt=now,
        event__start__lte=now + datetime.timedelta(days=1),
    ).select_related("event")
    sent = 0
    for registration in due:
        # The conditional update makes a second run (or a second worker) skip this one.
        if Registration.objects.filter(pk=registration.pk, reminded_at=None).update(
            reminded_at=now
        ):
            send_registration_email("reminder", registration)
            sent += 1
    return sent


def erase_expired_registrations(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    deleted, _counts = Registration.objects.filter(delete_after__lt=today).delete()
    return deleted
