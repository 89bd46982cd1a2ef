"""Confirming or cancelling twice (a double click, a second tab, two clicks at once) answers
the same success page both times.

On PostgreSQL the concurrent clicks really run in parallel threads, released together by a
barrier; SQLite's in-memory test database allows one writer at a time, so there they run
one after another (see test_concurrency.py).
"""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from appointments import services
from appointments.models import Booking, BookingStatus
from tests.appointments.conftest import DETAILS

CONFIRMED = "Ihr Termin ist bestätigt."
CANCELLED = "Ihr Termin wurde abgesagt."


def reserve(slot, service) -> Booking:
    return services.reserve(slot=slot, service=service, **DETAILS)


def test_confirming_with_a_booking_loaded_before_the_first_confirmation_is_a_success(
    service, slot, django_capture_on_commit_callbacks
):
    booking = reserve(slot, service)
    loaded_by_the_second_click = Booking.objects.get(pk=booking.pk)

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(booking)
        again = services.confirm(loaded_by_the_second_click)

    assert again.status == BookingStatus.CONFIRMED
    assert len(mail.outbox) == 1  # one confirmation e-mail, not two


def test_a_second_click_on_the_confirmation_button_shows_the_same_success_page(
    client, service, slot
):
    booking = reserve(slot, service)

    first = client.post(booking.confirm_path(), follow=True)
    second = client.post(booking.confirm_path(), follow=True)

    for response in (first, second):
        assert response.status_code == 200
        assert CONFIRMED in response.content.decode()
        assert response.redirect_chain[-1][0] == booking.manage_path()


def test_a_second_click_on_cancel_shows_the_same_success_page(client, service, slot):
    booking = reserve(slot, service)
    services.confirm(booking)

    first = client.post(f"{booking.manage_path()}absagen/", follow=True)
    second = client.post(f"{booking.manage_path()}absagen/", follow=True)

    for response in (first, second):
        assert response.status_code == 200
        assert CANCELLED in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_two_confirmation_clicks_at_the_same_moment_both_succeed(service, slot):
    booking = reserve(slot, service)
    clicks = 4
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(clicks)
    serial = threading.Lock()
    statuses: list[int] = []

    def click() -> None:
        from django.db import connections

        try:
            if parallel:
                barrier.wait()
                statuses.append(Client().post(booking.confirm_path()).status_code)
            else:
                with serial:
                    statuses.append(Client().post(booking.confirm_path()).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * clicks
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
