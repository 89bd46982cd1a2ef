"""After a form is sent back with errors, the focus starts on the error summary."""

import pytest
from playwright.sync_api import expect

from tests.cms.conftest import make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_error_summary_gets_the_focus(page, home, organisation):
    procedure = make_procedure(home, organisation)
    page.goto(procedure.url)

    page.click("button:has-text('Stellungnahme prüfen')")

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Bitte korrigieren Sie")
