from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from beteiligung.roles import Role, organisations_for


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
        _("Comment moderation"),
        reverse("dialogues_moderation:queue"),
        name="comment-moderation",
        icon_name="comment",
        order=260,
    )
