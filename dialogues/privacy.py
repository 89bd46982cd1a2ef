"""The dialogues' part of the data export and of account deletion."""

from django.db import transaction

from dialogues.models import Comment, Flag, Follow, Support
from dialogues.page_cache import invalidate_author_pages


def export(user) -> list[dict]:
    """One flat record per comment, support, report and follow: the account page lists
    records, and the JSON download keeps the same shape as the other apps."""
    comments = [
        {
            "type": "comment",
            "page": c.page.title,
            "url": c.page.url,
            "text": c.text,
            "status": c.get_status_display(),
            "created_at": c.created_at.isoformat(),
            "edited_at": c.edited_at.isoformat() if c.edited_at else None,
        }
        for c in Comment.objects.filter(author=user).select_related("page")
    ]
    supports = [
        {"type": "support", "comment": comment_id}
        for comment_id in Support.objects.filter(user=user).values_list("comment_id", flat=True)
    ]
    reports = [
        {
            "type": "report",
            "comment": f.comment_id,
            "reason": f.reason,
            "explanation": f.explanation,
        }
        for f in Flag.objects.filter(user=user)
    ]
    follows = [
        {
            "type": "follow",
            "page": f.page.title,
            "official_answers": f.answers,
            "replies": f.replies,
        }
        for f in Follow.objects.filter(user=user).select_related("page")
    ]
    return comments + supports + reports + follows


@transaction.atomic
def erase(user) -> None:
    """Comments stay as anonymous public debate; supports go and their counts follow."""
    invalidate_author_pages(user)  # before the update, which leaves no trace of the author
    Comment.objects.filter(author=user).update(author=None)
    supported = list(Support.objects.filter(user=user).values_list("comment_id", flat=True))
    Support.objects.filter(user=user).delete()
    for comment in Comment.objects.filter(pk__in=supported):
        comment.support_count = comment.supports.count()
        comment.save(update_fields=["support_count"])
    Flag.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
