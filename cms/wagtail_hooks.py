from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.models import AbstractPage
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.answer_templates import AnswerTemplate, AnswerTemplatePolicy
from cms.permissions import page_policy, pages_of_own_organisations

# Replaces Wagtail's page policy for every page type: listings, choosers, reports and workflow
# notifications then respect the organisation boundary too. Registered before anything asks.
register_permission_policy(AbstractPage, page_policy)
register_permission_policy(AnswerTemplate, AnswerTemplatePolicy(AnswerTemplate))


@hooks.register("construct_page_chooser_queryset")
def page_chooser_shows_own_organisation(pages, request):
    return pages_of_own_organisations(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_own_organisation(parent_page, pages, request):
    return pages_of_own_organisations(pages, request.user)


@hooks.register("after_create_page")
def grant_organisation_on_new_page(request, page) -> None:
    """A page that belongs to an organisation becomes editable by that organisation's staff."""
    organisation = getattr(page.specific, "organisation", None)
    if organisation is not None:
        organisation.grant_page(page)


@hooks.register("register_admin_urls")
def register_weighing_urls():
    from django.urls import include, path

    from cms import admin_urls

    return [path("abwaegung/", include(admin_urls, namespace="cms_weighing"))]


class WeighingMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        from beteiligung.roles import organisations_for
        from cms.weighing import WEIGHING_ROLES

        return organisations_for(request.user, *WEIGHING_ROLES).exists()


@hooks.register("register_admin_menu_item")
def register_weighing_menu_item():
    return WeighingMenuItem(
        _("Weighing"),
        reverse("cms_weighing:index"),
        name="weighing",
        icon_name="list-ul",
        order=210,
    )


# Dashboard: statements to weigh (the staff helper's part) --------------------------------


@hooks.register("construct_homepage_panels")
def add_weighing_panel(request, panels) -> None:
    """Statements not yet weighed, per procedure of the user's organisations, with the end of
    its participation phase (the deadline the weighing follows)."""
    from django.db.models import Count, Max, OuterRef, Q, Subquery
    from django.utils.translation import gettext

    from beteiligung.dashboard import WorkCount, WorkItem, WorkPanel, long_datetime
    from beteiligung.roles import organisations_for
    from cms.procedures import Phase, PhaseKind, ProcedurePage, Statement, StatementStatus
    from cms.weighing import WEIGHING_ROLES

    organisations = organisations_for(request.user, *WEIGHING_ROLES)
    if not request.user.is_superuser and not organisations.exists():
        return
    open_statuses = [StatementStatus.SUBMITTED, StatementStatus.IN_REVIEW]
    participation_end = (
        Phase.objects.filter(page=OuterRef("pk"), kind=PhaseKind.PARTICIPATION)
        .values("page")
        .annotate(end=Max("end"))
        .values("end")
    )
    with_open = (
        ProcedurePage.objects.filter(organisation__in=organisations)
        .annotate(
            open_count=Count("statements", filter=Q(statements__status__in=open_statuses)),
            deadline=Subquery(participation_end),
        )
        .filter(open_count__gt=0)
    )
    procedures = list(with_open.order_by("deadline", "title")[:5])
    totals = Statement.objects.filter(
        procedure__organisation__in=organisations, status__in=open_statuses
    ).aggregate(statements=Count("pk"), procedures=Count("procedure", distinct=True))
    index = reverse("cms_weighing:index")
    panels.append(
        WorkPanel(
            name="weighing",
            heading=gettext("Statements to weigh"),
            url=index,
            link_label=gettext("Weighing of statements"),
            counts=[
                WorkCount(gettext("statements not yet weighed"), totals["statements"], index),
                WorkCount(gettext("procedures with open statements"), totals["procedures"]),
            ],
            items_heading=gettext("By procedure"),
            items=[
                WorkItem(
                    procedure.title,
                    reverse("cms_weighing:table", args=[procedure.pk]),
                    " · ".join(
                        part
                        for part in [
                            gettext("%(count)s open") % {"count": procedure.open_count},
                            gettext("participation until %(date)s")
                            % {"date": long_datetime(procedure.deadline)}
                            if procedure.deadline
                            else "",
                        ]
                        if part
                    ),
                )
                for procedure in procedures
            ],
            empty=gettext("No statements waiting to be weighed."),
            order=10,
        )
    )


# Planning area editor: Leaflet and its drawing plugin, only in the page editor, served by us.
@hooks.register("insert_editor_js")
def area_editor_js():
    from django.templatetags.static import static
    from django.utils.html import format_html_join

    scripts = [
        "vendor/leaflet/leaflet.js",
        "vendor/geoman/leaflet-geoman.min.js",
        "js/area-editor.js",
    ]
    return format_html_join("\n", '<script src="{}"></script>', ((static(s),) for s in scripts))


@hooks.register("insert_global_admin_css")
def area_editor_css():
    from django.templatetags.static import static
    from django.utils.html import format_html_join

    sheets = [
        "vendor/leaflet/leaflet.css",
        "vendor/geoman/leaflet-geoman.css",
        "cms/area-editor.css",
    ]
    return format_html_join(
        "\n", '<link rel="stylesheet" href="{}">', ((static(s),) for s in sheets)
    )


@hooks.register("before_publish_page")
def new_page_published_only_by_its_organisation(request, page):
    """Creating and publishing in one go (cms.procedures.ProcedureIndexPermissionTester) is
    allowed only when the chosen organisation lets this user publish; otherwise the new page
    stays a draft of its organisation (and goes to its approval workflow from there)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from cms.procedures import may_publish_new_page

    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "add":
        return None
    organisation = getattr(page.specific, "organisation", None)
    if organisation is None:
        return None
    # Before the publish, not only after the page is created (grant_organisation_on_new_page):
    # Wagtail checks the publish right on the new page itself, and without the organisation's
    # rights on it the editor was turned away with "Sie haben leider keinen Zugang". The
    # page policy keeps the user's rights for the request; let it read them again.
    organisation.grant_page(page)
    for cache in ("_organisation_page_permission_cache", "_page_permission_cache"):
        if hasattr(request.user, cache):
            delattr(request.user, cache)
    if may_publish_new_page(request.user, organisation):
        return None
    messages.warning(
        request,
        _(
            "The page was saved as a draft: pages of %(organisation)s are published after "
            "approval. Submit it for approval in the menu below."
        )
        % {"organisation": organisation},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


class AnswerTemplateViewSet(SnippetViewSet):
    """Answer templates (Textbausteine) of the planners' organisations, under Snippets."""

    model = AnswerTemplate
    icon = "openquote"
    menu_label = _("Answer templates")
    list_display = ["title", "organisation", "result"]
    list_filter = ["organisation"]
    search_fields = ["title", "text"]
    panels = [
        FieldPanel("organisation"),
        FieldPanel("title"),
        FieldPanel("result"),
        FieldPanel("text"),
    ]

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change"]
        )


register_snippet(AnswerTemplateViewSet)


# Public agencies (Träger öffentlicher Belange): invitations and who has not answered --------


@hooks.register("register_admin_urls")
def register_agency_urls():
    from django.urls import include, path

    from cms import agency_admin_urls

    return [path("traeger/", include(agency_admin_urls, namespace="cms_agencies"))]


class AgencyMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        from beteiligung.roles import organisations_for
        from cms.agency_admin import INVITING_ROLES

        return organisations_for(request.user, *INVITING_ROLES).exists()


@hooks.register("register_admin_menu_item")
def register_agency_menu_item():
    return AgencyMenuItem(
        pgettext_lazy("admin menu", "Public agencies"),
        reverse("cms_agencies:index"),
        name="agencies",
        icon_name="group",
        order=215,
    )


@hooks.register("register_page_header_buttons")
def agency_button_on_procedures(page, user, view_name, next_url=None):
    """From the procedure's page in the admin to its agencies."""
    from wagtail.admin.widgets import Button

    from beteiligung.roles import has_role
    from cms.agency_admin import INVITING_ROLES
    from cms.procedures import ProcedurePage

    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if not isinstance(specific, ProcedurePage):
        return
    if has_role(user, specific.organisation, *INVITING_ROLES):
        yield Button(
            _("Public agencies"),
            reverse("cms_agencies:procedure", args=[page.pk]),
            icon_name="group",
            priority=40,
        )


@hooks.register("construct_homepage_panels")
def add_agency_panel(request, panels) -> None:
    """Invited agencies whose deadline passed without a released statement."""
    from django.utils.translation import gettext

    from beteiligung.dashboard import WorkCount, WorkItem, WorkPanel, long_datetime
    from beteiligung.roles import organisations_for
    from cms.agency_admin import INVITING_ROLES, overdue_for

    if not organisations_for(request.user, *INVITING_ROLES).exists():
        return
    overdue = overdue_for(request.user)
    count = overdue.count()
    if not count:
        return
    index = reverse("cms_agencies:index")
    panels.append(
        WorkPanel(
            name="agencies",
            heading=gettext("Agencies that have not answered"),
            url=index,
            link_label=gettext("Public agencies"),
            counts=[
                WorkCount(
                    gettext("invitations past the deadline without a statement"), count, index
                )
            ],
            items_heading=gettext("By procedure"),
            items=[
                WorkItem(
                    f"{invitation.agency.name} – {invitation.procedure.title}",
                    reverse("cms_agencies:procedure", args=[invitation.procedure_id]),
                    gettext("deadline %(date)s") % {"date": long_datetime(invitation.deadline)},
                )
                for invitation in overdue[:5]
            ],
            empty="",
            order=15,
        )
    )
