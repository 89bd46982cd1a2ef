"""The demo adds offices, services, slots and some bookings, and a second run changes nothing."""

from appointments import demo
from appointments.models import Booking, Office, Service, Slot
from beteiligung.models import Organisation


def test_the_demo_is_complete_and_idempotent(db, client):
    Organisation.objects.create(name="Landkreis Marburg-Biedenkopf", slug="marburg-biedenkopf")

    demo.seed()
    counts = (Office.objects.count(), Service.objects.count(), Slot.objects.count())
    bookings = Booking.objects.count()
    demo.seed()

    assert counts[:2] == (2, 4)
    assert counts[2] > 1000
    assert 5 <= bookings <= 10
    assert (Office.objects.count(), Service.objects.count(), Slot.objects.count()) == counts
    assert Booking.objects.count() == bookings
    page = client.get("/termine/").content.decode()
    assert "Fahrzeug zulassen" in page
    assert "Landkreis Marburg-Biedenkopf" in page
