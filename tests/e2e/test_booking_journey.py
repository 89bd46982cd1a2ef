"""From /termine/ to a reservation in at most four screens and six clicks, for an anonymous
citizen (who then confirms by e-mail) and a logged-in one with a verified address (booked at
once). Page loads are counted from the browser's load events, clicks by the journey itself;
typing is not a click. The journey runs at 390 px: no screen scrolls sideways."""

import datetime

import pytest
from django.core import mail

from appointments.models import Booking, BookingStatus, Service
from tests.appointments.conftest import days_ahead, make_office, make_slot
from tests.conftest import log_in_browser, make_organisation, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

MAX_SCREENS = 4
MAX_CLICKS = 6
WEEKDAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
FULL_WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


class Journey:
    def __init__(self, page) -> None:
        self.page = page
        self.loads = 0
        self.clicks = 0
        page.on("load", self._loaded)

    def _loaded(self, _page) -> None:
        self.loads += 1

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def check_screen(self, step: int) -> None:
        """The step bar marks this step, and the screen fits 390 px."""
        page = self.page
        page.wait_for_load_state()
        current = page.locator(".booking-steps li[aria-current=step]")
        assert current.count() == 1
        assert current.locator(".booking-step-number").inner_text() == str(step)
        boxes = [item.bounding_box() for item in page.locator(".booking-steps li").all()]
        assert all(a["x"] + a["width"] <= b["x"] for a, b in zip(boxes, boxes[1:], strict=False))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def booking_office(settings):
    settings.APPOINTMENTS_POW_MAX_NUMBER = 50
    organisation = make_organisation("Landkreis Marburg-Biedenkopf")
    office = make_office(organisation, "Bürgerbüro Marburg", phone="06421 123")
    for name in ("Führerschein beantragen", "Fahrzeug zulassen"):
        Service.objects.create(organisation=organisation, name=name).offices.add(office)
    first = make_slot(office, days_ahead(3, 9))
    later = make_slot(office, days_ahead(6, 11, 30))
    return office, first, later


def book(journey: Journey, later) -> None:
    """Screens 1–3: service and office, day and time; the details are left to the caller."""
    page = journey.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/termine/")
    journey.check_screen(1)
    page.get_by_label("Anliegen suchen").fill("führer")
    page.get_by_text("1 Anliegen gefunden").wait_for()
    assert not page.get_by_role("heading", name="Fahrzeug zulassen").is_visible()
    journey.click(page.get_by_role("link", name="Führerschein beantragen: Bürgerbüro Marburg"))

    journey.check_screen(2)
    heads = page.locator(".booking-calendar thead th")
    assert heads.locator("span[aria-hidden=true]").all_inner_texts() == WEEKDAYS
    assert heads.locator(".visually-hidden").all_text_contents() == FULL_WEEKDAYS
    local = later.local_start()
    day = page.locator(f"a[href$='?tag={local:%Y-%m-%d}#zeiten']")
    if day.count() == 0:
        journey.click(page.get_by_role("link", name="Nächster Monat"))
        page.locator("#month-heading:focus").wait_for()
    journey.click(day)
    heading = page.locator("#times-heading:focus")
    heading.wait_for()
    assert f"{local.day}." in heading.inner_text()
    journey.click(page.get_by_role("link", name=f"{local:%H:%M} Uhr", exact=True))

    journey.check_screen(3)
    changes = page.locator(".booking-chosen a").all_text_contents()
    assert changes == ["Ändern: Anliegen", "Ändern: Dienststelle", "Ändern: Tag und Uhrzeit"]
    page.get_by_text("Prüfung fertig").wait_for()


def test_an_anonymous_citizen_reserves_in_four_screens(page, booking_office):
    _office, _first, later = booking_office
    journey = Journey(page)

    book(journey, later)
    page.get_by_label("Name").fill("Erika Mustermann")
    page.get_by_label("E-Mail").fill("erika@example.org")
    journey.click(page.get_by_role("button", name="Termin reservieren"))

    page.get_by_role("heading", name="Bitte bestätigen Sie Ihren Termin").wait_for()
    journey.check_screen(4)
    booking = Booking.objects.get()
    assert booking.slot == later and booking.status == BookingStatus.RESERVED
    assert booking.reference in page.content()
    assert booking.token not in page.content()
    assert booking.confirm_url() in mail.outbox[-1].body
    assert journey.loads <= MAX_SCREENS
    assert journey.clicks <= MAX_CLICKS
    assert page.foreign_requests == []


def test_a_logged_in_citizen_is_booked_in_four_screens_without_an_email_round_trip(
    page, live_server, booking_office
):
    _office, _first, later = booking_office
    user = make_user("clara@example.org", first_name="Clara", last_name="Bürger")
    log_in_browser(page, live_server, user)
    journey = Journey(page)

    book(journey, later)
    assert page.get_by_label("Name").input_value() == "Clara Bürger"
    assert page.get_by_label("E-Mail").input_value() == "clara@example.org"
    journey.click(page.get_by_role("button", name="Termin buchen"))

    page.get_by_role("heading", name="Ihr Termin ist gebucht").wait_for()
    journey.check_screen(4)
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED and booking.user == user
    assert booking.confirmed_at > booking.created_at - datetime.timedelta(seconds=1)
    assert booking.reference in page.content()
    assert journey.loads <= MAX_SCREENS
    assert journey.clicks <= MAX_CLICKS
    assert page.foreign_requests == []
