"""Moderation in the Wagtail admin: queue, bulk actions, log, and who may do what."""

import pytest
from django.urls import reverse

from beteiligung.roles import Role
from dialogues.models import CommentStatus, ModerationAction, ModerationLog
from tests.conftest import make_staff
from tests.dialogues.conftest import make_comment, make_dialogue

pytestmark = pytest.mark.django_db

QUEUE = "dialogues_moderation:queue"


@pytest.fixture
def flagged(dialogue, neighbour, citizen):
    comment = make_comment(dialogue, neighbour, "Du bist doof")
    comment.flag(citizen, "insult")
    return comment


def test_the_moderator_sees_flagged_comments_of_the_organisation(
    client, moderator, flagged, home, other_organisation, neighbour, citizen
):
    elsewhere = make_dialogue(home, other_organisation, slug="anderswo")
    foreign = make_comment(elsewhere, neighbour, "Fremder Streit")
    foreign.flag(citizen, "spam")
    client.force_login(moderator)
    response = client.get(reverse(QUEUE))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Du bist doof" in content
    assert "Fremder Streit" not in content


@pytest.mark.parametrize("persona", ["citizen", "editor"])
def test_people_without_the_moderator_role_cannot_open_the_queue(client, request, persona, flagged):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(QUEUE))
    assert response.status_code in (302, 403)
    assert "Du bist doof" not in response.content.decode()


def test_a_moderator_of_another_organisation_sees_only_their_own_queue(
    client, other_moderator, flagged
):
    client.force_login(other_moderator)
    response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    assert "Du bist doof" not in response.content.decode()


def test_a_moderator_of_another_organisation_cannot_moderate(client, other_moderator, flagged):
    client.force_login(other_moderator)
    response = client.post(
        reverse(QUEUE), {"selected": [flagged.pk], "action": "hide", "reason": "Beleidigung"}
    )
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != reverse(QUEUE)
    flagged.refresh_from_db()
    assert flagged.status == CommentStatus.PUBLISHED
    assert not ModerationLog.objects.exists()


def test_a_moderator_hides_with_a_reason_the_author_can_read(
    client, moderator, flagged, neighbour, dialogue
):
    client.force_login(moderator)
    response = client.post(
        reverse(QUEUE),
        {"selected": [flagged.pk], "action": "hide", "reason": "Bitte bleiben Sie sachlich."},
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == CommentStatus.HIDDEN
    assert not flagged.needs_review
    entry = ModerationLog.objects.get()
    assert (entry.moderator, entry.action, entry.reason) == (
        moderator,
        ModerationAction.HIDE,
        "Bitte bleiben Sie sachlich.",
    )
    log = client.get(reverse("dialogues_moderation:log")).content.decode()
    assert "Bitte bleiben Sie sachlich." in log

    client.force_login(neighbour)
    own = client.get(dialogue.url).content.decode()
    assert "Begründung: Bitte bleiben Sie sachlich." in own


def test_hiding_needs_a_reason(client, moderator, flagged):
    client.force_login(moderator)
    response = client.post(reverse(QUEUE), {"selected": [flagged.pk], "action": "hide"})
    assert response.status_code == 200
    assert "Bitte geben Sie eine Begründung" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.status == CommentStatus.PUBLISHED


def test_bulk_approve_and_restore(client, moderator, dialogue, neighbour, citizen):
    dialogue.flag_threshold = 1
    dialogue.save()
    first = make_comment(dialogue, neighbour, "Eins")
    second = make_comment(dialogue, neighbour, "Zwei")
    for comment in (first, second):
        comment.flag(citizen, "spam", threshold=1)
    client.force_login(moderator)
    client.post(reverse(QUEUE), {"selected": [first.pk, second.pk], "action": "approve"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == CommentStatus.PUBLISHED
    assert not first.needs_review and not second.needs_review
    assert "Hier gibt es nichts zu tun." in client.get(reverse(QUEUE)).content.decode()

    client.post(reverse(QUEUE), {"selected": [first.pk], "action": "hide", "reason": "Spam"})
    hidden = client.get(reverse(QUEUE) + "?filter=ausgeblendet").content.decode()
    assert "Eins" in hidden
    client.post(reverse(QUEUE), {"selected": [first.pk], "action": "restore"})
    first.refresh_from_db()
    assert first.status == CommentStatus.PUBLISHED
    assert first.hidden_reason == ""
    assert ModerationLog.objects.filter(action=ModerationAction.RESTORE).count() == 1


def test_pre_moderated_comments_wait_for_approval(
    client, citizen, neighbour, moderator, dialogue, django_capture_on_commit_callbacks
):
    dialogue.moderation = "pre"
    dialogue.save()
    client.force_login(citizen)
    response = client.post(reverse("dialogues:post", args=[dialogue.pk]), {"text": "Vorab"})
    assert response.status_code == 302
    comment = citizen.dialogue_comments.get()
    assert comment.status == CommentStatus.PENDING
    assert "Nur Sie sehen diesen Beitrag" in client.get(dialogue.url).content.decode()
    client.force_login(neighbour)
    assert "Vorab" not in client.get(dialogue.url).content.decode()

    client.force_login(moderator)
    assert "Vorab" in client.get(reverse(QUEUE)).content.decode()
    client.post(reverse(QUEUE), {"selected": [comment.pk], "action": "approve"})
    client.force_login(neighbour)
    assert "Vorab" in client.get(dialogue.url).content.decode()


def test_staff_of_the_organisation_skip_pre_moderation(client, editor, dialogue):
    dialogue.moderation = "pre"
    dialogue.save()
    client.force_login(editor)
    client.post(reverse("dialogues:post", args=[dialogue.pk]), {"text": "Von der Stadt"})
    assert editor.dialogue_comments.get().status == CommentStatus.PUBLISHED


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("citizen", False), ("moderator", True), ("editor", True), ("other_moderator", False)],
)
def test_official_answers_are_for_staff_of_the_organisation(
    client, request, persona, allowed, dialogue
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    form = client.get(reverse("dialogues:post", args=[dialogue.pk])).content.decode()
    assert ("offizielle Antwort" in form) is allowed
    client.post(
        reverse("dialogues:post", args=[dialogue.pk]), {"text": "Antwort", "official": "on"}
    )
    comment = user.dialogue_comments.get()
    assert comment.official is allowed
    page = client.get(dialogue.url).content.decode()
    assert ("Offizielle Antwort der Verwaltung</span>" in page) is allowed


def test_a_planner_of_the_organisation_cannot_moderate(client, organisation, flagged):
    planner = make_staff(organisation, Role.PLANNER)
    client.force_login(planner)
    response = client.post(reverse(QUEUE), {"selected": [flagged.pk], "action": "approve"})
    assert response.status_code in (302, 403)
    flagged.refresh_from_db()
    assert flagged.needs_review
