"""The comment articles of a thread, drawn in Python.

A dialogue page shows up to 20 threads of 9 comments; drawing each article through the
template language (about 40 variable lookups, 8 translations and 2 date filters each) was
two thirds of a logged-in citizen's request. Here the strings that are the same for every
comment are translated once per page, times are formatted with ``strftime`` and every value
a person typed goes through ``format_html``/``escape``. The markup is the one
``dialogues/includes/thread.html`` drew before; the thread's shape (lists, "n more
replies", the link to the whole discussion) comes from ``dialogues.thread.items``.
"""

from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from dialogues.models import Comment, CommentStatus


class Strings:
    """What every article on the page says alike, translated once."""

    def __init__(self) -> None:
        self.deleted_comment = escape(gettext("Deleted comment"))
        self.anonymous = gettext("Anonymous")
        self.official = escape(gettext("Official answer of the administration"))
        self.edited = escape(gettext("edited"))
        self.deleted_text = escape(gettext("This comment has been deleted."))
        self.hidden_text = escape(gettext("This comment has been hidden by the moderators."))
        self.hidden_review = escape(
            gettext(
                "Only you can see this comment: it was hidden after several reports and is "
                "waiting for a moderator's review."
            )
        )
        self.pending = escape(
            gettext("Only you can see this comment until a moderator has approved it.")
        )
        self.supported = escape(gettext("Supported"))
        self.support = escape(gettext("Support"))
        self.reply = escape(gettext("Reply"))
        self.to_this_comment = escape(gettext("to this comment"))
        self.edit = escape(gettext("Edit"))
        self.reported = escape(gettext("You reported this comment."))
        self.report = escape(gettext("Report"))
        self.delete = escape(gettext("Delete"))


def _author(comment: Comment) -> str:
    if not comment.author_id:
        return ""
    if "author_name" in comment.__dict__:  # read with the comment (thread.with_names)
        return comment.author_name
    return comment.author.public_name()


def _organisation(comment: Comment) -> str:
    if "organisation_name" in comment.__dict__:
        return comment.organisation_name or ""
    return comment.organisation.name if comment.organisation else ""


def _header(comment: Comment, s: Strings) -> str:
    anchor = comment.anchor()
    if comment.status == CommentStatus.DELETED:
        who = f'<span id="{anchor}-author">{s.deleted_comment}</span>'
    else:
        name = _organisation(comment) if comment.official else _author(comment) or s.anonymous
        who = format_html('<strong id="{}-author">{}</strong>', anchor, name)
        if comment.official:
            who += f' <span class="badge badge-official">{s.official}</span>'
    created = timezone.localtime(comment.created_at)
    parts = [
        who,
        f' · <time datetime="{created.strftime("%Y-%m-%dT%H:%M:%S%z")}">'
        f"{created.strftime('%d.%m.%Y, %H:%M')}</time>",
    ]
    if comment.edited_at and comment.status != CommentStatus.DELETED:
        edited = timezone.localtime(comment.edited_at).strftime("%d.%m.%Y, %H:%M")
        parts.append(f' · <span class="comment-edited" title="{edited}">{s.edited}</span>')
    target = comment.reply_target
    if target is not None:
        name = (_author(target) if target.author_id else "") or s.anonymous
        parts.append(
            format_html(
                ' · <a href="#{}">{}</a>',
                target.anchor(),
                gettext("in reply to %(name)s") % {"name": name},
            )
        )
    return '<header class="comment-meta meta">' + "".join(parts) + "</header>"


def _body(comment: Comment, s: Strings) -> str:
    status = comment.status
    if status == CommentStatus.PUBLISHED:
        return f'<div class="comment-text">{comment.html()}</div>'
    if status == CommentStatus.DELETED:
        return f'<p class="comment-placeholder">{s.deleted_text}</p>'
    if status == CommentStatus.HIDDEN:
        if not comment.own:
            return f'<p class="comment-placeholder">{s.hidden_text}</p>'
        if comment.hidden_reason:
            notice = escape(
                gettext("Only you can see this comment: a moderator hid it. Reason: %(reason)s")
                % {"reason": comment.hidden_reason}
            )
        else:
            notice = s.hidden_review
        return (
            f'<div class="comment-text">{comment.html()}</div>'
            f'<p class="comment-notice" role="note">{notice}</p>'
        )
    if status == CommentStatus.PENDING:
        return (
            f'<div class="comment-text">{comment.html()}</div>'
            f'<p class="comment-notice" role="note">{s.pending}</p>'
        )
    return ""


def _footer(comment: Comment, s: Strings, page: "ArticlePage") -> str:
    anchor = comment.anchor()
    urls = comment.urls
    parts = []
    if comment.reply_count:
        count = comment.reply_count
        parts.append(
            '<span class="meta">'
            + escape(
                ngettext("%(counter)s reply", "%(counter)s replies", count) % {"counter": count}
            )
            + "</span>"
        )
    if comment.status == CommentStatus.PUBLISHED:
        if page.can_comment and not comment.own:
            pressed, label = ("true", s.supported) if comment.supported else ("false", s.support)
            parts.append(
                f'<form method="post" action="{escape(urls["support"])}" class="inline-form">'
                f"{page.csrf_input}"
                f'<button type="submit" class="button button-secondary button-small" '
                f'aria-pressed="{pressed}" aria-describedby="{anchor}-supports">{label}</button>'
                "</form>"
            )
        count = comment.support_count
        parts.append(
            f'<span class="meta comment-supports" id="{anchor}-supports">'
            + escape(
                ngettext("%(counter)s support", "%(counter)s supports", count) % {"counter": count}
            )
            + "</span>"
        )
        if page.can_comment:
            parts.append(
                f'<a class="button-link" href="{escape(urls["reply"])}">{s.reply}'
                f'<span class="visually-hidden"> {s.to_this_comment}</span></a>'
            )
        if comment.editable:
            parts.append(f'<a class="button-link" href="{escape(urls["edit"])}">{s.edit}</a>')
        if page.authenticated and not comment.own:
            if comment.flagged:
                parts.append(f'<span class="meta">{s.reported}</span>')
            else:
                parts.append(f'<a class="button-link" href="{escape(urls["flag"])}">{s.report}</a>')
    if comment.deletable:
        parts.append(f'<a class="button-link" href="{escape(urls["delete"])}">{s.delete}</a>')
    return '<footer class="comment-actions">' + " ".join(parts) + "</footer>"


class ArticlePage:
    """What the articles of one page share: the viewer's rights, one CSRF field."""

    def __init__(self, request, can_comment: bool) -> None:
        self.authenticated = request.user.is_authenticated
        self.can_comment = can_comment
        # One token for every support form of the page, as {% csrf_token %} gives within
        # one render; the page cache finds and replaces it in this exact form.
        self.csrf_input = (
            format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
            )
            if can_comment
            else ""
        )
        self.strings = Strings()


def article(comment: Comment, page: ArticlePage) -> SafeString:
    s = page.strings
    classes = f"comment comment-depth-{comment.depth}"
    if comment.official:
        classes += " comment-official"
    if comment.status != CommentStatus.PUBLISHED:
        classes += f" comment-{escape(comment.status)}"
    anchor = comment.anchor()
    return mark_safe(  # noqa: S308 - every typed value above is escaped
        f'<li class="comment-item">\n<article class="{classes}" id="{anchor}" '
        f'aria-labelledby="{anchor}-author">\n'
        + _header(comment, s)
        + "\n"
        + _body(comment, s)
        + "\n"
        + _footer(comment, s, page)
        + "\n</article>"
    )


def render(items: list[tuple[Comment | None, SafeString]], page: ArticlePage) -> SafeString:
    return mark_safe(  # noqa: S308 - articles and markup are safe strings
        "".join(article(comment, page) if comment else markup for comment, markup in items)
    )
