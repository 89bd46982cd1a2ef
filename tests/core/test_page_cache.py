"""Anonymous visitors get cached pages (beteiligung/page_cache.py): the same German page,
their own nonce and CSRF token, and a miss as soon as what the page shows has changed."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from cms.procedures import Phase, PhaseKind, ProcedureIndexPage, ProcedurePage
from dialogues.models import Comment, CommentStatus, DialoguePage
from dialogues.services import post_comment
from events.models import EventIndexPage, EventPage
from events.services import register
from maps.models import Report
from surveys.models import SurveyPage
from tests.conftest import make_user

NONCE = re.compile(r'<script nonce="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page_url(model) -> str:
    return model.objects.live().first().url


def visitor_pages() -> list[str]:
    return [
        "/",
        "/verfahren/",
        "/verfahren/regionalplan-suedhessen-2026/",
        page_url(DialoguePage),
        page_url(SurveyPage),
        "/veranstaltungen/",
        page_url(EventPage),
        "/impressum/",
        "/meldungen/",
    ]


def without_tokens(html: str) -> str:
    return CSRF.sub("", NONCE.sub("", html)).replace("nonce-", "")


def test_a_second_anonymous_request_is_a_hit_with_the_same_german_page(demo):
    for url in visitor_pages():
        first = Client().get(url)
        second = Client().get(url)

        assert (first.status_code, second.status_code) == (200, 200), url
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit"), url
        assert second["Content-Language"] == "de"
        assert '<html lang="de">' in second.content.decode()
        assert without_tokens(second.content.decode()) == without_tokens(first.content.decode())


def test_each_cached_response_has_its_own_nonce_matching_its_policy(demo):
    Client().get("/verfahren/regionalplan-suedhessen-2026/")
    nonces = set()
    for _ in range(2):
        response = Client().get("/verfahren/regionalplan-suedhessen-2026/")
        assert response["X-Cache"] == "hit"
        in_page = set(NONCE.findall(response.content.decode()))
        assert len(in_page) == 1, "Jedes Inline-Skript trägt die Nonce dieser Antwort"
        (nonce,) = in_page
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.add(nonce)
    assert len(nonces) == 2


def test_a_cached_page_without_a_form_sets_no_cookie_and_still_switches_the_language(demo):
    Client().get("/impressum/")
    visitor = Client(enforce_csrf_checks=True)

    response = visitor.get("/impressum/")
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/impressum/"})
    english = visitor.get("/impressum/")

    assert response["X-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies, "Eine Seite ohne Formular setzt kein Cookie"
    assert (switched.status_code, switched["Location"]) == (302, "/impressum/")
    assert english["Content-Language"] == "en"


def test_the_language_switch_never_leads_to_another_site(demo):
    switched = Client(enforce_csrf_checks=True).post(
        "/i18n/setlang/", {"language": "en", "next": "https://angreifer.example/"}
    )

    assert (switched.status_code, switched["Location"]) == (302, "/")


def test_a_cached_survey_takes_a_fresh_visitors_answers(demo):
    url = page_url(SurveyPage)
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(url)
    token = CSRF.findall(page.content.decode())[-1]
    answered = visitor.post(url, {"csrfmiddlewaretoken": token})

    assert page["X-Cache"] == "hit"
    assert answered.status_code != 403


def test_each_new_visitor_of_a_cached_form_gets_a_secret_of_their_own_that_django_accepts(demo):
    url = "/verfahren/regionalplan-suedhessen-2026/"
    Client().get(url)
    visitors = [Client(enforce_csrf_checks=True) for _ in range(3)]

    pages = [visitor.get(url) for visitor in visitors]
    secrets = {visitor.cookies["csrftoken"].value for visitor in visitors}
    tokens = [CSRF.findall(page.content.decode()) for page in pages]
    logins = [
        visitor.post(
            reverse("account_login"), {"login": "x@example.org", "csrfmiddlewaretoken": forms[0]}
        )
        for visitor, forms in zip(visitors, tokens, strict=True)
    ]

    assert [page["X-Cache"] for page in pages] == ["hit"] * 3
    assert len(secrets) == 3
    assert all(re.fullmatch("[A-Za-z0-9]{32}", secret) for secret in secrets)
    assert all(re.fullmatch("[A-Za-z0-9]{64}", token) for forms in tokens for token in forms)
    # The login form answers with its own errors, not with the CSRF refusal (403).
    assert [response.status_code for response in logins] == [200] * 3


def test_a_returning_visitor_keeps_their_secret_on_a_cached_form(demo):
    url = "/verfahren/regionalplan-suedhessen-2026/"
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(url)
    secret = visitor.cookies["csrftoken"].value

    again = visitor.get(url)
    token = CSRF.findall(again.content.decode())[0]
    answered = visitor.post(reverse("account_login"), {"csrfmiddlewaretoken": token})

    assert again["X-Cache"] == "hit"
    assert visitor.cookies["csrftoken"].value == secret
    assert answered.status_code == 200


def test_english_visitors_get_their_own_cached_page(demo):
    Client().get("/verfahren/")
    english = Client()
    english.cookies["django_language"] = "en"

    first, second = english.get("/verfahren/"), english.get("/verfahren/")

    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert '<html lang="en">' in second.content.decode()


def test_publishing_a_change_makes_the_next_request_a_miss_with_the_new_text(demo):
    imprint = Page.objects.get(url_path__endswith="/impressum/").specific
    Client().get("/impressum/")
    Client().get("/verfahren/")

    imprint.title = "Impressum (neu gefasst)"
    imprint.save_revision().publish()
    page, listing = Client().get("/impressum/"), Client().get("/verfahren/")

    assert page["X-Cache"] == "miss"
    assert "Impressum (neu gefasst)" in page.content.decode()
    assert listing["X-Cache"] == "miss", "Jede Veröffentlichung leert auch die Listen"


def test_a_new_procedure_appears_on_the_cached_index_at_once(demo):
    Client().get("/verfahren/")
    procedure = ProcedurePage.objects.live().first()
    index = ProcedureIndexPage.objects.first()

    new = ProcedurePage(
        title="Lärmaktionsplan Musterstadt",
        slug="laermaktionsplan",
        summary="Neu",
        organisation=procedure.organisation,
    )
    index.add_child(instance=new)
    new.save_revision().publish()

    response = Client().get("/verfahren/")
    assert response["X-Cache"] == "miss"
    assert "Lärmaktionsplan Musterstadt" in response.content.decode()


def test_a_new_approved_comment_makes_the_dialogue_and_the_pages_above_it_miss(demo):
    dialogue = DialoguePage.objects.live().first()
    procedure_url = dialogue.get_parent().url
    for url in (dialogue.url, procedure_url, "/veranstaltungen/"):
        Client().get(url)

    post_comment(page=dialogue, author=make_user("neu@example.org"), text="Ein Brunnen wäre schön.")
    Comment.objects.filter(text="Ein Brunnen wäre schön.").update(status=CommentStatus.PUBLISHED)
    Comment.objects.get(text="Ein Brunnen wäre schön.").save()

    response = Client().get(dialogue.url)
    assert response["X-Cache"] == "miss"
    assert "Ein Brunnen wäre schön." in response.content.decode()
    assert Client().get(procedure_url)["X-Cache"] == "miss"
    assert Client().get("/veranstaltungen/")["X-Cache"] == "hit", "Andere Seiten bleiben"


def test_a_new_report_makes_the_report_list_miss(demo):
    Client().get("/meldungen/")
    report = Report.objects.public().first()

    report.save()

    assert Client().get("/meldungen/")["X-Cache"] == "miss"


def test_a_phase_boundary_makes_the_next_request_a_miss_with_the_new_status(demo):
    procedure = ProcedurePage.objects.live().get(slug="regionalplan-suedhessen-2026")
    now = timezone.now()
    Phase.objects.filter(page=procedure).delete()
    Phase.objects.create(
        page=procedure,
        kind=PhaseKind.PARTICIPATION,
        title="Öffentliche Auslegung",
        start=now - datetime.timedelta(days=5),
        # Well within the entries' lifetime (PAGE_CACHE_SECONDS, 600 s).
        end=now + datetime.timedelta(minutes=1),
    )
    url = procedure.url
    before = Client().get(url)
    assert Client().get(url)["X-Cache"] == "hit"

    # The clock moves past the end (the cache's expiry reads it too) instead of the test
    # waiting for it.
    with time_machine.travel(now + datetime.timedelta(minutes=1, seconds=1), tick=True):
        after = Client().get(url)

    closed = "Stellungnahmen können nicht mehr abgegeben werden"
    assert closed not in before.content.decode()
    assert after["X-Cache"] == "miss", "Der Eintrag läuft mit dem Ende der Phase ab"
    assert closed in after.content.decode()


def test_a_logged_in_user_never_gets_a_cached_page_and_never_leaks_into_one(demo):
    Client().get("/verfahren/")
    person = make_user("anna@example.org", display_name="Anna Aufmerksam")
    client = Client()
    client.force_login(person)

    logged_in = client.get("/verfahren/")
    client.get("/verfahren/")
    client.logout()
    anonymous = client.get("/verfahren/")

    assert logged_in.get("X-Cache") != "hit"
    assert "Mein Konto" in logged_in.content.decode()
    assert "Mein Konto" not in anonymous.content.decode()
    assert "Anna" not in anonymous.content.decode()
    assert "Anmelden" in anonymous.content.decode()


def test_a_page_seen_by_a_logged_in_user_first_is_not_stored_for_visitors(demo):
    client = Client()
    client.force_login(make_user("anna@example.org"))
    client.get("/veranstaltungen/")

    assert Client().get("/veranstaltungen/")["X-Cache"] == "miss"


def test_pages_with_messages_and_posts_are_never_served_from_the_cache(demo):
    Client().get("/impressum/")
    with_messages = Client()
    with_messages.cookies["messages"] = "irgendwas"

    assert with_messages.get("/impressum/").get("X-Cache") != "hit"
    assert Client().post("/impressum/").get("X-Cache") != "hit"


def test_the_event_list_misses_after_a_registration(demo):
    event = (
        EventPage.objects.live()
        .filter(registration_enabled=True, cancelled=False, start__gt=timezone.now())
        .first()
    )
    index = EventIndexPage.objects.first()
    Client().get(index.url)

    register(event, name="Rita Gast", email="rita@example.org", persons=1)

    assert Client().get(index.url)["X-Cache"] == "miss"


def test_pages_are_served_uncached_while_redis_is_down(demo, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "beteiligung.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/15",
        }
    }
    responses = [Client().get("/verfahren/") for _ in range(2)]

    assert [r.status_code for r in responses] == [200, 200]
    assert [r["X-Cache"] for r in responses] == ["miss", "miss"]
    assert "Regionalplan Südhessen 2026" in responses[1].content.decode()


@pytest.mark.parametrize("url", ["/healthz/", "/konto/login/"])
def test_service_and_account_pages_are_never_cached(demo, url):
    Client().get(url)
    assert Client().get(url).get("X-Cache") != "hit"


def test_a_changed_footer_shows_on_the_next_request(demo):
    from cms.models import FooterSettings

    Client().get("/verfahren/")
    footer = FooterSettings.objects.get()
    footer.easy_language_page = None
    footer.save()

    response = Client().get("/verfahren/")
    assert response["X-Cache"] == "miss"
    assert "Leichte Sprache" not in response.content.decode().split("site-footer")[1]


def test_the_base_template_costs_at_most_two_queries(demo, rf, django_assert_max_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines

    empty = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>Leer</h1>{% endblock %}'
    )
    request = rf.get("/leer/")
    request.user = AnonymousUser()
    empty.render({}, request)  # the footer read once after a publication

    with django_assert_max_num_queries(2):
        html = empty.render({}, request)
    assert "Impressum" in html


def test_publishing_the_weighing_results_makes_the_procedure_page_a_miss(demo, settings):
    from beteiligung.demo import ADMIN_EMAIL
    from beteiligung.models import User

    settings.STAFF_REQUIRE_MFA = False
    procedure = ProcedurePage.objects.live().filter(statements__isnull=False).distinct().first()
    Client().get(procedure.url)
    assert Client().get(procedure.url)["X-Cache"] == "hit"
    planner = Client()
    planner.force_login(User.objects.get(email=ADMIN_EMAIL))

    response = planner.post(f"/admin/abwaegung/{procedure.pk}/veroeffentlichen/")

    assert response.status_code == 302
    assert Client().get(procedure.url)["X-Cache"] == "miss"
