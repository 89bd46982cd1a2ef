"""Each reply stores its place in its thread (Comment.thread_position) and each thread the
number of its placed replies (thread_replies), so that the dialogue page finds the first
replies with one indexed filter. The numbers stay exact whatever happens to a reply."""

import datetime

import pytest
from django.utils import timezone

from dialogues.models import (
    THREAD_STATUSES,
    Comment,
    CommentStatus,
    ModerationAction,
    number_threads,
)
from dialogues.thread import THREAD_REPLIES
from tests.dialogues.conftest import make_comment, make_dialogue

pytestmark = pytest.mark.django_db


def places(root: Comment) -> list[tuple[str, int | None]]:
    replies = Comment.objects.filter(root=root).order_by("created_at", "pk")
    return [(reply.text, reply.thread_position) for reply in replies]


def assert_numbered(root: Comment) -> None:
    """The stored places are 1, 2, 3 … over the replies everybody sees, in the order they
    were written, and the thread's count matches."""
    replies = Comment.objects.filter(root=root).order_by("created_at", "pk")
    placed = [reply.thread_position for reply in replies if reply.status in THREAD_STATUSES]
    assert placed == list(range(1, len(placed) + 1))
    assert all(r.thread_position is None for r in replies if r.status not in THREAD_STATUSES)
    root.refresh_from_db()
    assert root.thread_replies == len(placed)


def test_replies_are_numbered_in_the_order_they_were_written(dialogue, citizen, neighbour):
    root = make_comment(dialogue, citizen, text="Wurzel")
    first = make_comment(dialogue, neighbour, text="Erste", parent=root)
    make_comment(dialogue, citizen, text="Zweite", parent=root)
    make_comment(dialogue, neighbour, text="Antwort auf die erste", parent=first)

    assert places(root) == [("Erste", 1), ("Zweite", 2), ("Antwort auf die erste", 3)]
    assert_numbered(root)


def test_a_hidden_reply_and_a_deleted_one_keep_their_places(
    dialogue, citizen, neighbour, moderator
):
    root = make_comment(dialogue, citizen, text="Wurzel")
    hidden = make_comment(dialogue, neighbour, text="Erste", parent=root)
    deleted = make_comment(dialogue, citizen, text="Zweite", parent=root)
    make_comment(dialogue, neighbour, text="Dritte", parent=root)

    hidden.moderate(moderator, ModerationAction.HIDE, "Beleidigung")
    deleted.delete_by_author()

    assert places(root) == [("Erste", 1), ("", 2), ("Dritte", 3)]
    assert_numbered(root)


def test_approving_an_earlier_pending_reply_moves_the_later_ones_down(
    home, organisation, citizen, neighbour, moderator
):
    dialogue = make_dialogue(home, organisation, slug="vorab", moderation="pre")
    root = make_comment(dialogue, moderator, text="Wurzel")
    waiting = make_comment(dialogue, citizen, text="Wartet", parent=root)
    later = make_comment(dialogue, moderator, text="Später", parent=root)

    assert places(root) == [("Wartet", None), ("Später", 1)]
    waiting.moderate(moderator, ModerationAction.APPROVE)

    assert places(root) == [("Wartet", 1), ("Später", 2)]
    later.refresh_from_db()
    assert later.thread_position == 2
    assert_numbered(root)


def test_a_reply_removed_from_the_table_moves_the_later_ones_up(dialogue, citizen, neighbour):
    root = make_comment(dialogue, citizen, text="Wurzel")
    replies = [make_comment(dialogue, neighbour, text=f"Nr. {n}", parent=root) for n in range(4)]

    replies[1].delete()

    assert places(root) == [("Nr. 0", 1), ("Nr. 2", 2), ("Nr. 3", 3)]
    assert_numbered(root)


def test_a_reply_moved_to_another_thread_is_numbered_in_both(dialogue, citizen, neighbour):
    old_root = make_comment(dialogue, citizen, text="Alt")
    new_root = make_comment(dialogue, citizen, text="Neu")
    moved = make_comment(dialogue, neighbour, text="Verschoben", parent=old_root)
    make_comment(dialogue, neighbour, text="Bleibt", parent=old_root)
    make_comment(dialogue, neighbour, text="Schon da", parent=new_root)
    # Written before "Schon da": in the new thread it comes first.
    moved.created_at = timezone.now() - datetime.timedelta(days=1)

    moved.parent = moved.root = new_root
    moved.save()

    assert places(old_root) == [("Bleibt", 1)]
    assert places(new_root) == [("Verschoben", 1), ("Schon da", 2)]
    assert_numbered(old_root)
    assert_numbered(new_root)


def test_saving_an_old_copy_of_a_reply_does_not_put_back_its_old_place(
    home, organisation, citizen, moderator
):
    dialogue = make_dialogue(home, organisation, slug="vorab", moderation="pre")
    root = make_comment(dialogue, moderator, text="Wurzel")
    waiting = make_comment(dialogue, citizen, text="Wartet", parent=root)
    later = make_comment(dialogue, moderator, text="Später", parent=root)
    copy = Comment.objects.get(pk=later.pk)  # read while "Später" is first

    waiting.moderate(moderator, ModerationAction.APPROVE)
    copy.hidden_reason = "Test"
    copy.save()

    assert places(root) == [("Wartet", 1), ("Später", 2)]
    assert_numbered(root)


def test_replies_written_in_bulk_get_their_places_from_number_threads(dialogue, citizen):
    root = make_comment(dialogue, citizen, text="Wurzel")
    now = timezone.now()
    Comment.objects.bulk_create(
        [
            Comment(
                page=dialogue,
                parent=root,
                root=root,
                depth=2,
                author=citizen,
                text=f"Nr. {n}",
                status=CommentStatus.PENDING if n == 1 else CommentStatus.PUBLISHED,
                created_at=now + datetime.timedelta(minutes=n),
            )
            for n in range(3)
        ]
    )

    number_threads(Comment.objects.filter(page=dialogue))

    assert places(root) == [("Nr. 0", 1), ("Nr. 1", None), ("Nr. 2", 2)]
    assert_numbered(root)


def test_an_approved_reply_appears_among_the_first_replies_of_its_thread(
    client, home, organisation, citizen, moderator
):
    dialogue = make_dialogue(home, organisation, slug="vorab", moderation="pre")
    root = make_comment(dialogue, moderator, text="Wurzel")
    waiting = make_comment(dialogue, citizen, text="Die wartende Antwort", parent=root)
    for n in range(THREAD_REPLIES):
        make_comment(dialogue, moderator, text=f"Antwort der Stadt {n}", parent=root)
    last = f"Antwort der Stadt {THREAD_REPLIES - 1}<"

    before = client.get(dialogue.url).content.decode()
    waiting.moderate(moderator, ModerationAction.APPROVE)
    after = client.get(dialogue.url).content.decode()

    assert "Die wartende Antwort" not in before and last in before
    assert "Die wartende Antwort" in after and last not in after
    assert "Ganze Diskussion lesen (1 weitere Antwort)" in after
