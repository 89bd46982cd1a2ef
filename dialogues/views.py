from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from dialogues import services
from dialogues.forms import CommentForm, EditForm, FlagForm
from dialogues.models import Comment, CommentStatus, Follow, policy_for, visible_filter
from dialogues.ratelimit import allow_comment
from dialogues.thread import has_verified_email, single_thread_context


def page_url(page: Page, comment: Comment | None = None) -> str:
    url = page.url or "/"
    return f"{url}#{comment.anchor()}" if comment else url


def back(request: HttpRequest, page: Page, comment: Comment) -> HttpResponse:
    """Back to the page the visitor came from (a safe ``next``, e.g. the map feedback
    list), else to the comment on its own page. Only a path counts: redirect() would read
    any other text as a view name and fail."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(f"{target.split('#')[0]}#{comment.anchor()}")
    return redirect(page_url(page, comment))


def get_comment(comment_id: int, **filters) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("page", "author", "organisation"), pk=comment_id, **filters
    )


def refuse(request: HttpRequest, page: Page, message: str, status: int = 403) -> HttpResponse:
    return render(
        request, "dialogues/refused.html", {"page": page, "message": message}, status=status
    )


def thread(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Every reply of one thread, page by page: where "Ganze Diskussion lesen" leads."""
    comment = get_object_or_404(
        Comment.objects.filter(visible_filter(request.user)).select_related("root"),
        pk=comment_id,
        page__in=Page.objects.live().public(),
    )
    root = comment.root or comment
    if root.pk != comment.pk:
        return redirect("dialogues:thread", comment_id=root.pk)
    root = get_comment(root.pk)
    page = root.page.specific
    context = {"page": page, "root": root, **single_thread_context(request, root)}
    return render(request, "dialogues/thread.html", context)


@login_required
def post_comment(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    return write(request, page, parent=None)


@login_required
def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = get_comment(comment_id, status=CommentStatus.PUBLISHED)
    page = parent.page.specific
    return write(request, page, parent=parent)


def write(request: HttpRequest, page: Page, parent: Comment | None) -> HttpResponse:
    """The form for a new comment or reply; also shown again when the input was wrong."""
    policy = policy_for(page)
    if not policy.open:
        return refuse(request, page, policy.closed_message)
    if not has_verified_email(request.user):
        return refuse(
            request,
            page,
            _("Please confirm your e-mail address before you write a comment."),
        )
    official_allowed = services.can_answer_officially(request.user, page)
    form = CommentForm(request.POST or None, official_allowed=official_allowed)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if allow_comment(request):
                comment = services.post_comment(
                    page=page,
                    author=request.user,
                    text=form.cleaned_data["text"],
                    parent=parent,
                    official=form.cleaned_data.get("official", False),
                    contact_consent=form.cleaned_data.get("contact_consent", False),
                )
                if comment.status == CommentStatus.PENDING:
                    messages.success(
                        request,
                        _("Thank you. Your comment will appear once a moderator has approved it."),
                    )
                else:
                    messages.success(request, _("Thank you, your comment has been published."))
                return redirect(page_url(page, comment))
            status = 429
            form.add_error(
                None,
                _("You have written many comments in a short time. Please wait a minute."),
            )
    return render(
        request,
        "dialogues/comment_form.html",
        {"page": page, "parent": parent, "form": form, "policy": policy},
        status=status,
    )


@login_required
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_comment(comment_id)
    page = comment.page.specific
    if not comment.can_edit(request.user, policy_for(page)):
        raise PermissionDenied
    form = EditForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        comment.edit(form.cleaned_data["text"])
        messages.success(request, _("Your comment has been changed."))
        return redirect(page_url(page, comment))
    return render(
        request,
        "dialogues/comment_edit.html",
        {"page": page, "comment": comment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_comment(comment_id)
    page = comment.page.specific
    if not comment.can_delete(request.user):
        raise PermissionDenied
    if request.method == "POST":
        comment.delete_by_author()
        messages.success(request, _("Your comment has been deleted."))
        return redirect(page_url(page, comment))
    return render(request, "dialogues/comment_delete.html", {"page": page, "comment": comment})


@login_required
@require_POST
def support(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_comment(comment_id, status=CommentStatus.PUBLISHED)
    page = comment.page.specific
    policy = policy_for(page)
    if not policy.open:
        return refuse(request, page, policy.closed_message)
    if comment.author_id == request.user.pk:
        messages.error(request, _("You cannot support your own comment."))
    elif comment.toggle_support(request.user):
        messages.success(request, _("You support this comment."))
    else:
        messages.success(request, _("You no longer support this comment."))
    return back(request, page, comment)


@login_required
def flag(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_comment(comment_id, status=CommentStatus.PUBLISHED)
    page = comment.page.specific
    if comment.author_id == request.user.pk:
        messages.error(request, _("You cannot report your own comment."))
        return back(request, page, comment)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.flag_comment(
            comment, request.user, form.cleaned_data["reason"], form.cleaned_data["explanation"]
        )
        messages.success(request, _("Thank you for your report. The moderators will review it."))
        return back(request, page, comment)
    return render(
        request,
        "dialogues/comment_flag.html",
        {"page": page, "comment": comment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def follow(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    current, _created = Follow.objects.get_or_create(
        user=request.user, page=page, defaults={"answers": True, "replies": True}
    )
    if not _created and current.answers:
        current.switch_off("answers")
        messages.success(request, _("You no longer follow this dialogue."))
    else:
        if not current.answers:
            current.answers = True
            current.save(update_fields=["answers"])
        messages.success(
            request, _("You follow this dialogue and will get an e-mail about official answers.")
        )
    return redirect(page_url(page) + "#kommentare")


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without login: the signed token names the user, the page and the kind."""
    data = services.read_unsubscribe_token(token)
    if data is None:
        return render(request, "dialogues/unsubscribe.html", {"invalid": True}, status=400)
    user_id, page_id, kind = data
    page = Page.objects.filter(pk=page_id).first()
    done = False
    if request.method == "POST":
        for current in Follow.objects.filter(user_id=user_id, page_id=page_id):
            current.switch_off(kind)
        done = True
    return render(
        request,
        "dialogues/unsubscribe.html",
        {"target_page": page, "kind": kind, "done": done},
    )
