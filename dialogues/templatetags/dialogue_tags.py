from django import template

from dialogues.thread import thread_context

register = template.Library()


@register.inclusion_tag("dialogues/comments.html", takes_context=True)
def comments_for(context, page) -> dict:
    """Comments of any page: ``{% load dialogue_tags %}{% comments_for page %}``."""
    request = context["request"]
    return {"request": request, "user": request.user, **thread_context(request, page)}
