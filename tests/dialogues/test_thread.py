"""The thread of any page: constant queries, and the include other page types use."""

import pytest
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_threads(page, people, count: int) -> None:
    for n in range(count):
        root = make_comment(page, people[n % 3], f"Thema {n}")
        reply = make_comment(page, people[(n + 1) % 3], f"Antwort {n}", parent=root)
        make_comment(page, people[(n + 2) % 3], f"Rückfrage {n}", parent=reply)
        root.toggle_support(people[(n + 1) % 3])


def test_the_query_count_does_not_grow_with_the_comments(citizen_client, citizen, dialogue):
    people = [citizen, make_user("b@example.org"), make_user("c@example.org")]
    add_threads(dialogue, people, 2)
    citizen_client.get(dialogue.url)  # fills Wagtail's site and content type caches
    few = queries_for(citizen_client, dialogue.url)
    add_threads(dialogue, people, 30)
    many = queries_for(citizen_client, dialogue.url)
    assert many == few


def test_other_page_types_include_comments_with_the_template_tag(citizen, home, dialogue):
    make_comment(home, citizen, "Kommentar zur Startseite")
    request = RequestFactory().get("/")
    request.user = citizen
    template = engines["django"].from_string("{% load dialogue_tags %}{% comments_for page %}")
    html = template.render({"page": home, "request": request}, request)
    assert "Kommentar zur Startseite" in html
    assert "1 Beitrag" in html
    assert f'action="/kommentare/seite/{home.pk}/neu/"' in html
