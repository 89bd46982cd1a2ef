from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from beteiligung.roles import Role, organisations_for
from maps import admin_urls
from maps.models import ApiKey, ReportCategory


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("meldungen/", include(admin_urls, namespace="maps_admin")),
        path("karte/", include((admin_urls.planner_urlpatterns, "maps_planner"))),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        user = request.user
        return user.is_superuser or organisations_for(user, Role.INCIDENT_HANDLER).exists()


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    # An own name: Wagtail's built-in "Reports" menu is called "reports".
    return ReportsMenuItem(
        _("Incident reports"),
        reverse("maps_admin:triage"),
        name="meldungen",
        icon_name="warning",
        order=250,
    )


class ReportCategoryViewSet(SnippetViewSet):
    model = ReportCategory
    icon = "tag"
    menu_label = _("Report categories")
    list_display = ["name", "group", "organisation", "service_code", "requires_review"]
    list_filter = ["group", "organisation", "requires_review"]
    search_fields = ["name", "group"]
    panels = [
        FieldPanel("group"),
        FieldPanel("name"),
        FieldPanel("guidance"),
        FieldPanel("not_responsible_hint"),
        FieldPanel("organisation"),
        FieldPanel("notification_email"),
        FieldPanel("requires_review"),
        FieldPanel("service_code"),
        FieldPanel("keywords"),
        FieldPanel("attributes"),
        FieldPanel("icon"),
        FieldPanel("colour"),
        FieldPanel("retention_days"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]


class ApiKeyViewSet(SnippetViewSet):
    model = ApiKey
    icon = "key"
    menu_label = _("Open311 API keys")
    list_display = ["name", "organisation", "active", "last_used_at"]
    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("key", read_only=True),
        FieldPanel("active"),
    ]


class IncidentSettingsGroup(SnippetViewSetGroup):
    items = (ReportCategoryViewSet, ApiKeyViewSet)
    menu_icon = "warning"
    menu_label = _("Report settings")
    menu_name = "report-settings"


register_snippet(IncidentSettingsGroup)
