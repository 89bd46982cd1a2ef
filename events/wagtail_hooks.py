from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton

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
        _("Event registrations"),
        reverse("events_admin:index"),
        name="event-registrations",
        icon_name="date",
        order=260,
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
