"""The moderation queue in the Wagtail admin; moderators see only their organisations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beteiligung.roles import Role, organisations_for, staff_view
from dialogues import services
from dialogues.forms import BulkModerationForm
from dialogues.models import Comment, CommentStatus, ModerationLog

FILTERS = {
    "pruefen": Q(needs_review=True),
    "ausgeblendet": Q(status=CommentStatus.HIDDEN),
    "alle": Q(),
}


def moderated_organisations(request: HttpRequest):
    organisations = organisations_for(request.user, Role.MODERATOR)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


@staff_view
def moderation_queue(request: HttpRequest) -> HttpResponse:
    organisations = moderated_organisations(request)
    form = BulkModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selected = list(form.cleaned_data["selected"])
        if any(not services.can_moderate(request.user, c.organisation) for c in selected):
            raise PermissionDenied
        action = form.cleaned_data["action"]
        reason = form.cleaned_data["reason"].strip()
        for comment in selected:
            services.moderate(comment, request.user, action, reason)
        messages.success(request, _("%(count)d comments updated.") % {"count": len(selected)})
        return redirect(request.get_full_path())
    current = request.GET.get("filter", "pruefen")
    if current not in FILTERS:
        current = "pruefen"
    comments = (
        Comment.objects.filter(organisation__in=organisations)
        .filter(FILTERS[current])
        .exclude(status=CommentStatus.DELETED)
        .select_related("author", "page", "organisation")
        .prefetch_related("flags")
        .order_by("-flag_count", "created_at")
    )
    if request.GET.get("kommentar", "").isdigit():  # linked from the planners' map
        comments = comments.filter(pk=int(request.GET["kommentar"]))
    page = Paginator(comments, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "dialogues/admin/queue.html",
        {
            "page_title": _("Comment moderation"),
            "header_title": _("Comment moderation"),
            "form": form,
            "comments": page,
            "filter": current,
            "filters": [
                ("pruefen", _("To review")),
                ("ausgeblendet", _("Hidden")),
                ("alle", _("All")),
            ],
        },
    )


@staff_view
def moderation_log(request: HttpRequest) -> HttpResponse:
    organisations = moderated_organisations(request)
    entries = (
        ModerationLog.objects.filter(comment__organisation__in=organisations)
        .select_related("moderator", "comment__page")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "dialogues/admin/log.html",
        {
            "page_title": _("Moderation log"),
            "header_title": _("Moderation log"),
            "entries": page,
        },
    )
