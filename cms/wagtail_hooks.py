from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import AbstractPage
from wagtail.permissions import register_permission_policy

from cms.permissions import page_policy, pages_of_own_organisations

# Replaces Wagtail's page policy for every page type: listings, choosers, reports and workflow
# notifications then respect the organisation boundary too. Registered before anything asks.
register_permission_policy(AbstractPage, page_policy)


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
