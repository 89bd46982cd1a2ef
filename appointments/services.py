"""Writes that span slot and booking: reserve, confirm, cancel, release, erase, remind.

Every change to ``Slot.booked`` is a single conditional UPDATE, so two people can never
take the last seat at the same time, on SQLite or PostgreSQL.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from appointments import notifications
from appointments.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    Office,
    Service,
    Slot,
)
from beteiligung.limits import lock_address, same_address


class SlotTaken(Exception):
    """Someone else took the last seat of the slot (or it is no longer offered)."""


class TooManyBookings(Exception):
    """The e-mail address already holds the office's maximum of active bookings."""


def active_bookings_for(email: str, now: datetime.datetime | None = None):
    """Active bookings of the address in any spelling (case, +tag: beteiligung.limits)."""
    now = now or timezone.now()
    return Booking.objects.filter(
        same_address(email), status__in=ACTIVE_STATUSES, slot__end__gt=now
    )


def take_seat(slot: Slot, earliest: datetime.datetime) -> bool:
    """One conditional UPDATE: succeeds only while a seat is free."""
    return bool(
        Slot.objects.filter(
            pk=slot.pk, active=True, booked__lt=F("capacity"), start__gte=earliest
        ).update(booked=F("booked") + 1)
    )


def give_back_seat(booking: Booking) -> bool:
    """Return the booking's seat to its slot, exactly once."""
    if not Booking.objects.filter(pk=booking.pk, holds_seat=True).update(holds_seat=False):
        return False
    Slot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
    booking.holds_seat = False
    return True


def delete_after_for(slot: Slot) -> datetime.date:
    return slot.local_start().date() + datetime.timedelta(days=slot.office.retention_days)


def within_reminder(slot: Slot, now: datetime.datetime) -> bool:
    return slot.start <= now + datetime.timedelta(days=slot.office.reminder_days)


def reserve(
    *,
    slot: Slot,
    service: Service,
    name: str,
    email: str,
    phone: str = "",
    note: str = "",
    user=None,
    by_staff: bool = False,
    address_verified: bool = False,
) -> Booking:
    """Reserve a seat; the citizen confirms by e-mail within the office's hold time.

    Staff booking for a caller confirm at once (the caller is on the phone), and so does a
    citizen whose account has verified this address (the link would prove nothing new).
    The limit per address and the minimum notice hold for both kinds of citizen."""
    now = timezone.now()
    confirm_now = by_staff or address_verified
    office = slot.office
    with transaction.atomic():
        limited = email and not by_staff
        if limited:
            # Until commit, a second reservation for the address waits here and then counts
            # this one: the limit holds when both arrive at the same moment.
            lock_address("appointments:bookings", email)
            if active_bookings_for(email, now).count() >= office.max_active_bookings:
                raise TooManyBookings
        # Staff may fill a slot at short notice; citizens respect the minimum notice.
        if not take_seat(slot, now if by_staff else office.earliest_start(now)):
            raise SlotTaken
        booking = Booking.objects.create(
            slot=slot,
            service=service,
            name=name,
            email=email,
            phone=phone,
            note=note,
            user=user,
            booked_by_staff=by_staff,
            status=BookingStatus.CONFIRMED if confirm_now else BookingStatus.RESERVED,
            confirmed_at=now if confirm_now else None,
            reserved_until=None if confirm_now else now + office.hold(),
            reminder_sent_at=now if confirm_now and within_reminder(slot, now) else None,
            delete_after=delete_after_for(slot),
        )
        if confirm_now:
            notifications.confirmed(booking)
        else:
            notifications.reserved(booking)
    return booking


class ConfirmationExpired(Exception):
    pass


def confirm(booking: Booking) -> Booking:
    """Confirm a reservation; confirming again (a double click, a second tab) is a success.

    The row is read again under a lock inside the transaction: the status loaded before
    the first click committed would make the second one look expired.
    """
    now = timezone.now()
    with transaction.atomic():
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status == BookingStatus.CONFIRMED:
            booking.refresh_from_db()
            return booking
        updated = Booking.objects.filter(
            pk=booking.pk,
            status=BookingStatus.RESERVED,
            holds_seat=True,
            reserved_until__gt=now,
        ).update(
            status=BookingStatus.CONFIRMED,
            confirmed_at=now,
            reserved_until=None,
            # The confirmation is reminder enough when the appointment is that close.
            reminder_sent_at=now if within_reminder(booking.slot, now) else None,
        )
        if not updated:
            raise ConfirmationExpired
        booking.refresh_from_db()
        notifications.confirmed(booking)
    return booking


def cancel(booking: Booking, *, by_staff: bool = False) -> bool:
    """Cancel; the seat stays taken for the office's hold-back time against slot trading."""
    now = timezone.now()
    with transaction.atomic():
        updated = Booking.objects.filter(pk=booking.pk, status__in=ACTIVE_STATUSES).update(
            status=BookingStatus.CANCELLED,
            cancelled_at=now,
            reserved_until=None,
            sequence=F("sequence") + 1,
            release_at=now + datetime.timedelta(minutes=booking.slot.office.holdback_minutes),
        )
        if not updated:
            return False
        booking.refresh_from_db()
        if booking.release_at <= now:
            give_back_seat(booking)
        if booking.email:
            notifications.cancelled(booking, by_staff=by_staff)
    return True


def release_due(now: datetime.datetime | None = None, office: Office | None = None) -> int:
    """Expire unconfirmed reservations and free seats whose hold-back has passed."""
    now = now or timezone.now()
    expired = Booking.objects.filter(status=BookingStatus.RESERVED, reserved_until__lte=now)
    if office is not None:
        expired = expired.filter(slot__office=office)
    expired.update(status=BookingStatus.EXPIRED, release_at=now)
    due = Booking.objects.filter(holds_seat=True, release_at__lte=now).exclude(
        status__in=ACTIVE_STATUSES
    )
    if office is not None:
        due = due.filter(slot__office=office)
    released = 0
    for booking in due.only("pk", "slot_id"):
        with transaction.atomic():
            released += give_back_seat(booking)
    return released


def mark(booking: Booking, status: str) -> None:
    """Staff record whether the citizen came."""
    if status not in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        raise ValueError(status)
    Booking.objects.filter(
        pk=booking.pk,
        status__in=[*ACTIVE_STATUSES, BookingStatus.ATTENDED, BookingStatus.NO_SHOW],
    ).update(status=status)


def erase_personal_data(today: datetime.date | None = None) -> int:
    """Keep the booking for statistics, without anything that names a person."""
    today = today or timezone.localdate()
    return Booking.objects.filter(delete_after__lt=today, personal_data_erased=False).update(
        name="", email="", phone="", note="", user=None, personal_data_erased=True
    )


def send_reminders(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    count = 0
    candidates = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        slot__start__gt=now,
        slot__office__reminder_days__gt=0,
        slot__start__lte=now + datetime.timedelta(days=31),
    ).select_related("slot__office", "service")
    for booking in candidates:
        office = booking.slot.office
        if booking.slot.start > now + datetime.timedelta(days=office.reminder_days):
            continue
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed and booking.email:
                notifications.reminder(booking)
                count += 1
    return count
