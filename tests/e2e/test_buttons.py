"""Every kind of button looks like its kind: primary, secondary, danger, link; none is left
with the browser's grey default. Also takes the screenshots of the changed states."""

import os
from pathlib import Path

import pytest

from dialogues.models import DialoguePage
from events import services
from events.models import EventPage
from tests.conftest import log_in_browser, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("BUTTON_SHOTS", "")) if os.environ.get("BUTTON_SHOTS") else None

STYLE = """(el) => {
    const s = getComputedStyle(el);
    return {background: s.backgroundColor, color: s.color, border: s.borderTopColor,
            borderWidth: s.borderTopWidth, borderStyle: s.borderTopStyle};
}"""

# Every <button> shown on the page, with what gives it away as the browser's default look.
NATIVE_BUTTONS = """() => [...document.querySelectorAll('button, input[type=submit]')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => {
        const s = getComputedStyle(el);
        const grey = ['rgb(239, 239, 239)', 'rgb(240, 240, 240)', 'rgb(221, 221, 221)'];
        return grey.includes(s.backgroundColor) || s.borderTopStyle === 'outset';
    })
    .map((el) => el.outerHTML)"""


def style(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(STYLE)


def shoot(page, name: str) -> None:
    if SHOTS is None:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def is_red(rgb: str) -> bool:
    red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return red > 150 and green < 60 and blue < 60


@pytest.fixture
def citizen_page(demo, page, live_server):
    log_in_browser(page, live_server, make_user("button-tester@example.org"))
    return page


def test_primary_secondary_danger_and_link_buttons_look_different(citizen_page, live_server):
    page = citizen_page
    dialogue = DialoguePage.objects.get(slug="marktplatz")
    page.goto(dialogue.url)

    primary = style(page, ".comment-form button[type=submit]")
    secondary = style(page, ".comments-follow button")
    toggle = style(page, ".comment-actions button.button-secondary")
    link = style(page, ".comment-actions a.button-link")
    assert page.evaluate(NATIVE_BUTTONS) == []
    shoot(page, "dialogue")

    event = EventPage.objects.get(slug="infoabend-regionalplan-darmstadt")
    registration = services.register(event, name="Anna Becker", email="anna@example.org")
    page.goto(registration.cancel_path())
    danger = style(page, "main button[type=submit]")
    assert page.evaluate(NATIVE_BUTTONS) == []
    shoot(page, "cancel-registration")

    assert primary["background"] != secondary["background"] != danger["background"]
    assert primary["background"] != danger["background"]
    assert secondary["background"] == "rgb(255, 255, 255)"
    assert secondary["borderWidth"] != "0px" and secondary["border"] == primary["background"]
    assert toggle["background"] == secondary["background"]
    assert is_red(danger["background"]) and danger["color"] == "rgb(255, 255, 255)"
    assert link["background"] == "rgba(0, 0, 0, 0)" and link["borderWidth"] == "0px"


def test_the_account_deletion_button_is_red(citizen_page):
    page = citizen_page
    page.goto("/konto/loeschen/")
    assert is_red(style(page, "main button[type=submit]")["background"])
    assert page.evaluate(NATIVE_BUTTONS) == []
    shoot(page, "account-delete")


def test_the_pressed_support_toggle_reads_unterstuetzt(citizen_page):
    page = citizen_page
    page.goto(DialoguePage.objects.get(slug="marktplatz").url)
    toggle = page.locator(".comment-actions button[aria-pressed=false]").first
    before = toggle.evaluate(STYLE)
    toggle.click()
    page.wait_for_load_state()

    pressed = page.locator(".comment-actions button[aria-pressed=true]").first
    assert pressed.inner_text().strip() == "Unterstützt"
    assert pressed.evaluate(STYLE)["background"] != before["background"]
    if SHOTS is not None:
        pressed.focus()
        pressed.locator("xpath=ancestor::article[1]").screenshot(path=str(SHOTS / "pressed.png"))
        page.locator("details.comment-more").first.evaluate("(el) => { el.open = true; }")
        thread = page.locator("details.comment-more").first.locator("xpath=ancestor::li[1]")
        thread.screenshot(path=str(SHOTS / "thread-unfolded.png"))


def test_the_event_page_shows_the_registration_instead_of_the_form(demo, page):
    event = EventPage.objects.get(slug="infoabend-regionalplan-darmstadt")
    page.goto(event.url)
    assert page.evaluate(NATIVE_BUTTONS) == []
    page.locator("#id_name").fill("Anna Becker")
    page.locator("#id_email").fill("anna@example.org")
    page.locator("#id_privacy").check()
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()

    state = page.locator("#meine-anmeldung")
    assert "Sie sind angemeldet" in state.inner_text()
    assert page.get_by_role("button", name="Anmelden").count() == 0
    assert page.evaluate(NATIVE_BUTTONS) == []
    shoot(page, "event-registered")
