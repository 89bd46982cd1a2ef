"""A public agency's journey in Chromium: staff invite it, its coordinator accepts the mailed
link and invites a clerk, the clerk drafts, the coordinator releases, and the statement
arrives in the weighing table as the agency's, which then no longer counts as silent."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from beteiligung.roles import Role
from tests.cms.agency_builders import make_agency
from tests.cms.conftest import make_procedure
from tests.conftest import make_staff, make_user
from tests.e2e.conftest import log_in, log_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "Eine Anbindung des Baugebiets an die B 42 wird nicht zugelassen <b>(§ 9 FStrG)</b>."


@pytest.fixture(autouse=True)
def _staff_need_two_factors(settings, tmp_path, page):
    settings.STAFF_REQUIRE_MFA = True
    settings.MEDIA_ROOT = tmp_path
    page.set_default_timeout(10_000)


def link_in_last_mail(to: str, part: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [to])
    url = next(word for word in message.body.split() if part in word)
    return "/" + url.split("/", 3)[3]


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_an_agency_is_invited_drafts_co_signs_and_its_statement_reaches_the_weighing(
    page, browser, live_server, home, organisation, axe_check
):
    procedure = make_procedure(home, organisation, title="Regionalplan Südhessen 2026")
    make_agency("Hessen Mobil", "poststelle@hessen-mobil.example")
    planner = make_staff(organisation, Role.PLANNER)
    log_in_staff(page, planner)
    agencies_url = f"/admin/traeger/{procedure.pk}/"

    # Staff invite the agency; the deadline proposed is the end of the participation phase.
    page.goto(agencies_url)
    page.get_by_label("Hessen Mobil").check()
    expect(page.get_by_label("Frist", exact=True)).not_to_have_value("")
    page.get_by_role("button", name="Einladungen senden").click()
    expect(page.get_by_text("Einladung gesendet an: Hessen Mobil.")).to_be_visible()
    silent = page.locator("section", has=page.get_by_role("heading", name="Träger ohne"))
    expect(silent).to_contain_text("Hessen Mobil")
    expect(silent).to_contain_text("Einladung noch nicht angenommen")

    # The coordinator reads the invitation mail and accepts with the link in it.
    invitation_link = link_in_last_mail("poststelle@hessen-mobil.example", "/einladung/")
    coordinator = make_user("lorenz@hessen-mobil.example", first_name="Petra", last_name="Lorenz")
    agency_page = new_page(browser, live_server)
    agency_page.goto(invitation_link)
    expect(agency_page.get_by_role("link", name="Konto anlegen")).to_be_visible()
    axe_check(agency_page)
    log_in(agency_page, coordinator.email, next_url=invitation_link)
    agency_page.get_by_role("button", name="Einladung annehmen").click()
    expect(agency_page.get_by_text("Rolle: Koordination")).to_be_visible()

    # ... and invites a clerk colleague.
    agency_page.get_by_role("link", name="Arbeitsbereich Träger öffentlicher Belange").click()
    agency_page.get_by_label("E-Mail-Adresse Ihrer Kollegin oder Ihres Kollegen").fill(
        "engel@hessen-mobil.example"
    )
    axe_check(agency_page)
    agency_page.get_by_role("button", name="Einladung senden").click()
    expect(agency_page.get_by_text("Wir haben eine Einladung an engel@")).to_be_visible()

    # The clerk joins with the mailed link and drafts the statement.
    colleague_link = link_in_last_mail("engel@hessen-mobil.example", "/kollegium/")
    clerk = make_user("engel@hessen-mobil.example", first_name="Tobias", last_name="Engel")
    clerk_page = new_page(browser, live_server)
    log_in(clerk_page, clerk.email, next_url=colleague_link)
    clerk_page.get_by_role("button", name="Einladung annehmen").click()
    clerk_page.get_by_role("link", name="Regionalplan Südhessen 2026").click()
    clerk_page.get_by_role("link", name="Neue Stellungnahme entwerfen").click()
    clerk_page.get_by_label("Stellungnahme des Trägers").fill(STATEMENT)
    # The point is set on the small map of the planning area, as in the citizens' form.
    clerk_page.locator(".statement-point-map .folium-map").click()
    expect(clerk_page.locator("#point-status")).to_contain_text("Punkt gesetzt: Breitengrad")
    assert clerk_page.input_value("#id_latitude") and clerk_page.input_value("#id_longitude")
    axe_check(clerk_page)
    clerk_page.get_by_role("button", name="Entwurf speichern").click()
    expect(clerk_page.get_by_text("Entwurf – noch nicht eingereicht")).to_be_visible()
    expect(clerk_page.get_by_role("button", name="Freigeben und einreichen")).to_have_count(0)
    expect(clerk_page.locator(".kept-text")).to_contain_text("<b>(§ 9 FStrG)</b>")

    # The coordinator reviews and releases it: co-signed by both.
    agency_page.goto("/konto/traeger/")
    agency_page.get_by_role("link", name="Regionalplan Südhessen 2026").click()
    agency_page.get_by_role("link", name=re.compile("Eine Anbindung des Baugebiets")).click()
    expect(agency_page.get_by_text("Tobias Engel")).to_be_visible()
    agency_page.get_by_role("button", name="Freigeben und einreichen").click()
    expect(agency_page.get_by_text("Vorgangsnummer: ST-")).to_be_visible()
    expect(agency_page.get_by_text("Petra Lorenz")).to_be_visible()
    axe_check(agency_page)

    # The statement is in the weighing table as the agency's.
    statement = procedure.statements.get()
    page.goto(f"/admin/abwaegung/{procedure.pk}/")
    page.get_by_role("link", name=statement.reference).click()
    expect(page.get_by_text("Träger öffentlicher Belange: Hessen Mobil")).to_be_visible()
    expect(page.get_by_text(STATEMENT).first).to_be_visible()

    # ... and the list of agencies without an answer no longer names it.
    page.goto(agencies_url)
    expect(silent).not_to_contain_text("Hessen Mobil")
    expect(silent).to_contain_text("Alle eingeladenen Träger haben eine Stellungnahme freigegeben.")
    assert page.foreign_requests == []
    agency_page.context.close()
    clerk_page.context.close()
