"""Pages behind a view restriction (beteiligung.wagtail_hooks.view_restrictions): the page
cache and Wagtail's own check read the restrictions once, and what they decide is what
Wagtail decides: a password or a login is asked for, and such pages are never cached."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import ContentPage

pytestmark = pytest.mark.django_db


def content_page(parent, slug: str, title: str) -> ContentPage:
    page = ContentPage(title=title, slug=slug, intro=f"{title}: nur für Eingeweihte.")
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


def restriction_queries(captured) -> int:
    return sum("wagtailcore_pageviewrestriction" in query["sql"] for query in captured)


def test_an_open_page_reads_the_restrictions_once_and_is_cached(home):
    page = content_page(home, "offen", "Offene Seite")

    with CaptureQueriesContext(connection) as captured:
        first = Client().get(page.url)
    read = restriction_queries(captured)
    second = Client().get(page.url)

    assert read == 1
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert "Offene Seite" in second.content.decode()


def test_a_page_behind_a_password_asks_for_it_and_is_never_cached(home):
    page = content_page(home, "geheim", "Geheime Seite")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="Sesam"
    )

    first = Client().get(page.url)
    second = Client().get(page.url)

    assert second.status_code == 200
    assert "nur für Eingeweihte" not in second.content.decode()
    assert 'name="password"' in second.content.decode()
    assert first.get("X-Cache") != "hit" and second.get("X-Cache") != "hit"


def test_a_page_below_a_section_for_members_sends_visitors_to_the_login(home):
    section = content_page(home, "intern", "Interner Bereich")
    below = content_page(section, "protokoll", "Protokoll")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)

    response = Client().get(below.url)

    assert response.status_code == 302
    assert "login/?next=" in response["Location"]


def test_an_alias_of_a_restricted_page_is_restricted_like_its_source(home):
    source = content_page(home, "quelle", "Quelle")
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    alias = source.create_alias(update_slug="spiegel")

    response = Client().get(alias.url)

    assert response.status_code == 302
    assert "login/?next=" in response["Location"]
