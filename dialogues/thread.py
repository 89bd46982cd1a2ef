"""Everything a page needs to show its comments, in a constant number of queries.

One query counts the top-level comments, one fetches the visible page of them, one fetches
every reply of those threads (by ``root``), and the nesting happens in Python.
"""

from collections import defaultdict

from allauth.account.models import EmailAddress
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from dialogues.forms import CommentForm
from dialogues.models import (
    COMMENT_MAX_LENGTH,
    Comment,
    Flag,
    Follow,
    Support,
    policy_for,
    visible_filter,
)
from dialogues.services import can_answer_officially

PER_PAGE = 20
# Replies shown open under each comment; the rest wait behind "n more replies" (a <details>
# element, so it works without JavaScript) and long threads do not make an endless page.
REPLIES_SHOWN = 2
SORTS = {
    "neueste": (_("Newest"), ("-created_at", "-pk")),
    "aelteste": (_("Oldest"), ("created_at", "pk")),
    "unterstuetzt": (_("Most supported"), ("-support_count", "-created_at", "-pk")),
    "diskutiert": (_("Most discussed"), ("-reply_count", "-created_at", "-pk")),
}
DEFAULT_SORT = "neueste"


def has_verified_email(user) -> bool:
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


def thread_context(request: HttpRequest, page: Page, form: CommentForm | None = None) -> dict:
    user = request.user
    policy = policy_for(page)
    sort = request.GET.get("sortierung", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    visible = visible_filter(user)
    roots = (
        Comment.objects.filter(page=page, parent=None)
        .filter(visible)
        .select_related("author", "organisation")
        # Official answers of the administration stand first, whatever the sort.
        .order_by("-official", *SORTS[sort][1])
    )
    page_obj = Paginator(roots, PER_PAGE).get_page(request.GET.get("seite"))
    top = list(page_obj.object_list)
    replies = list(
        Comment.objects.filter(root__in=[c.pk for c in top])
        .filter(visible)
        .select_related("author", "organisation", "in_reply_to__author")
        .order_by("created_at", "pk")
    )
    everything = top + replies
    supported: set[int] = set()
    flagged: set[int] = set()
    follow = None
    if user.is_authenticated and everything:
        ids = [c.pk for c in everything]
        supported = set(
            Support.objects.filter(user=user, comment_id__in=ids).values_list(
                "comment_id", flat=True
            )
        )
        flagged = set(
            Flag.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", flat=True)
        )
    if user.is_authenticated:
        follow = Follow.objects.filter(user=user, page=page).first()

    children = defaultdict(list)
    for reply in replies:
        children[reply.parent_id].append(reply)
    for comment in everything:
        # Official answers first in their thread, the rest in the order they were written.
        comment.children = sorted(children.get(comment.pk, []), key=lambda c: not c.official)
        comment.shown_children = comment.children[:REPLIES_SHOWN]
        comment.more_children = comment.children[REPLIES_SHOWN:]
        comment.supported = comment.pk in supported
        comment.flagged = comment.pk in flagged
        comment.editable = comment.can_edit(user, policy)
        comment.deletable = comment.can_delete(user)
        comment.own = user.is_authenticated and comment.author_id == user.pk

    for comment in reversed(everything):
        # Replies come after their parents, so walking backwards sums the subtrees bottom up.
        comment.descendants = sum(1 + child.descendants for child in comment.children)
    for comment in everything:
        comment.more_count = sum(1 + child.descendants for child in comment.more_children)

    verified = has_verified_email(user)
    official_allowed = verified and can_answer_officially(user, page)
    if form is None and policy.open and verified:
        form = CommentForm(official_allowed=official_allowed)
    return {
        "comment_page": page,
        "comment_policy": policy,
        "comments": top,
        "comments_page": page_obj,
        "comment_count": page_obj.paginator.count,
        "comment_sort": sort,
        "comment_sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "comment_sort_query": f"&sortierung={sort}",
        "comment_form": form,
        "comment_max_length": COMMENT_MAX_LENGTH,
        "can_comment": policy.open and verified,
        "email_verified": verified,
        "following": bool(follow and follow.answers),
    }
