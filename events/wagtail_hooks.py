from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton

from beteiligung.dashboard import WorkCount, WorkItem, WorkPanel, long_datetime
from beteiligung.roles import has_role, organisations_for
from events import admin_views
from events.models import EventPage

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<id:event_id>/", admin_views.registrations, name="registrations"),
    path("<id:event_id>/export.csv", admin_views.export, {"fmt": "csv"}, name="export_csv"),
    path("<id:event_id>/export.xlsx", admin_views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<id:event_id>/nachricht/", admin_views.message, name="message"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "veranstaltungen/anmeldungen/",
            include((admin_urlpatterns, "events_admin"), namespace="events_admin"),
        )
    ]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return organisations_for(request.user, *admin_views.STAFF_ROLES).exists()


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return RegistrationsMenuItem(
        _("Registrations"),
        reverse("events_admin:index"),
        name="event-registrations",
        icon_name="group",
        order=230,
    )


@hooks.register("construct_homepage_panels")
def add_registrations_panel(request, panels) -> None:
    """Upcoming events with registration of the user's organisations, the next first."""
    organisations = organisations_for(request.user, *admin_views.STAFF_ROLES)
    if not request.user.is_superuser and not organisations.exists():
        return
    upcoming = EventPage.objects.live().filter(
        organisation__in=organisations, registration_enabled=True, end__gte=timezone.now()
    )
    index = reverse("events_admin:index")
    events = list(
        upcoming.annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        ).order_by("start", "pk")[:5]
    )
    panels.append(
        WorkPanel(
            name="registrations",
            heading=gettext("Events with registration"),
            url=index,
            link_label=gettext("Open the registrations"),
            counts=[
                WorkCount(gettext("upcoming events"), upcoming.count(), index),
                WorkCount(
                    gettext("on waiting lists (next events)"), sum(e.waiting for e in events)
                ),
            ],
            items_heading=gettext("Next events"),
            items=[
                WorkItem(
                    event.title,
                    reverse("events_admin:registrations", args=[event.pk]),
                    long_datetime(event.start)
                    + " · "
                    + gettext("%(confirmed)s registered, %(waiting)s waiting")
                    % {"confirmed": event.confirmed, "waiting": event.waiting},
                )
                for event in events
            ],
            empty=gettext("No upcoming events with registration."),
            order=40,
        )
    )


@hooks.register("register_page_listing_buttons")
def registrations_button(page, user, next_url=None):
    if page.specific_class is not EventPage:
        return
    event = page.specific_deferred
    if event.registration_enabled and has_role(user, event.organisation, *admin_views.STAFF_ROLES):
        yield ListingButton(
            _("Registrations"),
            reverse("events_admin:registrations", args=[page.pk]),
            priority=30,
        )
