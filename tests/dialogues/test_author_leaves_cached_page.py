"""A visitor's cached dialogue page loses an author's name as soon as the account is
erased or deleted: both change the comments without a comment's post_save."""

import pytest
from django.test import Client

from dialogues import privacy
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_page(dialogue, neighbour):
    make_comment(dialogue, neighbour, text="Ein Brunnen wäre schön.")
    first, second = Client().get(dialogue.url), Client().get(dialogue.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert "Nora Nachbar" in second.content.decode()
    return dialogue


def test_an_erased_account_is_anonymous_on_the_next_visit(cached_page, neighbour):
    privacy.erase(neighbour)

    response = Client().get(cached_page.url)

    html = response.content.decode()
    assert response["X-Cache"] == "miss"
    assert "Nora Nachbar" not in html
    assert "Ein Brunnen wäre schön." in html
    assert "Anonym" in html


def test_a_deleted_user_is_anonymous_on_the_next_visit(cached_page, neighbour):
    neighbour.delete()

    response = Client().get(cached_page.url)

    assert response["X-Cache"] == "miss"
    assert "Nora Nachbar" not in response.content.decode()
