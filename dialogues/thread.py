"""Everything a page needs to show its comments, in a constant number of queries and a
bounded amount of work.

One query counts the top-level comments, one fetches the visible page of them, one fetches
the first replies of each of those threads (each reply stores its place in its thread, so
a thread of a thousand replies costs no more than one of ten), and the nesting happens in
Python. The rest of a long thread is one link away: ``dialogues:thread`` pages
through it. The thread is a flat list (``items``) whose articles ``dialogues.articles`` draws in
Python, not an include or a template loop per comment, and the comment URLs are reversed
once per page, not per comment.
"""

from collections import defaultdict

from allauth.account.models import EmailAddress
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Page

from dialogues import articles
from dialogues.forms import CommentForm
from dialogues.models import (
    COMMENT_MAX_LENGTH,
    Comment,
    CommentPolicy,
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
# Replies of one thread loaded on the dialogue page; beyond them "Ganze Diskussion lesen
# (n weitere Antworten)" links to the thread's own pages, so a page holds at most PER_PAGE × (1 + this) comments.
THREAD_REPLIES = 8
# Replies per page of a thread's own view.
THREAD_PAGE = 50
SORTS = {
    "neueste": (_("Newest"), ("-created_at", "-pk")),
    "aelteste": (_("Oldest"), ("created_at", "pk")),
    "unterstuetzt": (_("Most supported"), ("-support_count", "-created_at", "-pk")),
    "diskutiert": (_("Most discussed"), ("-reply_count", "-created_at", "-pk")),
}
DEFAULT_SORT = "neueste"
URL_NAMES = ("support", "reply", "edit", "flag", "delete", "thread")
_PLACEHOLDER = 2_147_483_647


def has_verified_email(user) -> bool:
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


def comment_url_patterns() -> dict[str, str]:
    """Each comment URL reversed once, with a slot for the comment's id."""
    return {
        name: reverse(f"dialogues:{name}", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
        for name in URL_NAMES
    }


def with_names(comments: QuerySet) -> QuerySet:
    """The author's and the organisation's names read with each comment, which is all an
    article shows of them (dialogues.articles): a User and an Organisation built per
    comment (select_related) cost more than the rest of the row."""
    return comments.annotate(
        author_name=F("author__display_name"), organisation_name=F("organisation__name")
    )


def reply_query(user):
    # Not the comments replied to: most are loaded anyway, and joining two more comments
    # and their authors per reply made this the page's most expensive query (annotate()
    # reads the few that are missing).
    return with_names(Comment.objects.filter(visible_filter(user))).order_by("created_at", "pk")


def reply_targets(by_pk: dict[int, Comment], replies: list[Comment]) -> dict[int, Comment]:
    """The loaded comments, and the ones the replies answer that are not loaded (on an
    earlier page of the thread, or beyond the first replies) with their authors' names."""
    missing = {
        pk for reply in replies for pk in (reply.in_reply_to_id, reply.parent_id) if pk
    } - by_pk.keys()
    if not missing:
        return by_pk
    others = (
        Comment.objects.filter(pk__in=missing)
        .only("author_id")
        .annotate(author_name=F("author__display_name"))
    )
    return {**by_pk, **{comment.pk: comment for comment in others}}


def first_replies(user, roots: list[Comment]) -> list[Comment]:
    """The first THREAD_REPLIES replies of every thread, every official answer in them and
    the user's own replies that wait for approval: one filter on the stored places
    (``Comment.thread_position``, kept by ``Comment.save()``), read through an index."""
    if not roots:
        return []
    return list(
        reply_query(user)
        .filter(root__in=[c.pk for c in roots])
        .filter(
            Q(thread_position__lte=THREAD_REPLIES)
            | Q(official=True)
            # Without a place: the user's own replies not yet approved (visible_filter()
            # shows nobody else's).
            | Q(thread_position=None)
        )
    )


def annotate(
    top: list[Comment], replies: list[Comment], user, policy: CommentPolicy, urls: dict
) -> None:
    """Nest the replies under their parents and mark what the user may do with each."""
    by_pk = {c.pk: c for c in top + replies}
    targets = reply_targets(by_pk, replies)
    children = defaultdict(list)
    for reply in replies:
        parent_id = reply.parent_id
        answered = targets.get(reply.in_reply_to_id) if reply.in_reply_to_id else None
        if parent_id not in by_pk:
            # Its parent is on an earlier page of the thread, or (an official answer pinned
            # beyond the first replies) not loaded: show it under the thread's first comment.
            reply.reply_target = answered or targets.get(parent_id)
            parent_id = reply.root_id
        else:
            reply.reply_target = answered
        children[parent_id].append(reply)
    for comment in top:
        comment.reply_target = None
    authenticated = user.is_authenticated
    for comment in by_pk.values():
        # Official answers first in their thread, the rest in the order they were written.
        comment.children = sorted(children.get(comment.pk, []), key=lambda c: not c.official)
        comment.shown_children = comment.children[:REPLIES_SHOWN]
        comment.more_children = comment.children[REPLIES_SHOWN:]
        comment.editable = comment.can_edit(user, policy)
        comment.deletable = comment.can_delete(user)
        comment.own = authenticated and comment.author_id == user.pk
        comment.urls = {name: pattern.format(comment.pk) for name, pattern in urls.items()}

    def descendants(comment: Comment) -> int:
        comment.descendants = sum(1 + descendants(child) for child in comment.children)
        return comment.descendants

    for comment in top:
        descendants(comment)
    for comment in by_pk.values():
        comment.more_count = sum(1 + child.descendants for child in comment.more_children)


def mark_user_state(user, comments: list[Comment]) -> None:
    supported: set[int] = set()
    flagged: set[int] = set()
    if user.is_authenticated and comments:
        ids = [c.pk for c in comments]
        supported = set(
            Support.objects.filter(user=user, comment_id__in=ids).values_list(
                "comment_id", flat=True
            )
        )
        flagged = set(
            Flag.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", flat=True)
        )
    for comment in comments:
        comment.supported = comment.pk in supported
        comment.flagged = comment.pk in flagged


def items(top: list[Comment], more_link: bool = True) -> list[tuple[Comment | None, SafeString]]:
    """The thread as a flat list for one template loop: (comment, "") draws a comment's
    article, (None, markup) the lists and <details> around the replies. Python walks the
    tree, so the template needs neither recursion nor an include per comment."""
    out: list[tuple[Comment | None, SafeString]] = []
    open_list = mark_safe('<ol class="comment-list comment-replies">')
    close_list = mark_safe("</ol>")

    def walk(comment: Comment) -> None:
        out.append((comment, mark_safe("")))
        if comment.children:
            out.append((None, open_list))
            for child in comment.shown_children:
                walk(child)
            out.append((None, close_list))
            if comment.more_children:
                count = comment.more_count
                summary = ngettext("%(counter)s more reply", "%(counter)s more replies", count) % {
                    "counter": count
                }
                out.append(
                    (
                        None,
                        format_html('<details class="comment-more"><summary>{}</summary>', summary),
                    )
                )
                out.append((None, open_list))
                for child in comment.more_children:
                    walk(child)
                out.append((None, mark_safe("</ol></details>")))
        rest = getattr(comment, "thread_rest", 0) if more_link else 0
        if rest:
            out.append(
                (
                    None,
                    format_html(
                        '<p class="comment-thread-link"><a href="{}">{}</a></p>',
                        comment.urls["thread"],
                        ngettext(
                            "Read the whole discussion (%(n)d more reply)",
                            "Read the whole discussion (%(n)d more replies)",
                            rest,
                        )
                        % {"n": rest},
                    ),
                )
            )
        out.append((None, mark_safe("</li>")))

    for comment in top:
        walk(comment)
    return out


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
        # Official answers of the administration stand first, whatever the sort.
        .order_by("-official", *SORTS[sort][1])
    )
    page_obj = Paginator(roots, PER_PAGE).get_page(request.GET.get("seite"))
    # The names after the count: its query then joins nothing.
    top = list(with_names(page_obj.object_list))
    replies = first_replies(user, top)
    annotate(top, replies, user, policy, comment_url_patterns())
    mark_user_state(user, top + replies)
    loaded: dict[int, int] = defaultdict(int)
    for reply in replies:
        if reply.thread_position is not None:
            loaded[reply.root_id] += 1
    for comment in top:
        comment.thread_rest = comment.thread_replies - loaded[comment.pk]
    follow = Follow.objects.filter(user=user, page=page).first() if user.is_authenticated else None

    verified = has_verified_email(user)
    official_allowed = verified and can_answer_officially(user, page)
    if form is None and policy.open and verified:
        form = CommentForm(official_allowed=official_allowed)
    can_comment = policy.open and verified
    return {
        "comment_page": page,
        "comment_policy": policy,
        "comments": top,
        "comment_thread": articles.render(items(top), articles.ArticlePage(request, can_comment)),
        "comments_page": page_obj,
        "comment_count": page_obj.paginator.count,
        "comment_sort": sort,
        "comment_sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "comment_sort_query": f"&sortierung={sort}",
        "comment_form": form,
        "comment_max_length": COMMENT_MAX_LENGTH,
        "can_comment": can_comment,
        "email_verified": verified,
        "following": bool(follow and follow.answers),
    }


def single_thread_context(request: HttpRequest, root: Comment) -> dict:
    """One thread on pages of its own: the first comment, then its replies in the order
    they were written, THREAD_PAGE at a time, nested where the parent is on the same page."""
    user = request.user
    policy = policy_for(root.page)
    replies = reply_query(user).filter(root=root)
    page_obj = Paginator(replies, THREAD_PAGE).get_page(request.GET.get("seite"))
    shown = list(page_obj.object_list)
    annotate([root], shown, user, policy, comment_url_patterns())
    mark_user_state(user, [root, *shown])
    verified = has_verified_email(user)
    can_comment = policy.open and verified
    return {
        "comment_policy": policy,
        "comment_thread": articles.render(
            items([root], more_link=False), articles.ArticlePage(request, can_comment)
        ),
        "replies_page": page_obj,
        "can_comment": can_comment,
        "email_verified": verified,
    }
