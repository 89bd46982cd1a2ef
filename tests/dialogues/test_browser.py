"""In Chromium: the live character counter, and no barrier axe can find on a dialogue."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.dialogues.conftest import make_comment, make_dialogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def dialogue_with_thread(home, organisation, citizen, neighbour):
    dialogue = make_dialogue(home, organisation)
    first = make_comment(dialogue, neighbour, "Mehr Bäume, siehe https://example.org/baeume")
    make_comment(dialogue, citizen, "Gute Idee", parent=first)
    return dialogue


def test_the_counter_follows_the_typing(
    page,
    live_server,
    citizen,
    dialogue_with_thread,
    axe_check,
):
    client = Client()
    client.force_login(citizen)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(dialogue_with_thread.url)
    counter = page.locator("#id_text_counter")
    assert counter.inner_text() == "Noch 2000 von 2000 Zeichen übrig"
    page.locator("#id_text").fill("Hallo")
    expect(counter).to_have_text("Noch 1995 von 2000 Zeichen übrig")
    page.locator("#id_text").fill("x" * 2005)
    expect(counter).to_have_text("5 Zeichen zu viel")
    assert "id_text_counter" in page.locator("#id_text").get_attribute("aria-describedby")
    axe_check(page)
    assert page.foreign_requests == []


def test_the_dialogue_has_no_barriers_for_visitors(
    page,
    dialogue_with_thread,
    axe_check,
):
    page.goto(dialogue_with_thread.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Marktplatz"
    axe_check(page)
