"""Following in Chromium: a citizen follows a procedure from its page, finds it in "Meine
Abos", receives the alert when the participation phase begins, and unsubscribes from the
mail's link without being logged in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from alerts import services
from alerts.models import Subscription
from cms.procedures import PhaseKind
from tests.alerts.conftest import HOUR
from tests.cms.conftest import make_procedure
from tests.conftest import log_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_follows_a_procedure_gets_the_alert_and_unsubscribes_from_the_mail(
    page, live_server, home, organisation, citizen, settings, axe_check
):
    settings.SITE_URL = live_server.url
    procedure = make_procedure(home, organisation, stage=PhaseKind.INFORMATION)
    procedure.save_revision().publish()
    log_in_browser(page, live_server, citizen)

    page.goto(procedure.url)
    button = page.get_by_role("button", name="Diesem Verfahren folgen")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(page.get_by_text("Sie folgen „Bebauungsplan Mitte“")).to_be_visible()
    expect(page.get_by_role("button", name="Diesem Verfahren folgen")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.goto("/konto/")
    page.get_by_role("link", name="Meine Abos verwalten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Abos")
    expect(page.get_by_role("link", name="Bebauungsplan Mitte")).to_be_visible()
    axe_check(page)

    mail.outbox.clear()
    services.collect_and_dispatch(procedure.participation_phase().start + HOUR)
    [alert] = [m for m in mail.outbox if "hat begonnen" in m.subject]
    assert alert.to == [citizen.email]
    unsubscribe = re.search(r"Diese Benachrichtigungen abbestellen: (\S+)", alert.body).group(1)

    page.context.clear_cookies()
    page.goto(unsubscribe)
    page.get_by_role("button", name="Ja, abbestellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benachrichtigungen abbestellt")
    assert not Subscription.objects.filter(user=citizen).exists()
    assert page.foreign_requests == []
