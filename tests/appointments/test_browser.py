"""A citizen books in a real browser: the proof of work runs in the page, axe finds no
barrier on any step, and nothing is loaded from another host."""

import pytest

from appointments.models import Booking, BookingStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_citizen_books_in_the_browser_without_barriers(service, office, slot, page, axe_check):
    page.goto("/termine/")
    axe_check(page)
    page.get_by_role("link", name="Führerschein beantragen").click()
    assert page.locator(".maps-frame").count() == 1
    axe_check(page)
    page.get_by_role("link", name="Tag wählen bei: Bürgerbüro").click()
    local = slot.local_start()
    if page.locator(f"a[href$='/{local:%Y-%m-%d}/']").count() == 0:
        page.get_by_role("link", name="Nächster Monat").click()
    axe_check(page)
    page.locator(f"a[href$='/{local:%Y-%m-%d}/']").click()
    axe_check(page)
    page.get_by_role("link", name=local.strftime("%H:%M")).click()
    axe_check(page)
    page.get_by_label("Name").fill("Erika Mustermann")
    page.get_by_label("E-Mail", exact=False).first.fill("erika@example.org")
    page.get_by_role("button", name="Weiter zur Übersicht").click()
    page.get_by_text("Prüfung abgeschlossen").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Termin buchen").click()

    page.get_by_role("heading", name="Bitte bestätigen Sie Ihren Termin").wait_for()
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.RESERVED
    assert booking.reference in page.content()
    axe_check(page)
    assert page.foreign_requests == []
