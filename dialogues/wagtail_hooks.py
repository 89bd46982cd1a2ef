from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from beteiligung.dashboard import WorkCount, WorkItem, WorkPanel
from beteiligung.roles import Role, organisations_for
from dialogues.models import Comment, CommentStatus


@hooks.register("register_admin_urls")
def register_moderation_urls():
    from dialogues import admin_urls

    return [path("kommentare/", include(admin_urls, namespace="dialogues_moderation"))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return organisations_for(request.user, Role.MODERATOR).exists()


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation"),
        reverse("dialogues_moderation:queue"),
        name="comment-moderation",
        icon_name="comment",
        order=220,
    )


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels) -> None:
    """Comments waiting for a moderator of the user's organisations, oldest first."""
    organisations = organisations_for(request.user, Role.MODERATOR)
    if not request.user.is_superuser and not organisations.exists():
        return
    waiting = Comment.objects.filter(organisation__in=organisations, needs_review=True).exclude(
        status=CommentStatus.DELETED
    )
    counts = waiting.aggregate(
        total=Count("pk"),
        flagged=Count("pk", filter=Q(flag_count__gt=0)),
        pending=Count("pk", filter=Q(status=CommentStatus.PENDING)),
    )
    queue = reverse("dialogues_moderation:queue")
    oldest = waiting.select_related("page").order_by("created_at", "pk")[:5]
    panels.append(
        WorkPanel(
            name="moderation",
            heading=gettext("Comments to moderate"),
            url=queue,
            link_label=gettext("Open the moderation queue"),
            counts=[
                WorkCount(gettext("to review"), counts["total"], queue),
                WorkCount(gettext("reported by readers"), counts["flagged"]),
                WorkCount(gettext("awaiting approval"), counts["pending"]),
            ],
            items_heading=gettext("Waiting longest"),
            items=[
                WorkItem(
                    Truncator(comment.text).chars(80),
                    f"{queue}?kommentar={comment.pk}",
                    f"{comment.page.title} · "
                    + gettext("%(age)s old") % {"age": timesince(comment.created_at)},
                )
                for comment in oldest
            ],
            empty=gettext("No comments waiting."),
            order=25,
        )
    )
