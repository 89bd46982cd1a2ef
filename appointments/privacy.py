"""Bookings in the account's data export. On deletion the booking stays (the appointment may
still be kept) and loses its link to the account; its own deletion date still applies."""


def export(user) -> list[dict]:
    return [
        {
            "reference": booking.reference,
            "service": booking.service.name,
            "office": booking.slot.office.name,
            "start": booking.slot.start.isoformat(),
            "status": booking.get_status_display(),
            "name": booking.name,
            "email": booking.email,
            "phone": booking.phone,
            "note": booking.note,
        }
        for booking in user.appointment_bookings.select_related("slot__office", "service")
    ]


def erase(user) -> None:
    user.appointment_bookings.update(user=None)
