"""Writes that touch several models or start notifications."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from beteiligung.queue import enqueue
from beteiligung.roles import Role, has_role
from dialogues.models import (
    MAX_DEPTH,
    Comment,
    CommentStatus,
    Follow,
    FollowKind,
    policy_for,
)

UNSUBSCRIBE_SALT = "dialogues.unsubscribe"


def organisation_of(page: Page):
    return getattr(page.specific, "organisation", None)


def can_answer_officially(user, page: Page) -> bool:
    return has_role(user, organisation_of(page), Role.MODERATOR, Role.EDITOR)


def can_moderate(user, organisation) -> bool:
    return has_role(user, organisation, Role.MODERATOR)


@transaction.atomic
def post_comment(
    *,
    page: Page,
    author,
    text: str,
    parent: Comment | None = None,
    official: bool = False,
    contact_consent: bool = False,
) -> Comment:
    """Save a comment or reply, count it on its parent, and queue the notifications."""
    policy = policy_for(page)
    staff = can_answer_officially(author, page)
    in_reply_to = parent
    if parent is not None and parent.depth >= MAX_DEPTH:
        # Deeper replies are shown at the last level, next to the comment they answer.
        parent = parent.parent
    comment = Comment.objects.create(
        page=page,
        organisation=organisation_of(page),
        parent=parent,
        root=(parent.root or parent) if parent else None,
        in_reply_to=in_reply_to if in_reply_to != parent else None,
        depth=parent.depth + 1 if parent else 1,
        author=author,
        text=text,
        official=official and staff,
        status=(
            CommentStatus.PENDING if policy.premoderated and not staff else CommentStatus.PUBLISHED
        ),
        needs_review=policy.premoderated and not staff,
        contact_consent=contact_consent,
    )
    comment.recount_parent()
    Follow.objects.get_or_create(user=author, page=page)
    if comment.status == CommentStatus.PUBLISHED:
        announce(comment)
    return comment


def announce(comment: Comment) -> None:
    """Queue the e-mails a newly published comment causes."""
    if comment.parent_id or comment.in_reply_to_id:
        enqueue("dialogues.tasks.notify_reply", comment.pk)
    if comment.official:
        enqueue("dialogues.tasks.notify_official_answer", comment.pk)


def flag_comment(comment: Comment, user, reason: str, explanation: str = "") -> bool:
    policy = policy_for(comment.page)
    crossed = comment.flag(user, reason, explanation, threshold=policy.flag_threshold)
    if crossed:
        enqueue("dialogues.tasks.notify_moderators", comment.pk)
    return crossed


def moderate(comment: Comment, moderator, action: str, reason: str = "") -> None:
    if comment.moderate(moderator, action, reason):
        announce(comment)


def unsubscribe_token(user_id: int, page_id: int, kind: str) -> str:
    return signing.dumps([user_id, page_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user_id: int, page_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id, page_id, kind)
    return settings.SITE_URL + reverse("dialogues:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> tuple[int, int, str] | None:
    try:
        user_id, page_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in FollowKind.values:
        return None
    return int(user_id), int(page_id), kind
