"""E-mails to the citizen and the calendar entries attached to them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from appointments.models import Booking
from beteiligung.emails import Attachment, queue_email
from beteiligung.ical import CalendarEntry, Party, build_calendar, mimetype, portal_party


def booking_uid(booking: Booking) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"booking-{booking.pk}@{host}"


def calendar_entry(booking: Booking) -> CalendarEntry:
    slot, office, service = booking.slot, booking.slot.office, booking.service
    lines = [_("Reference: %(reference)s") % {"reference": booking.reference}]
    if service.document_list():
        lines.append(_("Please bring:"))
        lines.extend(f"- {item}" for item in service.document_list())
    geo = None
    if office.has_location():
        geo = (float(office.latitude), float(office.longitude))
    return CalendarEntry(
        uid=booking_uid(booking),
        summary=f"{service.name} – {office.name}",
        start=slot.start,
        end=slot.end,
        description="\n".join(lines),
        location=" ".join(f"{office.name}, {office.address}".split()),
        url=booking.manage_url(),
        sequence=booking.sequence,
        cancelled=booking.status == "cancelled",
        geo=geo,
        # The office answers for the appointment; its address is the ORGANIZER (RFC 5546).
        organizer=portal_party(office.email or office.organisation.email, office.name),
        attendees=[Party(booking.email, booking.name)] if booking.email else [],
    )


def booking_method(booking: Booking) -> str:
    """beteiligung.ical's one model: PUBLISH while it stands, CANCEL once it is cancelled."""
    return "CANCEL" if booking.status == "cancelled" else "PUBLISH"


def booking_calendar(booking: Booking) -> bytes:
    entry = calendar_entry(booking)
    return build_calendar([entry], name=booking.service.name, method=booking_method(booking))


def ics_attachment(booking: Booking) -> Attachment:
    # method=CANCEL on the MIME part is what makes Outlook offer "remove from calendar".
    return Attachment(
        f"termin-{booking.reference}.ics",
        booking_calendar(booking),
        mimetype(booking_method(booking)),
    )


def _send(template: str, booking: Booking, attach: bool = False, **context) -> None:
    queue_email(
        f"appointments/{template}",
        [booking.email],
        {
            "booking": booking,
            "slot": booking.slot,
            "office": booking.slot.office,
            "service": booking.service,
            **context,
        },
        attachments=[ics_attachment(booking)] if attach else None,
    )


def reserved(booking: Booking) -> None:
    if booking.email:
        _send("reserved", booking)


def confirmed(booking: Booking) -> None:
    if booking.email:
        _send("confirmed", booking, attach=True)


def cancelled(booking: Booking, by_staff: bool = False) -> None:
    if booking.email:
        _send("cancelled", booking, attach=True, by_staff=by_staff)


def reminder(booking: Booking) -> None:
    if booking.email:
        _send("reminder", booking, attach=True)
