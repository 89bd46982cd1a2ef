"""Builders for the dialogue tests: a dialogue of the organisation, its staff, comments."""

import pytest
from django.core.cache import cache

from beteiligung.roles import Role
from dialogues.models import Comment, DialoguePage
from dialogues.services import post_comment
from tests.conftest import make_staff, make_user


def make_dialogue(home, organisation, slug: str = "marktplatz", **fields) -> DialoguePage:
    page = DialoguePage(
        title="Marktplatz",
        slug=slug,
        question="Wie soll der Marktplatz künftig genutzt werden?",
        organisation=organisation,
        **fields,
    )
    home.add_child(instance=page)
    return page


def make_comment(page, author, text: str = "Mehr Bäume bitte.", parent=None, **kw) -> Comment:
    return post_comment(page=page, author=author, text=text, parent=parent, **kw)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limit lives in the cache; every test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dialogue(home, organisation) -> DialoguePage:
    return make_dialogue(home, organisation)


@pytest.fixture
def moderator(organisation):
    return make_staff(organisation, Role.MODERATOR)


@pytest.fixture
def editor(organisation):
    return make_staff(organisation, Role.EDITOR)


@pytest.fixture
def other_moderator(other_organisation):
    return make_staff(other_organisation, Role.MODERATOR)


@pytest.fixture
def neighbour(db):
    return make_user("nachbar@example.org", display_name="Nora Nachbar")


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client
