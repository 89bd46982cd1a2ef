"""A citizen's whole journey in Chromium, as one visit: sign up and confirm the e-mail,
a statement with a map point, a comment, a survey, an event registration, an appointment
booked and cancelled, an incident report with a photo, the data download, and the deletion
of the account — which anonymises what was contributed instead of deleting it."""

import io
import json
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from appointments.models import Booking, BookingStatus, Service
from beteiligung.models import User
from cms.procedures import Statement
from dialogues.models import Comment
from events.models import EventIndexPage, Registration
from maps.models import Report, ReportPhoto
from surveys.models import SurveySubmission
from tests.appointments.conftest import days_ahead, make_office, make_slot
from tests.dialogues.conftest import make_dialogue
from tests.e2e.conftest import tab_to
from tests.events.conftest import make_event
from tests.maps.conftest import make_category, make_feedback_procedure
from tests.surveys.conftest import SIMPLE, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "lena.neu@example.org"
PASSWORD = "Sonnenblume-Radweg-2026"


@pytest.fixture
def portal(home, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.APPOINTMENTS_POW_MAX_NUMBER = 2000
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    office = make_office(organisation, name="Bürgerbüro Mitte", min_notice_hours=0)
    service = Service.objects.create(organisation=organisation, name="Personalausweis")
    service.offices.add(office)
    return {
        "procedure": make_feedback_procedure(home, organisation),
        "dialogue": make_dialogue(home, organisation),
        "survey": make_survey(
            home, organisation, SIMPLE, slug="mobilitaet", thank_you_text="Danke fürs Mitmachen!"
        ),
        "event": make_event(index, organisation, registration_enabled=True, capacity=20),
        "service": service,
        "slot": make_slot(office, days_ahead(3)),
        "category": make_category(organisation, name="Schlagloch"),
    }


def last_link(pattern: str) -> str:
    body = mail.outbox[-1].body
    return re.search(pattern, body).group(0)


def photo(tmp_path) -> str:
    path = tmp_path / "schlagloch.jpg"
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 110, 100)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def send(page) -> None:
    """Press Enter on the focused field or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_up_and_confirm(page) -> User:
    page.goto("/konto/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form:has(input[name=password2]) button[type=submit]").click()
    page.wait_for_url("**/confirm-email/**")
    page.goto(re.sub(r"^https?://[^/]+", "", last_link(r"https?://\S+/konto/confirm-email/\S+/")))
    page.locator("form[action*='confirm-email'] button[type=submit]").click()
    return User.objects.get(email=EMAIL)


def test_a_citizen_takes_part_everywhere_then_downloads_the_data_and_leaves(
    page, portal, axe_check, tmp_path
):
    user = sign_up_and_confirm(page)
    assert user.emailaddress_set.get().verified
    axe_check(page)
    page.goto("/konto/login/?next=/konto/")
    if "/konto/login/" in page.url:
        page.fill("input[name=login]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/konto/")

    # A statement with a point on the map.
    procedure = portal["procedure"]
    page.goto(procedure.url)
    axe_check(page)
    page.locator("#procedure-map .folium-map").click()  # the centre lies inside the area
    page.fill("#id_text", "Der Radweg an der Schule fehlt im Plan.")
    page.fill("#id_name", "Lena Neu")
    page.check("#id_consent")
    page.click("button:has-text('Stellungnahme prüfen')")
    page.click("button:has-text('Stellungnahme abgeben')")
    page.wait_for_url(re.compile(r"/eingang/"))
    statement = Statement.objects.get(user=user)
    assert statement.latitude is not None and procedure.contains_point(
        statement.latitude, statement.longitude
    )
    axe_check(page)

    # A comment in the dialogue.
    page.goto(portal["dialogue"].url)
    page.fill("form.comment-form textarea[name=text]", "Mehr Bänke am Marktplatz, bitte.")
    page.locator("form.comment-form button[type=submit]").click()
    expect(page.get_by_text("Mehr Bänke am Marktplatz, bitte.")).to_be_visible()
    assert Comment.objects.get(author=user).text == "Mehr Bänke am Marktplatz, bitte."
    axe_check(page)

    # A survey.
    page.goto(portal["survey"].url)
    page.get_by_label("Rad", exact=True).check()
    page.click("button[value=weiter]")
    expect(page.get_by_text("Danke fürs Mitmachen!")).to_be_visible()
    assert SurveySubmission.objects.count() == 1
    axe_check(page)

    # An event registration.
    page.goto(portal["event"].url)
    page.fill("form[action='#anmeldung'] input[name=name]", "Lena Neu")
    page.fill("form[action='#anmeldung'] input[name=email]", EMAIL)
    page.check("form[action='#anmeldung'] input[name=privacy]")
    page.locator("form[action='#anmeldung'] button[type=submit]").click()
    registration = Registration.objects.get()
    assert registration.user == user
    axe_check(page)

    # An appointment, booked at once (the account has verified the address), then cancelled.
    slot = portal["slot"]
    local = slot.local_start()
    page.goto(f"/termine/leistung/{portal['service'].pk}/termin/{slot.pk}/")
    axe_check(page)
    page.fill("input[name=name]", "Lena Neu")
    page.fill("input[name=email]", EMAIL)
    page.get_by_text("Prüfung fertig").wait_for()
    page.get_by_role("button", name="Termin buchen").click()
    page.get_by_role("heading", name="Ihr Termin ist gebucht").wait_for()
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED and booking.user == user
    page.goto(booking.manage_path())
    assert local.strftime("%H:%M") in page.content()
    axe_check(page)
    page.get_by_role("button", name="Termin absagen").click()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    axe_check(page)

    # An incident report with a photo.
    page.goto("/meldungen/neu/")
    axe_check(page)
    page.select_option("#id_category", str(portal["category"].pk))
    page.fill("#id_lat", "50.082600")
    page.fill("#id_lon", "8.240000")
    page.fill("#id_description", "Tiefes Schlagloch vor der Schule")
    page.set_input_files("#id_photos", photo(tmp_path))
    if page.locator("#id_consent").count():
        page.check("#id_consent")
    page.locator("form.maps-report-form button[type=submit]").click()
    page.get_by_text("Ihre Meldung wurde veröffentlicht").wait_for()
    report = Report.objects.get()
    assert report.user == user and ReportPhoto.objects.filter(report=report).count() == 1
    axe_check(page)

    # The data download, readable and as JSON.
    page.goto("/konto/meine-daten/")
    for text in ["Der Radweg an der Schule fehlt im Plan.", "Mehr Bänke am Marktplatz",
                 "Tiefes Schlagloch vor der Schule", "Personalausweis"]:  # fmt: skip
        assert text in page.content()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Als JSON herunterladen").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["account"]["email"] == EMAIL
    assert data["statements"]["records"] and data["reports"]["records"]
    assert "Der Radweg an der Schule fehlt im Plan." in json.dumps(data, ensure_ascii=False)

    # The account goes; the public contributions stay without a name.
    page.goto("/konto/loeschen/")
    axe_check(page)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Mein Konto endgültig löschen").click()
    page.wait_for_load_state()
    axe_check(page)
    assert not User.objects.filter(email=EMAIL).exists()
    assert Statement.objects.get().user is None
    assert Comment.objects.get(text="Mehr Bänke am Marktplatz, bitte.").author is None
    assert Report.objects.get().user is None
    assert page.foreign_requests == []


def test_the_same_journey_works_with_the_keyboard_only(page, portal):
    """Pages are opened by address; on each page only Tab, typing, Space and Enter are
    used. The statement and the report are in tests/a11y/test_keyboard.py."""
    page.goto("/konto/signup/")
    for name, value in [("email", EMAIL), ("password1", PASSWORD), ("password2", PASSWORD)]:
        tab_to(page, f"input[name={name}]")
        page.keyboard.type(value)
    send(page)
    page.wait_for_url("**/confirm-email/**")
    page.goto(re.sub(r"^https?://[^/]+", "", last_link(r"https?://\S+/konto/confirm-email/\S+/")))
    tab_to(page, "form[action*='confirm-email'] button[type=submit]")
    send(page)
    page.goto("/konto/login/?next=/konto/")
    if "/konto/login/" in page.url:
        tab_to(page, "input[name=login]")
        page.keyboard.type(EMAIL)
        tab_to(page, "input[name=password]")
        page.keyboard.type(PASSWORD)
        send(page)
    page.wait_for_url("**/konto/")
    user = User.objects.get(email=EMAIL)

    page.goto(portal["dialogue"].url)
    tab_to(page, "form.comment-form textarea[name=text]", max_tabs=120)
    page.keyboard.type("Mit der Tastatur geschrieben.")
    tab_to(page, "form.comment-form button[type=submit]")
    send(page)
    expect(page.get_by_text("Mit der Tastatur geschrieben.")).to_be_visible()

    page.goto(portal["survey"].url)
    tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # from "Bus" to "Rad"
    tab_to(page, "button[value=weiter]")
    send(page)
    expect(page.get_by_text("Danke fürs Mitmachen!")).to_be_visible()
    assert SurveySubmission.objects.get().form_data["verkehrsmittel"] == "Rad"

    page.goto(portal["event"].url)
    for name, value in [("name", "Lena Neu"), ("email", EMAIL)]:
        tab_to(page, f"form[action='#anmeldung'] input[name={name}]", max_tabs=120)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    tab_to(page, "form[action='#anmeldung'] input[name=privacy]")
    page.keyboard.press("Space")
    tab_to(page, "form[action='#anmeldung'] button[type=submit]")
    send(page)
    assert Registration.objects.get().user == user

    slot = portal["slot"]
    page.goto(f"/termine/leistung/{portal['service'].pk}/termin/{slot.pk}/")
    for name, value in [("name", "Lena Neu"), ("email", EMAIL)]:
        tab_to(page, f"input[name={name}]")
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    page.get_by_text("Prüfung fertig").wait_for()
    tab_to(page, "button[name=reserve]")
    send(page)
    page.get_by_role("heading", name="Ihr Termin ist gebucht").wait_for()
    tab_to(page, "form[action$='/absagen/'] button")
    send(page)
    page.wait_for_load_state()
    assert Booking.objects.get().status == BookingStatus.CANCELLED

    page.goto("/konto/meine-daten/")
    tab_to(page, "a[href='?format=json']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert json.loads(open(download.value.path(), encoding="utf-8").read())["events"]["records"]  # noqa: SIM115

    page.goto("/konto/loeschen/")
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    send(page)
    page.wait_for_load_state()
    assert not User.objects.filter(email=EMAIL).exists()
    assert Comment.objects.get().author is None
    assert page.foreign_requests == []
