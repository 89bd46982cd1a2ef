"""The "My appointments" section on /konto/."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from appointments.models import Booking, BookingStatus
from beteiligung.models import User
from tests.appointments.conftest import days_ahead, make_slot


def book(user: User, service, office, n: int) -> Booking:
    slot = make_slot(office, days_ahead(3 + n))
    return Booking.objects.create(
        slot=slot,
        service=service,
        name="Clara Bürger",
        email=user.email,
        user=user,
        status=BookingStatus.CONFIRMED,
        delete_after=slot.start.date(),
    )


def queries_for_account_page(client) -> int:
    client.get("/konto/")  # the first request of a session fills caches (site, session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/konto/").status_code == 200
    return len(queries)


def test_the_account_lists_bookings_with_office_service_and_a_cancel_link(
    client, citizen, service, office
):
    booking = book(citizen, service, office, 1)
    client.force_login(citizen)

    page = client.get("/konto/").content.decode()

    assert booking.reference in page
    assert service.name in page and office.name in page
    assert booking.manage_path() in page


def test_the_account_page_needs_no_more_queries_for_more_bookings(client, citizen, service, office):
    client.force_login(citizen)
    book(citizen, service, office, 1)
    with_one = queries_for_account_page(client)

    for n in range(2, 11):
        book(citizen, service, office, n)

    assert queries_for_account_page(client) == with_one
