from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from alerts.urls import admin_urlpatterns
from beteiligung.roles import Role, has_role
from cms.procedures import ProcedurePage


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "nachricht-an-beteiligte/",
            include((admin_urlpatterns, "alerts_admin"), namespace="alerts_admin"),
        )
    ]


@hooks.register("register_page_header_buttons")
def participants_message_button(page, user, view_name=None, next_url=None):
    if page.specific_class is not ProcedurePage:
        return
    if has_role(user, page.specific_deferred.organisation, Role.EDITOR, Role.MODERATOR):
        yield PageMenuItem(
            _("Message to participants"),
            reverse("alerts_admin:participants_message", args=[page.pk]),
            icon_name="mail",
            priority=60,
            page=page,
        )
