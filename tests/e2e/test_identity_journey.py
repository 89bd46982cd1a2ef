"""BundID in Chromium, against the pysaml2 identity provider on loopback: a citizen with an
e-mail account links BundID on the account page (trust level substanziell), may then
submit a statement to a procedure that requires that level, unlinks BundID again and logs
out (single logout at the IdP); a visitor who signs in with a basic BundID login still sees
the procedure's requirement."""

import pytest
import requests
from playwright.sync_api import expect

from beteiligung.models import TrustLevel
from tests.cms.conftest import make_procedure
from tests.conftest import log_in_browser
from tests.identity.conftest import start_saml_idp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = (
    "Für diese Stellungnahme ist eine Anmeldung mit BundID (Vertrauensniveau substanziell) nötig."
)


@pytest.fixture
def idp(live_server, tmp_path):
    idp, override = start_saml_idp(
        tmp_path,
        lambda: requests.get(f"{live_server.url}/konto/saml/metadata/", timeout=10).content,
    )
    yield idp
    idp.stop()
    override.disable()


def bundid_at_level(page, level: str) -> None:
    """At the IdP: choose the trust level, sign in, continue to the portal."""
    page.wait_for_url("**/sso/redirect**")
    page.get_by_label("Vertrauensniveau").select_option(level)
    page.get_by_role("button", name="Mit Online-Ausweis anmelden").click()
    page.get_by_role("button", name="Weiter zum Portal").click()


def test_a_citizen_links_bundid_submits_at_the_required_level_and_unlinks(
    idp, page, live_server, home, organisation, citizen, axe_check
):
    procedure = make_procedure(home, organisation, statement_trust_level=TrustLevel.SUBSTANTIAL)
    log_in_browser(page, live_server, citizen)

    page.goto(procedure.url)
    notice = page.locator(".trust-level-notice")
    expect(notice).to_contain_text(NOTICE)
    expect(notice.get_by_role("link", name="Mit BundID anmelden")).to_be_visible()
    expect(page.locator("textarea[name=text]")).to_have_count(0)
    axe_check(page)

    page.goto("/konto/")
    page.get_by_role("link", name="Anmeldung mit BundID verknüpfen oder lösen").click()
    page.get_by_role("link", name="BundID verknüpfen").click()
    page.get_by_role("button", name="Weiter").click()  # allauth asks before it leaves
    bundid_at_level(page, "STORK-QAA-Level-3")
    page.wait_for_url("**/konto/3rdparty/**")
    assert citizen.socialaccount_set.get().uid == "bpk2-erika-0001"
    axe_check(page)

    page.goto(procedure.url)
    expect(page.locator(".trust-level-notice")).to_have_count(0)
    expect(page.locator("textarea[name=text]")).to_be_visible()

    page.goto("/konto/3rdparty/")
    page.locator("input[name=account]").check()
    page.get_by_role("button", name="Ausgewählten Dienst lösen").click()
    expect(page.locator("input[name=account]")).to_have_count(0)
    assert not citizen.socialaccount_set.exists()

    page.goto("/konto/")
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url(f"{live_server.url}/**")
    assert idp.logouts == ["bpk2-erika-0001"], "BundID wurde bei der Abmeldung nicht benachrichtigt"


def test_a_basic_bundid_login_does_not_open_a_procedure_that_needs_substanziell(
    idp, page, live_server, home, organisation
):
    procedure = make_procedure(home, organisation, statement_trust_level=TrustLevel.SUBSTANTIAL)
    idp.person = {"uid": "bpk2-neu-0002", "email": "neu@example.org"}
    page.goto(procedure.url)
    page.locator(".trust-level-notice").get_by_role("link", name="Mit BundID anmelden").click()
    page.get_by_role("button", name="Weiter").click()
    bundid_at_level(page, "STORK-QAA-Level-1")
    page.wait_for_url(f"**{procedure.url}")
    expect(page.locator(".trust-level-notice")).to_contain_text(NOTICE)
    # The browser went to the IdP and nowhere else.
    assert all(url.startswith(idp.base) for url in page.foreign_requests)
