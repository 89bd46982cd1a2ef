"""Every staff view demands the second factor, wherever its URL lives.

The URL resolver is walked for every view marked ``@staff_view`` (beteiligung.roles); with
``STAFF_REQUIRE_MFA`` on, a staff member without TOTP is sent to the TOTP setup by each of
them, and with TOTP they get through. Views that serve citizens and staff alike (survey
results, posting a comment) check the role with ``has_role``, which refuses staff without
a second factor: those are tested with real data below.
"""

import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter

from beteiligung.converters import IdConverter
from beteiligung.roles import Role, is_staff_view
from dialogues.models import Comment
from surveys.models import ResultsVisibility
from tests.conftest import make_staff, make_user
from tests.dialogues.conftest import make_dialogue
from tests.surveys.conftest import SIMPLE, make_survey

SETUP = "/konto/2fa/totp/activate/"


def staff_patterns(patterns=None, namespace: str = ""):
    """(full URL name, pattern) for every view marked as a staff view."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from staff_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and is_staff_view(entry.callback):
            yield f"{namespace}{entry.name}", entry


def sample_url(name: str, pattern: URLPattern) -> str:
    """A URL of the pattern with made-up values: the gate comes before any lookup."""
    kwargs = {}
    for key, converter in pattern.pattern.converters.items():
        if isinstance(converter, IntConverter | IdConverter):
            kwargs[key] = 999_999
        elif isinstance(converter, UUIDConverter):
            kwargs[key] = uuid.uuid4()
        elif isinstance(converter, SlugConverter):
            kwargs[key] = "frage"
        else:
            kwargs[key] = "csv"
    return reverse(name, kwargs=kwargs)


STAFF_VIEWS = sorted(staff_patterns(), key=lambda item: item[0])


def add_totp(user) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.fixture
def require_mfa(settings):
    settings.STAFF_REQUIRE_MFA = True


@pytest.fixture
def administrator(db):
    return make_user("admin@beteiligung.example", is_staff=True, is_superuser=True)


def test_the_staff_views_found_include_the_survey_exports_and_every_admin_screen():
    names = {name for name, _pattern in STAFF_VIEWS}
    assert {"surveys:export_csv", "surveys:export_xlsx", "surveys:text_answers"} <= names
    assert {
        "cms_weighing:table",
        "maps_planner:export",
        "maps_admin:triage",
        "appointments_admin:day_plan",
        "events_admin:registrations",
        "dialogues_moderation:queue",
    } <= names
    assert len(names) > 30


@pytest.mark.parametrize(("name", "pattern"), STAFF_VIEWS, ids=[n for n, _p in STAFF_VIEWS])
def test_each_staff_view_sends_staff_without_a_second_factor_to_the_totp_setup(
    client, administrator, require_mfa, name, pattern
):
    client.force_login(administrator)
    url = sample_url(name, pattern)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302, url
        assert response["Location"] == SETUP


@pytest.mark.parametrize(("name", "pattern"), STAFF_VIEWS, ids=[n for n, _p in STAFF_VIEWS])
def test_each_staff_view_lets_staff_with_a_second_factor_through(
    client, administrator, require_mfa, name, pattern
):
    add_totp(administrator)
    client.force_login(administrator)
    url = sample_url(name, pattern)

    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    # The made-up ids find nothing (404) or the screen answers; never the gate or a refusal.
    assert response.status_code in (200, 302, 404), url
    assert response.get("Location", "") not in (SETUP, "/konto/login/")
    assert not response.get("Location", "").startswith("/konto/login/")


@pytest.fixture
def survey(home, organisation):
    return make_survey(home, organisation, SIMPLE, results_visibility=ResultsVisibility.STAFF)


def test_a_planner_without_a_second_factor_cannot_download_the_survey_exports(
    client, survey, organisation, require_mfa
):
    client.force_login(make_staff(organisation, Role.PLANNER))

    for url in (f"/umfragen/{survey.pk}/export.csv", f"/umfragen/{survey.pk}/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == SETUP


def test_a_planner_with_a_second_factor_downloads_the_survey_exports(
    client, survey, organisation, require_mfa
):
    planner = make_staff(organisation, Role.PLANNER)
    add_totp(planner)
    client.force_login(planner)

    response = client.get(f"/umfragen/{survey.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_staff_only_results_stay_closed_to_a_planner_without_a_second_factor(
    client, survey, organisation, require_mfa
):
    planner = make_staff(organisation, Role.PLANNER)
    client.force_login(planner)
    assert client.get(f"/umfragen/{survey.pk}/ergebnisse/").status_code == 403

    add_totp(planner)
    assert client.get(f"/umfragen/{survey.pk}/ergebnisse/").status_code == 200


@pytest.fixture
def dialogue(home, organisation):
    return make_dialogue(home, organisation)


def test_a_moderator_without_a_second_factor_cannot_post_an_official_answer(
    client, dialogue, organisation, require_mfa
):
    moderator = make_staff(organisation, Role.MODERATOR)
    client.force_login(moderator)

    client.post(
        f"/kommentare/seite/{dialogue.pk}/neu/", {"text": "Wir prüfen das.", "official": "on"}
    )

    comment = Comment.objects.get(author=moderator)
    assert comment.official is False


def test_a_moderator_with_a_second_factor_posts_an_official_answer(
    client, dialogue, organisation, require_mfa
):
    moderator = make_staff(organisation, Role.MODERATOR)
    add_totp(moderator)
    client.force_login(moderator)

    client.post(
        f"/kommentare/seite/{dialogue.pk}/neu/", {"text": "Wir prüfen das.", "official": "on"}
    )

    assert Comment.objects.get(author=moderator).official is True


def test_without_the_setting_staff_need_no_second_factor(client, survey, organisation, settings):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(make_staff(organisation, Role.PLANNER))
    assert client.get(f"/umfragen/{survey.pk}/export.csv").status_code == 200
