from django import template

from dialogues.thread import thread_context

register = template.Library()


@register.inclusion_tag("dialogues/comments.html", takes_context=True)
def comments_for(context, page) -> dict:
    """Comments of any page: ``{% load dialogue_tags %}{% comments_for page %}``."""
    request = context["request"]
    return {"request": request, "user": request.user, **thread_context(request, page)}


@register.simple_tag
def my_dialogues(user) -> dict:
    """Followed pages and the latest own comments for the account page."""
    from dialogues.models import Comment, Follow

    return {
        "follows": list(Follow.objects.filter(user=user, answers=True).select_related("page")[:50]),
        "comments": list(
            Comment.objects.filter(author=user)
            .exclude(status="deleted")
            .select_related("page")
            .order_by("-created_at")[:10]
        ),
    }
