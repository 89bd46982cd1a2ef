import datetime

from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from beteiligung.dashboard import WorkCount, WorkItem, WorkPanel
from beteiligung.roles import Role, organisations_for
from maps import admin_urls
from maps.admin_views import PLANNER_ROLES
from maps.answer_templates_admin import AnswerTemplatePolicy, AnswerTemplateViewSet
from maps.models import (
    OPEN_STATUSES,
    AnswerTemplate,
    ApiKey,
    Report,
    ReportCategory,
    ReportStatus,
    nearest_named_places,
)

register_permission_policy(AnswerTemplate, AnswerTemplatePolicy(AnswerTemplate))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("meldungen/", include(admin_urls, namespace="maps_admin")),
        path("karte/", include((admin_urls.planner_urlpatterns, "maps_planner"))),
        path(
            "karten/",
            include((admin_urls.planner_index_urlpatterns, "maps_planners")),
        ),
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


class PlannersMapMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return organisations_for(request.user, *PLANNER_ROLES).exists()


@hooks.register("register_admin_menu_item")
def register_planners_map_menu_item():
    return PlannersMapMenuItem(
        _("Planning map"),
        reverse("maps_planners:index"),
        name="planners-map",
        icon_name="site",
        order=215,
    )


# Dashboard -----------------------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def add_triage_panel(request, panels) -> None:
    """Reports to triage, oldest first: incident handlers of the responsible organisation."""
    organisations = organisations_for(request.user, Role.INCIDENT_HANDLER)
    if not request.user.is_superuser and not organisations.exists():
        return
    open_reports = Report.objects.filter(
        category__organisation__in=organisations, status__in=OPEN_STATUSES
    )
    week_ago = timezone.now() - datetime.timedelta(days=7)
    counts = open_reports.aggregate(
        untriaged=Count("pk", filter=Q(status__in=[ReportStatus.NEW, ReportStatus.CONFIRMED])),
        in_progress=Count("pk", filter=Q(status=ReportStatus.IN_PROGRESS)),
        old=Count("pk", filter=Q(created_at__lt=week_ago)),
    )
    oldest = list(open_reports.select_related("category").order_by("created_at", "pk")[:5])
    places = nearest_named_places(oldest)
    triage = reverse("maps_admin:triage")
    panels.append(
        WorkPanel(
            name="triage",
            heading=gettext("Incident reports to triage"),
            url=triage,
            link_label=gettext("Open the triage"),
            counts=[
                WorkCount(gettext("new, not yet in progress"), counts["untriaged"], triage),
                WorkCount(
                    gettext("in progress"), counts["in_progress"], f"{triage}?status=in_progress"
                ),
                WorkCount(gettext("open for more than a week"), counts["old"]),
            ],
            items_heading=gettext("Waiting longest"),
            items=[
                WorkItem(
                    f"#{report.pk} {report.category.name}",
                    reverse("maps_admin:report", args=[report.pk]),
                    " · ".join(
                        part
                        for part in [
                            report.address
                            or (
                                gettext("near %(place)s") % {"place": places[report.pk]}
                                if report.pk in places
                                else ""
                            ),
                            gettext("%(age)s old") % {"age": timesince(report.created_at)},
                        ]
                        if part
                    ),
                )
                for report in oldest
            ],
            empty=gettext("No open reports."),
            order=20,
        )
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


class AnswerTemplateSnippets(AnswerTemplateViewSet):
    model = AnswerTemplate


class IncidentSettingsGroup(SnippetViewSetGroup):
    items = (ReportCategoryViewSet, AnswerTemplateSnippets, ApiKeyViewSet)
    menu_icon = "cog"
    menu_label = _("Report setup")
    menu_name = "report-settings"


register_snippet(IncidentSettingsGroup)
