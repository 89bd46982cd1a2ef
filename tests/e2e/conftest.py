"""Helpers for the journeys: log in through the real forms (with a TOTP code computed from
the authenticator's secret), and move through a page with the keyboard only."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from playwright.sync_api import Error as PlaywrightError

PASSWORD = "secret-pass-123"  # what tests.conftest.make_user sets


def add_totp(user) -> str:
    """Give the user a TOTP authenticator as the setup page would; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238, allauth's own HOTP function).
    allauth accepts only the current period (no tolerance), so like a person who sees the
    code about to change, wait for the next one when less than 3 seconds are left."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def log_in(page, email: str, totp_secret: str | None = None, next_url: str = "/admin/") -> None:
    """Log in through the portal's login form, then the second factor when a secret is given."""
    page.goto(f"/konto/login/?next={next_url}")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    if totp_secret is not None:
        page.wait_for_url("**/2fa/authenticate/**")
        page.locator("input[name=code]").fill(totp_code(totp_secret))
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.wait_for_url(f"**{next_url}**")


def log_in_staff(page, user, next_url: str = "/admin/") -> None:
    """A staff member with an authenticator (as ``log_in`` with a secret needs), logged in
    by session cookie and sent to ``next_url``: for journeys whose subject is what comes
    after the login. The form login costs 2-3 s in the browser; every role keeps it in its
    keyboard journey (tests/e2e/test_staff_journeys.py, keyboard_log_in) and
    tests/core/test_accounts.py tests the login itself."""
    from django.conf import settings
    from django.test import Client

    add_totp(user)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": page.live_server_url}]
    )
    page.goto(next_url)
    page.wait_for_url(f"**{next_url}**")


FOCUS_VISIBLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || !el.matches(':focus-visible')) return false;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
}"""


def focused_matches(page, selector: str) -> bool:
    try:
        return page.evaluate(
            "(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector
        )
    except PlaywrightError as error:
        # The page was still navigating (a slow machine: Wagtail's edit page after a save);
        # wait until it has loaded, then go on tabbing from its start, as a person would.
        if "Execution context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        return False


def tab_to(page, selector: str, max_tabs: int = 60, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the focused element matches the CSS selector; fail
    after max_tabs. The element reached must show a visible focus indicator."""
    for _ in range(max_tabs):
        page.keyboard.press(key)
        if focused_matches(page, selector):
            assert page.evaluate(FOCUS_VISIBLE), f"focus on {selector} is not visible"
            return
    here = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(f"{selector} not reached after {max_tabs} × {key}; focus on {here}")


def keyboard_log_in(page, email: str, totp_secret: str, next_url: str = "/admin/") -> None:
    """The same login with the keyboard only: tab into each field, type, press Enter."""
    page.goto(f"/konto/login/?next={next_url}")
    tab_to(page, "input[name=login]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/2fa/authenticate/**")
    tab_to(page, "input[name=code]")
    page.keyboard.type(totp_code(totp_secret))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{next_url}**")
