"""What makes cached pages go (beteiligung/page_cache.py): comments, supports and flags
change their page and the counts shown above it; an author leaving takes their name off
those pages; dialogues open and close at their time."""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete

from beteiligung.page_cache import earliest_after, invalidate_page, register_boundary


def _comment_changed(sender, instance, **kwargs) -> None:
    invalidate_page(instance.page_id)


def _comment_part_changed(sender, instance, **kwargs) -> None:
    from dialogues.models import Comment

    page_id = Comment.objects.filter(pk=instance.comment_id).values_list("page_id", flat=True)
    invalidate_page(page_id.first())


def invalidate_author_pages(user) -> None:
    """The pages that show ``user``'s name as a comment's author. Erasing an account sets
    the author to nobody with ``.update()`` and deleting a user does so through
    ``SET_NULL``; neither sends a comment's post_save, and a cached page would keep the name."""
    from dialogues.models import Comment

    page_ids = Comment.objects.filter(author=user).values_list("page_id", flat=True).distinct()
    for page_id in page_ids:
        invalidate_page(page_id)


def _user_deleted(sender, instance, **kwargs) -> None:
    invalidate_author_pages(instance)


def next_opening_or_closing(now: datetime.datetime) -> list[QuerySet]:
    from dialogues.models import DialoguePage

    pages = DialoguePage.objects.live()
    return [earliest_after(pages, "opens_at", now), earliest_after(pages, "closes_at", now)]


def connect() -> None:
    from dialogues.models import Comment, Flag, Support

    uid = "dialogues_page_cache"
    post_save.connect(_comment_changed, sender=Comment, dispatch_uid=f"{uid}_comment")
    post_delete.connect(_comment_changed, sender=Comment, dispatch_uid=f"{uid}_comment_del")
    for model in (Support, Flag):
        post_save.connect(_comment_part_changed, sender=model, dispatch_uid=f"{uid}_{model}")
        post_delete.connect(_comment_part_changed, sender=model, dispatch_uid=f"{uid}_{model}_d")
    pre_delete.connect(
        _user_deleted, sender=settings.AUTH_USER_MODEL, dispatch_uid=f"{uid}_user_deleted"
    )
    register_boundary(next_opening_or_closing)
