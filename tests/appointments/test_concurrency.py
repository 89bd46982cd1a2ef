"""Many people book the last seats of one slot at the same moment: nobody is overbooked.

On PostgreSQL the requests really run in parallel threads, released together by a barrier.
SQLite's in-memory test database allows one writer at a time (shared-cache locks fail at
once instead of waiting), so there the same requests run one after another; the
conditional UPDATE is the same code on both.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from appointments.models import Booking, BookingStatus, Slot
from tests.appointments.conftest import DETAILS, solved_challenge

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 16
CAPACITY = 3


def test_a_slot_is_never_booked_beyond_its_capacity(service, office, slot, settings):
    settings.APPOINTMENTS_RESERVE_RATE = 1000
    Slot.objects.filter(pk=slot.pk).update(capacity=CAPACITY)
    # update(), not save(): saving would regenerate the slots from the (empty) rules.
    type(office).objects.filter(pk=office.pk).update(max_active_bookings=100)
    url = f"/termine/leistung/{service.pk}/termin/{slot.pk}/"
    payloads = [
        {**DETAILS, "email": f"person{n}@example.org", "reserve": "1", "pow": solved_challenge()}
        for n in range(PEOPLE)
    ]
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(PEOPLE)
    serial = threading.Lock()
    statuses: list[int] = []

    def book(payload: dict) -> None:
        from django.db import connections

        try:
            if parallel:
                barrier.wait()
                statuses.append(Client().post(url, payload).status_code)
            else:
                with serial:
                    statuses.append(Client().post(url, payload).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    slot.refresh_from_db()
    assert sorted(statuses) == [302] * CAPACITY + [409] * (PEOPLE - CAPACITY)
    assert slot.booked == CAPACITY
    assert Booking.objects.filter(slot=slot, status=BookingStatus.RESERVED).count() == CAPACITY
