"""axe-core (WCAG 2.1 A and AA) finds no violation on any public page type or form state,
and no page asks another host for anything. The forms are sent the way a visitor sends
them: fields filled in (or left empty) and the button clicked."""

import pytest
from django.conf import settings
from django.test import Client

from tests.a11y.conftest import STATES, demo_citizen, state_id

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in(page, live_server) -> None:
    client = Client()
    client.force_login(demo_citizen())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def fill(form, name: str, value: str) -> None:
    fields = form.locator(f'[name="{name}"]')
    if fields.count() == 0:
        return
    kind = fields.first.evaluate("f => f.type || f.tagName.toLowerCase()")
    if kind in ("hidden", "submit"):
        return
    if kind == "radio":
        form.locator(f'[name="{name}"][value="{value}"]').check()
    elif kind == "checkbox":
        if value:
            fields.first.check()
    elif kind.startswith("select"):
        fields.first.select_option(value)
    else:
        fields.first.fill(value)


def send(page, state) -> None:
    form = page.locator(state.form).first
    for name, value in state.post().items():
        fill(form, name, value)
    with page.expect_navigation():
        form.locator(state.button).first.click()


@pytest.mark.parametrize("state", STATES, ids=state_id)
def test_the_page_has_no_barriers_and_no_foreign_requests(
    state, demo, page, live_server, axe_check
):
    if state.logged_in:
        log_in(page, live_server)
    if state.english:
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
        )

    response = page.goto(state.path())
    if state.post is not None:
        send(page, state)
    else:
        assert response.status == state.status

    assert state.expect in page.content()
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == ("en" if state.english else "de")
    axe_check(page)
    assert page.foreign_requests == []
