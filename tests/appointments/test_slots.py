"""Slot generation from opening rules and closures, across summer-time changes."""

import datetime

from django.utils import timezone

from appointments.models import Booking, Closure, OpeningRule, Slot
from appointments.slots import generate_slots
from tests.appointments.conftest import berlin

MONDAY = datetime.date(2027, 3, 1)


def monday_rule(office, **fields) -> OpeningRule:
    fields = {
        "weekday": 0,
        "start_time": datetime.time(9),
        "end_time": datetime.time(10),
        "slot_minutes": 15,
        "capacity": 2,
        "valid_from": MONDAY,
        **fields,
    }
    return OpeningRule.objects.create(office=office, **fields)


def test_it_creates_slots_from_a_weekly_rule(office):
    office.horizon_days = 13
    monday_rule(office)

    result = generate_slots(office, today=MONDAY)

    starts = list(Slot.objects.filter(office=office).values_list("start", flat=True))
    assert result.created == 8
    assert starts[0] == berlin(2027, 3, 1, 9, 0)
    assert starts[3] == berlin(2027, 3, 1, 9, 45)
    assert starts[4] == berlin(2027, 3, 8, 9, 0)
    assert set(Slot.objects.values_list("capacity", flat=True)) == {2}


def test_running_it_twice_changes_nothing(office):
    office.horizon_days = 13
    monday_rule(office)
    generate_slots(office, today=MONDAY)

    result = generate_slots(office, today=MONDAY)

    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert Slot.objects.count() == 8


def test_every_other_week_skips_the_weeks_between(office):
    office.horizon_days = 27
    monday_rule(office, every_weeks=2, end_time=datetime.time(9, 15))

    generate_slots(office, today=MONDAY)

    days = [s.local_start().date() for s in Slot.objects.all()]
    assert days == [MONDAY, MONDAY + datetime.timedelta(days=14)]


def test_valid_until_ends_the_rule(office):
    office.horizon_days = 30
    monday_rule(office, valid_until=datetime.date(2027, 3, 10), end_time=datetime.time(9, 15))

    generate_slots(office, today=MONDAY)

    assert Slot.objects.count() == 2


def test_a_whole_day_closure_removes_that_day(office):
    office.horizon_days = 13
    monday_rule(office)
    Closure.objects.create(office=office, start_date=MONDAY, end_date=MONDAY, reason="Rosenmontag")

    generate_slots(office, today=MONDAY)

    assert {s.local_start().date() for s in Slot.objects.all()} == {datetime.date(2027, 3, 8)}


def test_a_closure_with_times_removes_only_overlapping_slots(office):
    office.horizon_days = 0
    monday_rule(office)
    Closure.objects.create(
        office=office,
        start_date=MONDAY,
        end_date=MONDAY,
        start_time=datetime.time(9, 20),
        end_time=datetime.time(9, 40),
        reason="Teambesprechung",
    )

    generate_slots(office, today=MONDAY)

    times = [s.local_start().strftime("%H:%M") for s in Slot.objects.all()]
    assert times == ["09:00", "09:45"]


def test_slots_keep_their_wall_clock_time_across_the_change_to_summer_time(office):
    # Sunday 28 March 2027 is the change; the Monday before and after are both 9:00 local.
    office.horizon_days = 7
    monday_rule(office, end_time=datetime.time(9, 15))

    generate_slots(office, today=datetime.date(2027, 3, 22))

    first, second = Slot.objects.order_by("start")
    assert first.start == datetime.datetime(2027, 3, 22, 8, 0, tzinfo=datetime.UTC)
    assert second.start == datetime.datetime(2027, 3, 29, 7, 0, tzinfo=datetime.UTC)
    assert first.local_start().hour == second.local_start().hour == 9


def test_on_the_dst_change_day_the_skipped_hour_has_no_slots(office):
    office.horizon_days = 0
    sunday = datetime.date(2027, 3, 28)
    monday_rule(
        office,
        weekday=6,
        start_time=datetime.time(1, 0),
        end_time=datetime.time(4, 0),
        slot_minutes=60,
        valid_from=sunday,
    )

    generate_slots(office, today=sunday)

    local = [s.local_start().strftime("%H:%M") for s in Slot.objects.order_by("start")]
    assert local == ["01:00", "03:00"]
    durations = {s.end - s.start for s in Slot.objects.all()}
    # 01:00–02:00 local ends at 03:00 local (the clock jumps), which is one real hour.
    assert durations == {datetime.timedelta(hours=1)}


def test_slots_on_the_day_summer_time_ends_are_an_hour_apart_in_utc(office):
    office.horizon_days = 0
    sunday = datetime.date(2027, 10, 31)
    monday_rule(
        office,
        weekday=6,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 0),
        slot_minutes=30,
        valid_from=sunday,
    )

    generate_slots(office, today=sunday)

    assert [s.start for s in Slot.objects.order_by("start")] == [
        datetime.datetime(2027, 10, 31, 9, 0, tzinfo=datetime.UTC),
        datetime.datetime(2027, 10, 31, 9, 30, tzinfo=datetime.UTC),
    ]


def test_changing_a_rule_never_deletes_a_booked_slot_but_flags_it(office, service):
    office.horizon_days = 0
    rule = monday_rule(office, end_time=datetime.time(9, 30))
    generate_slots(office, today=MONDAY)
    booked = Slot.objects.get(start=berlin(2027, 3, 1, 9, 15))
    Slot.objects.filter(pk=booked.pk).update(booked=1)
    Booking.objects.create(
        slot=booked, service=service, name="A", email="a@example.org", delete_after=MONDAY
    )

    rule.start_time = datetime.time(10)
    rule.end_time = datetime.time(10, 30)
    rule.save()
    result = generate_slots(office, today=MONDAY)

    booked.refresh_from_db()
    assert booked.active is False
    assert booked.conflict is True
    assert result.conflicts == 1
    assert not Slot.objects.filter(start=berlin(2027, 3, 1, 9, 0)).exists()
    assert Slot.objects.filter(start=berlin(2027, 3, 1, 10, 0), active=True).exists()


def test_reducing_desks_never_drops_capacity_below_bookings(office):
    office.horizon_days = 0
    rule = monday_rule(office, end_time=datetime.time(9, 15), capacity=3)
    generate_slots(office, today=MONDAY)
    Slot.objects.update(booked=2)

    rule.capacity = 1
    rule.save()
    generate_slots(office, today=MONDAY)

    assert Slot.objects.get().capacity == 2


def test_saving_a_rule_regenerates_the_offices_slots(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        OpeningRule.objects.create(
            office=office,
            weekday=timezone.localdate().weekday(),
            start_time=datetime.time(9),
            end_time=datetime.time(10),
            valid_from=timezone.localdate(),
        )

    assert Slot.objects.filter(office=office).count() > 4
