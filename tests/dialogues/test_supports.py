"""One support per person and comment, toggled, counted on the comment."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Support
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def test_supporting_twice_takes_the_support_back(citizen_client, citizen, neighbour, dialogue):
    comment = make_comment(dialogue, neighbour)
    url = reverse("dialogues:support", args=[comment.pk])

    assert citizen_client.post(url).status_code == 302
    comment.refresh_from_db()
    assert comment.support_count == 1
    content = citizen_client.get(dialogue.url).content.decode()
    assert "1 Unterstützung" in content
    assert 'aria-pressed="true"' in content

    citizen_client.post(url)
    comment.refresh_from_db()
    assert comment.support_count == 0
    assert not Support.objects.exists()


def test_supports_of_several_people_add_up(client, citizen, neighbour, moderator, dialogue):
    comment = make_comment(dialogue, neighbour)
    for user in (citizen, moderator):
        client.force_login(user)
        client.post(reverse("dialogues:support", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.support_count == 2
    assert "2 Unterstützungen" in client.get(dialogue.url).content.decode()


def test_authors_cannot_support_their_own_comment(citizen_client, citizen, dialogue):
    comment = make_comment(dialogue, citizen)
    citizen_client.post(reverse("dialogues:support", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.support_count == 0


def test_supports_need_a_login_and_an_open_dialogue(client, citizen, neighbour, dialogue):
    comment = make_comment(dialogue, neighbour)
    response = client.post(reverse("dialogues:support", args=[comment.pk]))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]

    dialogue.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    dialogue.save()
    client.force_login(citizen)
    assert client.post(reverse("dialogues:support", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.support_count == 0


def test_supporting_needs_post(citizen_client, neighbour, dialogue):
    comment = make_comment(dialogue, neighbour)
    assert citizen_client.get(reverse("dialogues:support", args=[comment.pk])).status_code == 405
