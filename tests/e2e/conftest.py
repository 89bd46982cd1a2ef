"""Real browser tests: Debian's Chromium driven by Playwright, axe-core for accessibility.

``axe_check(page)`` is the reusable accessibility gate for every page type: it runs
axe-core (WCAG 2.0/2.1 A and AA rules) in the open page and fails with the violations.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests
# themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.foreign_requests = []

    def record(request) -> None:
        if not request.url.startswith((live_server.url, "data:", "blob:")):
            page.foreign_requests.append(request.url)

    page.on("request", record)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    axe = Axe()

    def check(page) -> None:
        results = axe.run(page, options=WCAG_AA)
        violations = results.response["violations"]
        assert violations == [], results.generate_report()

    return check
