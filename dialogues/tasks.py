"""Tasks of the dialogues, run by the django-q2 cluster: load by id, then act."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from beteiligung.emails import queue_email
from dialogues.models import Comment, CommentStatus, Flag, Follow, FollowKind, ModerationLog
from dialogues.services import unsubscribe_url


def comment_link(page, comment: Comment) -> str:
    url = page.url or ""
    if url.startswith("/"):
        url = settings.SITE_URL + url
    return f"{url}#{comment.anchor()}"


def _comment(comment_id: int) -> Comment | None:
    return (
        Comment.objects.select_related("page", "author", "parent__author", "in_reply_to__author")
        .filter(pk=comment_id, status=CommentStatus.PUBLISHED)
        .first()
    )


def notify_reply(comment_id: int) -> int:
    """Tell the author of the answered comment, unless they switched reply e-mails off."""
    comment = _comment(comment_id)
    if comment is None:
        return 0
    answered = comment.in_reply_to or comment.parent
    recipient = answered.author if answered else None
    if recipient is None or recipient.pk == comment.author_id or not recipient.email:
        return 0
    if not Follow.objects.filter(user=recipient, page=comment.page, replies=True).exists():
        return 0
    page = comment.page.specific
    queue_email(
        "dialogues/reply",
        [recipient.email],
        {
            "comment": comment,
            "answered": answered,
            "page": page,
            "comment_url": comment_link(page, comment),
            "unsubscribe_url": unsubscribe_url(recipient.pk, page.pk, FollowKind.REPLIES),
        },
    )
    return 1


def notify_official_answer(comment_id: int) -> int:
    comment = _comment(comment_id)
    if comment is None or not comment.official:
        return 0
    page = comment.page.specific
    followers = (
        Follow.objects.filter(page=page, answers=True)
        .exclude(user_id=comment.author_id)
        .select_related("user")
    )
    sent = 0
    for follow in followers:
        if not follow.user.email:
            continue
        queue_email(
            "dialogues/official_answer",
            [follow.user.email],
            {
                "comment": comment,
                "page": page,
                "comment_url": comment_link(page, comment),
                "unsubscribe_url": unsubscribe_url(follow.user_id, page.pk, FollowKind.ANSWERS),
            },
        )
        sent += 1
    return sent


def notify_moderators(comment_id: int) -> int:
    """A comment crossed the report threshold: tell the organisation's mailbox."""
    comment = Comment.objects.select_related("page", "organisation").filter(pk=comment_id).first()
    if comment is None or comment.organisation is None or not comment.organisation.email:
        return 0
    queue_email(
        "dialogues/flagged",
        [comment.organisation.email],
        {
            "comment": comment,
            "page": comment.page.specific,
            "reasons": list(comment.flags.values_list("reason", flat=True)),
            "queue_url": settings.SITE_URL
            + reverse("dialogues_moderation:queue")
            + f"?filter=alle&kommentar={comment.pk}",
        },
    )
    return 1


def erase_expired() -> int:
    """Reports and log entries name people; they go after their deletion date."""
    today = timezone.localdate()
    flags, _ = Flag.objects.filter(delete_after__lt=today).delete()
    log, _ = ModerationLog.objects.filter(delete_after__lt=today).delete()
    return flags + log
