"""The page tree, the demo pages, search, the API and the accessibility feedback form."""

from django.core import mail
from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from beteiligung.models import AccessibilityFeedback
from cms.models import AccessibilityPage, ContentPage, HomePage


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_content_pages_go_below_the_home_page_or_each_other(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_there_is_one_accessibility_statement_below_the_home_page(self):
        self.assertAllowedParentPageTypes(AccessibilityPage, {HomePage})
        self.assertAllowedSubpageTypes(AccessibilityPage, set())


def test_every_demo_page_renders(client, demo):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert pages.count() >= 5
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.content.decode().count("<h1") == 1, page.url


def test_seed_demo_is_idempotent(demo):
    counts = (Page.objects.count(), AccessibilityFeedback.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), AccessibilityFeedback.objects.count()) == counts


def test_footer_links_the_legal_pages(client, demo):
    page = client.get("/").content.decode()
    for path in ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/"]:
        assert f'href="{path}"' in page


def test_interface_is_german_by_default_and_english_on_request(client, demo):
    german = client.get("/")
    assert german["Content-Language"] == "de"
    assert "Zum Inhalt springen" in german.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/")
    assert english["Content-Language"] == "en"
    assert "Skip to content" in english.content.decode()


def test_browser_language_does_not_override_german(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "de"


def test_search_finds_a_page_by_its_content(client, demo):
    response = client.get("/suche/", {"q": "Datenschutzerklärung"})
    assert response.status_code == 200
    assert 'href="/datenschutz/"' in response.content.decode()


def test_api_lists_pages_with_type_and_url(client, demo):
    data = client.get("/api/v2/pages/", {"type": "cms.ContentPage", "fields": "intro"}).json()
    titles = {item["title"]: item for item in data["items"]}
    assert "Impressum" in titles
    assert titles["Impressum"]["meta"]["type"] == "cms.ContentPage"
    assert titles["Impressum"]["meta"]["html_url"].endswith("/impressum/")
    assert client.get("/api/v2/documents/").status_code == 200
    assert client.get("/api/v2/images/").status_code == 200


def test_accessibility_feedback_reaches_staff(
    client, demo, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/barrierefreiheit/",
            {
                "message": "Der Kontrast der Karte ist zu gering.",
                "page_url": "/meldungen/",
                "email": "a@example.org",
            },
        )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.delete_after > feedback.created_at.date()
    assert mail.outbox[0].to == [settings.STAFF_NOTIFICATION_EMAIL]
    assert "Kontrast der Karte" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["Reply-To"] == "a@example.org"


def test_accessibility_feedback_without_message_keeps_what_was_typed(client, demo):
    response = client.post("/barrierefreiheit/", {"message": "", "page_url": "/termine/"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dieses Feld muss ausgefüllt werden." in page
    assert 'value="/termine/"' in page
    assert not AccessibilityFeedback.objects.exists()


def test_honeypot_rejects_bots(client, demo):
    response = client.post(
        "/barrierefreiheit/", {"message": "Spam", "website": "http://spam.example"}
    )
    assert response.status_code == 200
    assert not AccessibilityFeedback.objects.exists()


def test_public_pages_send_a_strict_content_security_policy(client, demo):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
