"""A citizen books in a real browser: the proof of work runs in the page, axe finds no
barrier on any screen, and nothing is loaded from another host."""

import pytest

from appointments.models import Booking, BookingStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_citizen_books_in_the_browser_without_barriers(service, office, slot, page, axe_check):
    page.goto("/termine/")
    assert page.locator(".maps-frame").count() == 1
    axe_check(page)
    page.get_by_role("link", name="Führerschein beantragen: Bürgerbüro").click()
    local = slot.local_start()
    day = page.locator(f"a[href$='?tag={local:%Y-%m-%d}#zeiten']")
    if day.count() == 0:
        page.get_by_role("link", name="Nächster Monat").click()
    axe_check(page)
    day.click()
    page.locator("#times-heading:focus").wait_for()
    axe_check(page)
    page.get_by_role("link", name=f"{local:%H:%M} Uhr", exact=True).click()
    page.get_by_label("Name").fill("Erika Mustermann")
    page.get_by_label("E-Mail", exact=False).first.fill("erika@example.org")
    page.get_by_text("Prüfung fertig").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Termin reservieren").click()

    page.get_by_role("heading", name="Bitte bestätigen Sie Ihren Termin").wait_for()
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.RESERVED
    assert booking.reference in page.content()
    axe_check(page)
    assert page.foreign_requests == []
