"""Generate an office's slots from its opening rules and closures, up to its horizon.

Wall-clock times are built in Europe/Berlin and stored as aware datetimes, so a 9:00 slot
stays at 9:00 across the change to and from summer time. Running it twice changes nothing.
A slot that people have booked is never deleted: when the rules stop producing it, it is
marked inactive and shows up as a conflict for the clerks.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from appointments.models import BERLIN, Office, Slot


@dataclass
class GenerationResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime | None:
    """The aware datetime of a wall-clock time, or None when the time does not exist
    (the hour skipped when summer time starts)."""
    value = datetime.datetime.combine(day, time, tzinfo=BERLIN)
    round_trip = value.astimezone(datetime.UTC).astimezone(BERLIN)
    if round_trip.replace(tzinfo=None) != value.replace(tzinfo=None):
        return None
    return value


def wanted_slots(
    office: Office, first_day: datetime.date, last_day: datetime.date
) -> dict[datetime.datetime, tuple[datetime.datetime, int]]:
    """start → (end, capacity) for every slot the rules produce in the date range."""
    rules = list(office.rules.all())
    closures = list(office.closures.filter(end_date__gte=first_day, start_date__lte=last_day))
    times = {rule.pk: rule.wall_clock_times() for rule in rules}
    wanted: dict[datetime.datetime, tuple[datetime.datetime, int]] = {}
    day = first_day
    while day <= last_day:
        for rule in rules:
            if not rule.applies_on(day):
                continue
            for start_time, end_time in times[rule.pk]:
                if any(c.covers(day, start_time, end_time) for c in closures):
                    continue
                start = local_datetime(day, start_time)
                if start is None:
                    continue
                # Add the length in real time: a slot that spans the clock change lasts
                # as long as any other.
                length = datetime.datetime.combine(day, end_time) - datetime.datetime.combine(
                    day, start_time
                )
                end = (start.astimezone(datetime.UTC) + length).astimezone(BERLIN)
                # Two overlapping rules on the same start add their desks together.
                previous = wanted.get(start)
                capacity = rule.capacity + (previous[1] if previous else 0)
                wanted[start] = (end, capacity)
        day += datetime.timedelta(days=1)
    return wanted


@transaction.atomic
def generate_slots(office: Office, today: datetime.date | None = None) -> GenerationResult:
    today = today or timezone.localdate()
    last_day = today + datetime.timedelta(days=office.horizon_days)
    wanted = wanted_slots(office, today, last_day)
    range_start = datetime.datetime.combine(today, datetime.time.min, tzinfo=BERLIN)
    range_end = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=BERLIN
    )
    # Plain tuples, not model instances: on a second run almost nothing changes and
    # building thousands of instances would be most of the work.
    rows = Slot.objects.filter(office=office, start__gte=range_start, start__lt=range_end)
    existing = {
        row[1]: row
        for row in rows.values_list("pk", "start", "end", "capacity", "booked", "active")
    }
    with_bookings = set(rows.filter(bookings__isnull=False).values_list("pk", flat=True).distinct())
    result = GenerationResult()
    to_create, to_update, to_delete = [], [], []
    for start, (end, capacity) in wanted.items():
        row = existing.get(start)
        if row is None:
            to_create.append(Slot(office=office, start=start, end=end, capacity=capacity))
            continue
        pk, _start, old_end, old_capacity, booked, active = row
        # Never shrink below what is booked; the clerks see the conflict instead.
        new_capacity = max(capacity, booked)
        new_end = end if booked == 0 else old_end
        if (old_capacity, old_end, active) != (new_capacity, new_end, True):
            to_update.append(
                Slot(pk=pk, office=office, start=start, end=new_end, capacity=new_capacity)
            )
    for start, row in existing.items():
        if start in wanted:
            continue
        pk, _start, end, capacity, booked, active = row
        if pk not in with_bookings:
            to_delete.append(pk)
        elif active:
            to_update.append(
                Slot(pk=pk, office=office, start=start, end=end, capacity=capacity, active=False)
            )
        if booked > 0:
            result.conflicts += 1
    Slot.objects.bulk_create(to_create, batch_size=500, ignore_conflicts=True)
    Slot.objects.bulk_update(to_update, ["capacity", "end", "active"], batch_size=500)
    # booked=0 again here: a booking made since we read the slot keeps it alive.
    result.deleted, _detail = Slot.objects.filter(
        pk__in=to_delete, booked=0, bookings__isnull=True
    ).delete()
    result.created, result.updated = len(to_create), len(to_update)
    return result


def generate_all(today: datetime.date | None = None) -> dict[int, GenerationResult]:
    return {
        office.pk: generate_slots(office, today) for office in Office.objects.filter(active=True)
    }
