import datetime

from django import forms
from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from appointments import admin_urls
from appointments.models import ACTIVE_STATUSES, BERLIN, Booking, BookingStatus, Office, Service
from appointments.permissions import (
    STAFF_ROLES,
    OrganisationForm,
    OrganisationPermissionPolicy,
    staff_organisations,
)
from beteiligung.dashboard import WorkCount, WorkItem, WorkPanel, long_datetime
from beteiligung.snippets import OwnOrganisationSnippetViewSet

register_permission_policy(Office, OrganisationPermissionPolicy(Office))
register_permission_policy(Service, OrganisationPermissionPolicy(Service))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("termine/", include(admin_urls, namespace="appointments_admin"))]


class SchedulesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return staff_organisations(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_schedules_menu_item():
    return SchedulesMenuItem(
        _("Appointment schedule"),
        reverse("appointments_admin:index"),
        name="appointment-schedule",
        icon_name="date",
        order=240,
    )


@hooks.register("construct_homepage_panels")
def add_appointments_panel(request, panels) -> None:
    """Today's appointments at the user's offices: what is still to come, who did not come."""
    offices = list(Office.objects.filter(organisation__in=staff_organisations(request.user)))
    if not offices:
        return
    now = timezone.now()
    start = datetime.datetime.combine(timezone.localdate(), datetime.time.min, tzinfo=BERLIN)
    today = Booking.objects.filter(
        slot__office__in=offices,
        slot__start__gte=start,
        slot__start__lt=start + datetime.timedelta(days=1),
    )
    counts = today.aggregate(
        coming=Count("pk", filter=Q(status__in=ACTIVE_STATUSES, slot__start__gte=now)),
        attended=Count("pk", filter=Q(status=BookingStatus.ATTENDED)),
        no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
        open_past=Count("pk", filter=Q(status=BookingStatus.CONFIRMED, slot__start__lt=now)),
    )
    # The next ones from now on, today's or (when today is done) the coming days'.
    next_bookings = (
        Booking.objects.filter(
            slot__office__in=offices, status__in=ACTIVE_STATUSES, slot__start__gte=now
        )
        .select_related("slot", "service")
        .order_by("slot__start", "pk")[:5]
    )
    index = reverse("appointments_admin:index")
    first_plan = reverse("appointments_admin:day_plan", args=[offices[0].pk])
    panels.append(
        WorkPanel(
            name="appointments",
            heading=gettext("Today's appointments"),
            url=first_plan if len(offices) == 1 else index,
            link_label=gettext("Open the day plan")
            if len(offices) == 1
            else gettext("Open the day plans"),
            counts=[
                WorkCount(gettext("still to come today"), counts["coming"]),
                WorkCount(gettext("not yet marked (time passed)"), counts["open_past"]),
                WorkCount(gettext("attended"), counts["attended"]),
                WorkCount(gettext("did not come"), counts["no_show"]),
            ],
            items_heading=gettext("Next appointments"),
            items=[
                WorkItem(
                    f"{long_datetime(booking.slot.start)}: {booking.service.name}",
                    reverse("appointments_admin:day_plan", args=[booking.slot.office_id])
                    + f"?tag={timezone.localtime(booking.slot.start):%Y-%m-%d}",
                    booking.reference,
                )
                for booking in next_bookings
            ],
            empty=gettext("No appointments booked from now on."),
            order=30,
        )
    )


class OrganisationViewSet(OwnOrganisationSnippetViewSet):
    organisation_roles = STAFF_ROLES

    def get_queryset(self, request):
        return self.model.objects.filter(organisation__in=staff_organisations(request.user))


class OfficeViewSet(OrganisationViewSet):
    model = Office
    icon = "home"
    menu_label = _("Offices")
    list_display = ["name", "organisation", "active"]
    list_filter = ["organisation", "active"]
    search_fields = ["name", "address"]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            FieldPanel("accessibility"),
            FieldPanel("directions"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            FieldPanel("active"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("min_notice_hours"), FieldPanel("horizon_days")]),
                    FieldRowPanel([FieldPanel("max_active_bookings"), FieldPanel("hold_minutes")]),
                    FieldRowPanel([FieldPanel("holdback_minutes"), FieldPanel("reminder_days")]),
                    FieldPanel("retention_days"),
                ],
                heading=_("Booking policy"),
            ),
            MultiFieldPanel(
                [FieldPanel("feed_includes_names")],
                heading=_("Calendar feed"),
            ),
            InlinePanel("rules", heading=_("Opening hours"), label=_("opening rule")),
            InlinePanel("closures", heading=_("Closures"), label=_("closure")),
        ],
        base_form_class=OrganisationForm,
    )


class ServiceViewSet(OrganisationViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "organisation", "duration_minutes", "active"]
    list_filter = ["organisation", "active"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("duration_minutes"),
            FieldPanel("documents"),
            FieldPanel("offices", widget=forms.CheckboxSelectMultiple),
            FieldPanel("min_trust_level"),
            FieldPanel("active"),
            FieldPanel("sort_order"),
        ],
        base_form_class=OrganisationForm,
    )


class AppointmentSettingsGroup(SnippetViewSetGroup):
    items = (OfficeViewSet, ServiceViewSet)
    menu_icon = "date"
    menu_label = _("Appointment offer")
    menu_name = "appointment-settings"


register_snippet(AppointmentSettingsGroup)
