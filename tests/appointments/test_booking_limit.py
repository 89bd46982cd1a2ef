"""The limit of active bookings per e-mail address holds for every spelling of the address
and for reservations that arrive at the same moment.

On PostgreSQL the race runs in parallel threads, released together by a barrier; SQLite's
in-memory test database allows one writer at a time, so there they run one after another.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from appointments.models import Booking, Office
from beteiligung.limits import normalise_email
from tests.appointments.conftest import (
    DETAILS,
    days_ahead,
    make_slot,
    reserve_via_http,
    solved_challenge,
)


def test_the_address_is_folded_to_lower_case_without_its_plus_tag():
    assert normalise_email(" Erika+Termine@Example.ORG ") == "erika@example.org"
    assert normalise_email("erika+1+2@example.org") == "erika@example.org"
    # Dots name another mailbox at most providers: left alone.
    assert normalise_email("e.rika@example.org") == "e.rika@example.org"


@pytest.mark.django_db
def test_plus_tags_and_capitals_do_not_get_around_the_limit(client, service, office):
    Office.objects.filter(pk=office.pk).update(max_active_bookings=2)
    slots = [make_slot(office, days_ahead(3, hour)) for hour in (9, 10, 11)]
    assert reserve_via_http(client, service, slots[0], email="erika@example.org").status_code == 302
    assert (
        reserve_via_http(client, service, slots[1], email="Erika+1@example.org").status_code == 302
    )

    response = reserve_via_http(client, service, slots[2], email="erika+zwei@EXAMPLE.org")

    assert response.status_code == 409
    assert "2 aktive Termine" in response.content.decode()
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_another_person_at_the_same_provider_is_not_counted(client, service, office):
    Office.objects.filter(pk=office.pk).update(max_active_bookings=1)
    first, second, third = (make_slot(office, days_ahead(3, hour)) for hour in (9, 10, 11))
    assert reserve_via_http(client, service, first, email="erika@example.org").status_code == 302

    assert reserve_via_http(client, service, second, email="erik@example.org").status_code == 302
    assert reserve_via_http(client, service, third, email="e.rika@example.org").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_reservations_at_the_same_moment_cannot_pass_the_limit_together(service, office, settings):
    settings.APPOINTMENTS_RESERVE_RATE = 1000
    limit, people = 3, 10
    Office.objects.filter(pk=office.pk).update(max_active_bookings=limit)
    slots = [make_slot(office, days_ahead(4, 8 + n)) for n in range(people)]
    payloads = [
        {**DETAILS, "email": f"erika+{n}@example.org", "reserve": "1", "pow": solved_challenge()}
        for n in range(people)
    ]
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(people)
    serial = threading.Lock()
    statuses: list[int] = []

    def book(slot, payload: dict) -> None:
        from django.db import connections

        url = f"/termine/leistung/{service.pk}/termin/{slot.pk}/"
        try:
            if parallel:
                barrier.wait()
                statuses.append(Client().post(url, payload).status_code)
            else:
                with serial:
                    statuses.append(Client().post(url, payload).status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book, args=pair) for pair in zip(slots, payloads, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] * limit + [409] * (people - limit)
    assert Booking.objects.count() == limit
