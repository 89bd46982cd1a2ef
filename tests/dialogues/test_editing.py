"""Authors edit their comment within the window and delete it, leaving a placeholder."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Comment, CommentStatus
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def test_the_author_edits_within_the_window_and_the_comment_is_marked(
    citizen_client, citizen, dialogue
):
    comment = make_comment(dialogue, citizen, "Erster Endwurf")
    assert citizen_client.get(reverse("dialogues:edit", args=[comment.pk])).status_code == 200
    response = citizen_client.post(
        reverse("dialogues:edit", args=[comment.pk]), {"text": "Erster Entwurf"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Erster Entwurf"
    assert comment.edited_at is not None
    content = citizen_client.get(dialogue.url).content.decode()
    assert "Erster Entwurf" in content
    assert "bearbeitet" in content


def test_editing_after_the_window_is_refused(citizen_client, citizen, dialogue):
    comment = make_comment(dialogue, citizen, "Alt")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=dialogue.edit_window_minutes + 1)
    )
    response = citizen_client.post(reverse("dialogues:edit", args=[comment.pk]), {"text": "Neu"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Alt"
    assert comment.edited_at is None
    assert "/bearbeiten/" not in citizen_client.get(dialogue.url).content.decode()


def test_nobody_else_may_edit_a_comment(client, citizen, neighbour, moderator, dialogue):
    comment = make_comment(dialogue, citizen, "Meins")
    for user in (neighbour, moderator):
        client.force_login(user)
        response = client.post(reverse("dialogues:edit", args=[comment.pk]), {"text": "Deins"})
        assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Meins"


def test_an_edit_that_is_too_long_keeps_the_text(citizen_client, citizen, dialogue):
    comment = make_comment(dialogue, citizen, "Kurz")
    response = citizen_client.post(
        reverse("dialogues:edit", args=[comment.pk]), {"text": "z" * 2100}
    )
    assert response.status_code == 400
    assert "z" * 2100 in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Kurz"


def test_deleting_leaves_a_placeholder_that_keeps_the_thread(
    citizen_client, citizen, neighbour, dialogue
):
    comment = make_comment(dialogue, citizen, "Das nehme ich zurück")
    make_comment(dialogue, neighbour, "Eine Antwort darauf", parent=comment)
    response = citizen_client.post(reverse("dialogues:delete", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DELETED
    assert comment.text == ""
    content = citizen_client.get(dialogue.url).content.decode()
    assert "Dieser Beitrag wurde gelöscht." in content
    assert "Das nehme ich zurück" not in content
    assert "Eine Antwort darauf" in content


def test_a_deleted_reply_still_counts_on_its_parent(citizen_client, citizen, neighbour, dialogue):
    parent = make_comment(dialogue, neighbour, "Frage")
    reply = make_comment(dialogue, citizen, "Antwort", parent=parent)
    citizen_client.post(reverse("dialogues:delete", args=[reply.pk]))
    parent.refresh_from_db()
    assert parent.reply_count == 1


def test_only_the_author_may_delete(client, citizen, neighbour, moderator, dialogue):
    comment = make_comment(dialogue, citizen, "Bleibt")
    for user in (neighbour, moderator):
        client.force_login(user)
        assert client.post(reverse("dialogues:delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
