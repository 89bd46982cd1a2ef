"""Reports hide a comment after the page's threshold and tell the organisation."""

import pytest
from django.core import mail
from django.urls import reverse

from dialogues.models import CommentStatus, Flag, ModerationAction, ModerationLog
from tests.conftest import make_user
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def report(client, user, comment, reason: str = "insult"):
    client.force_login(user)
    return client.post(
        reverse("dialogues:flag", args=[comment.pk]), {"reason": reason, "explanation": ""}
    )


def test_a_report_is_recorded_once_per_person(client, citizen, neighbour, dialogue):
    comment = make_comment(dialogue, neighbour, "Grenzwertig")
    assert report(client, citizen, comment).status_code == 302
    report(client, citizen, comment, "spam")
    comment.refresh_from_db()
    assert comment.flag_count == 1
    assert Flag.objects.get().reason == "insult"
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.needs_review
    assert "Sie haben diesen Beitrag gemeldet." in client.get(dialogue.url).content.decode()


def test_a_report_needs_a_reason(client, citizen, neighbour, dialogue):
    comment = make_comment(dialogue, neighbour)
    client.force_login(citizen)
    response = client.post(reverse("dialogues:flag", args=[comment.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Grund." in response.content.decode()
    assert not Flag.objects.exists()


def test_the_third_report_hides_the_comment_and_mails_the_organisation(
    client, neighbour, dialogue, organisation, django_capture_on_commit_callbacks
):
    organisation.email = "moderation@musterstadt.example"
    organisation.save()
    comment = make_comment(dialogue, neighbour, "Beleidigender Text")
    reporters = [make_user(f"melder{i}@example.org") for i in range(3)]
    for reporter in reporters[:2]:
        report(client, reporter, comment)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        report(client, reporters[2], comment)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert ModerationLog.objects.get().action == ModerationAction.AUTO_HIDE
    assert [m.to for m in mail.outbox] == [["moderation@musterstadt.example"]]
    # The mail links to the comment in the queue instead of repeating it.
    assert f"/admin/kommentare/?filter=alle&kommentar={comment.pk}" in mail.outbox[0].body
    assert "Beleidigender Text" not in mail.outbox[0].body

    page = client.get(dialogue.url).content.decode()
    assert "Beleidigender Text" not in page
    assert "Dieser Beitrag wurde von der Moderation ausgeblendet." in page
    client.force_login(neighbour)
    own = client.get(dialogue.url).content.decode()
    assert "Beleidigender Text" in own
    assert "nach mehreren Meldungen ausgeblendet" in own


def test_the_threshold_is_a_setting_of_the_page(client, neighbour, citizen, dialogue):
    dialogue.flag_threshold = 1
    dialogue.save()
    comment = make_comment(dialogue, neighbour)
    report(client, citizen, comment)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN


def test_reporting_needs_a_login(client, neighbour, dialogue):
    comment = make_comment(dialogue, neighbour)
    response = client.post(reverse("dialogues:flag", args=[comment.pk]), {"reason": "spam"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert not Flag.objects.exists()


def test_authors_cannot_report_their_own_comment(citizen_client, citizen, dialogue):
    comment = make_comment(dialogue, citizen)
    citizen_client.post(reverse("dialogues:flag", args=[comment.pk]), {"reason": "spam"})
    assert not Flag.objects.exists()
