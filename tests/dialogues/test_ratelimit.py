"""Posting is limited per account and per IP address."""

import pytest
from django.urls import reverse

from dialogues.models import Comment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_sixth_comment_within_a_minute_is_refused_and_kept(citizen_client, dialogue):
    url = reverse("dialogues:post", args=[dialogue.pk])
    for i in range(5):
        assert citizen_client.post(url, {"text": f"Beitrag {i}"}).status_code == 302
    response = citizen_client.post(url, {"text": "Noch einer"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Bitte warten Sie eine Minute." in content
    assert "Noch einer" in content
    assert Comment.objects.count() == 5


def test_many_accounts_from_one_address_are_limited(client, dialogue, settings):
    settings.DIALOGUES_RATE_LIMIT = (5, 3, 60)
    url = reverse("dialogues:post", args=[dialogue.pk])
    statuses = []
    for i in range(4):
        client.force_login(make_user(f"konto{i}@example.org"))
        statuses.append(client.post(url, {"text": f"Hallo {i}"}).status_code)
    assert statuses == [302, 302, 302, 429]


def test_another_address_is_counted_apart(client, dialogue, settings):
    settings.DIALOGUES_RATE_LIMIT = (5, 1, 60)
    url = reverse("dialogues:post", args=[dialogue.pk])
    client.force_login(make_user("a@example.org"))
    assert client.post(url, {"text": "Eins"}, REMOTE_ADDR="10.0.0.1").status_code == 302
    client.force_login(make_user("b@example.org"))
    assert client.post(url, {"text": "Zwei"}, REMOTE_ADDR="10.0.0.2").status_code == 302
