"""Staff journeys in Chromium: each staff member logs in through the portal login with a
real TOTP code, does their job in the Wagtail admin, and the public site and the database
show the result. Each main path runs a second time with the keyboard only."""

import pytest

from appointments import services
from appointments.models import Booking, BookingStatus
from beteiligung.roles import Role
from tests.appointments.conftest import DETAILS, days_ahead, make_office, make_slot
from tests.conftest import make_staff
from tests.e2e.conftest import add_totp, keyboard_log_in, log_in, tab_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, tmp_path):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path


# Appointment clerk ----------------------------------------------------------------------


@pytest.fixture
def booked_day(organisation):
    """A confirmed booking today at an office of the organisation."""
    from appointments.models import Service

    office = make_office(organisation)
    service = Service.objects.create(
        organisation=organisation, name="Personalausweis beantragen", duration_minutes=15
    )
    service.offices.add(office)
    slot = make_slot(office, days_ahead(1, hour=9))
    booking = services.confirm(services.reserve(slot=slot, service=service, **DETAILS))
    return office, slot, booking


def day_plan_url(office, slot) -> str:
    return f"/admin/termine/{office.pk}/?tag={slot.local_start().date().isoformat()}"


def status_cell(row):
    return row.locator("td").nth(5)


def test_a_clerk_marks_an_appointment_attended_in_the_day_plan(page, organisation, booked_day):
    office, slot, booking = booked_day
    clerk = make_staff(organisation, Role.CLERK)
    log_in(page, clerk.email, add_totp(clerk))

    page.get_by_role("link", name="Terminplan").first.click()
    page.get_by_role("link", name=office.name).click()
    page.get_by_role("link", name="Nächster Tag").click()  # the booking is tomorrow
    row = page.locator("tr", has_text=booking.reference)
    assert status_cell(row).inner_text() == "bestätigt"
    row.get_by_role("button", name="Erschienen", exact=True).click()

    page.get_by_text(f"Buchung {booking.reference} aktualisiert").wait_for()
    assert status_cell(page.locator("tr", has_text=booking.reference)).inner_text() == "erschienen"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED


def test_a_clerk_marks_attended_with_the_keyboard_only(page, organisation, booked_day):
    office, slot, booking = booked_day
    clerk = make_staff(organisation, Role.CLERK)
    keyboard_log_in(page, clerk.email, add_totp(clerk), next_url=day_plan_url(office, slot))

    tab_to(page, f"form[action$='/buchung/{booking.pk}/'] button[value=attended]", max_tabs=80)
    page.keyboard.press("Enter")

    page.get_by_text(f"Buchung {booking.reference} aktualisiert").wait_for()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ATTENDED
