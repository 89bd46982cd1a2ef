"""Staff views in the Wagtail admin: day plan, marking, cancelling and booking on behalf,
the private calendar feed and statistics. Every view checks the office's organisation."""

import datetime
import functools

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appointments import services
from appointments.forms import StaffBookingForm
from appointments.models import BERLIN, Booking, BookingStatus, Office, Slot
from appointments.permissions import require_office_staff, staff_organisations
from appointments.views import day_param as public_day_param
from beteiligung.roles import staff_view

COUNTED = [
    BookingStatus.RESERVED,
    BookingStatus.CONFIRMED,
    BookingStatus.ATTENDED,
    BookingStatus.NO_SHOW,
]


def forbidden_as_403(view):
    """Wagtail turns PermissionDenied into a redirect to the dashboard; answer 403 instead,
    so that a clerk of another organisation (and any script) gets a clear refusal."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(
                request,
                "appointments/admin/403.html",
                {
                    "header_title": _("No access"),
                    "page_title": _("No access"),
                    "header_icon": "warning",
                },
                status=403,
            )

    return wrapper


def staff_office(request: HttpRequest, office_id: int) -> Office:
    office = get_object_or_404(Office.objects.select_related("organisation"), pk=office_id)
    require_office_staff(request.user, office)
    return office


def day_param(value: str | None) -> datetime.date:
    return public_day_param(value) or timezone.localdate()


def day_range(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=BERLIN)
    return start, start + datetime.timedelta(days=1)


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    offices = (
        Office.objects.filter(organisation__in=staff_organisations(request.user))
        .select_related("organisation")
        .annotate(
            conflicts=Count(
                "slots",
                filter=Q(
                    slots__active=False, slots__booked__gt=0, slots__start__gte=timezone.now()
                ),
            )
        )
    )
    return render(
        request,
        "appointments/admin/index.html",
        {
            "header_title": _("Appointment schedule"),
            "page_title": _("Appointment schedule"),
            "header_icon": "date",
            "offices": offices,
        },
    )


@staff_view
@forbidden_as_403
def day_plan(request: HttpRequest, office_id: int) -> HttpResponse:
    office = staff_office(request, office_id)
    day = day_param(request.GET.get("tag"))
    start, end = day_range(day)
    bookings = (
        Booking.objects.filter(slot__office=office, slot__start__gte=start, slot__start__lt=end)
        .exclude(status=BookingStatus.EXPIRED)
        .select_related("slot", "service")
        .order_by("slot__start", "pk")
    )
    slots = Slot.objects.filter(office=office, start__gte=start, start__lt=end)
    conflicts = Slot.objects.filter(
        office=office, active=False, booked__gt=0, start__gte=timezone.now()
    )
    return render(
        request,
        "appointments/admin/day_plan.html",
        {
            "header_title": office.name,
            # Wagtail's header shows page_title; without it the day plan had no heading.
            "page_title": _("Day plan"),
            "page_subtitle": office.name,
            "header_icon": "date",
            "office": office,
            "day": day,
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1),
            "bookings": bookings,
            "totals": slots.aggregate(capacity=Sum("capacity"), booked=Sum("booked")),
            "conflicts": conflicts,
            "feed_url": settings.SITE_URL + office.feed_path(),
        },
    )


@staff_view
@forbidden_as_403
@require_POST
def booking_action(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.select_related("slot__office"), pk=booking_id)
    office = booking.slot.office
    require_office_staff(request.user, office)
    action = request.POST.get("action")
    if action in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        services.mark(booking, action)
        messages.success(request, _("Booking %(ref)s updated.") % {"ref": booking.reference})
    elif action == "cancel" and services.cancel(booking, by_staff=True):
        messages.success(
            request,
            _("Booking %(ref)s cancelled; the citizen has been informed.")
            % {"ref": booking.reference},
        )
    day = booking.slot.local_start().date().isoformat()
    return redirect(reverse("appointments_admin:day_plan", args=[office.pk]) + f"?tag={day}")


@staff_view
@forbidden_as_403
def book(request: HttpRequest, office_id: int) -> HttpResponse:
    """Book for a caller: any free slot from now on, confirmed at once."""
    office = staff_office(request, office_id)
    day = day_param(request.GET.get("tag") or request.POST.get("tag"))
    start, end = day_range(day)
    slots = Slot.objects.filter(
        office=office,
        active=True,
        start__gte=max(start, timezone.now()),
        start__lt=end,
        booked__lt=F("capacity"),
    ).order_by("start")
    form = StaffBookingForm(request.POST or None, office=office, slots=slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.reserve(
                slot=data["slot"],
                service=data["service"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                note=data["note"],
                by_staff=True,
            )
        except services.SlotTaken:
            form.add_error("slot", _("Sorry, this appointment has just been taken."))
        else:
            messages.success(
                request,
                _("Booked: reference %(ref)s. Please tell the caller.")
                % {"ref": booking.reference},
            )
            return redirect(
                reverse("appointments_admin:day_plan", args=[office.pk]) + f"?tag={day}"
            )
    return render(
        request,
        "appointments/admin/book.html",
        {
            "header_title": _("Book for a caller"),
            "page_title": _("Book for a caller"),
            "page_subtitle": office.name,
            "header_icon": "date",
            "office": office,
            "day": day,
            "form": form,
        },
    )


@staff_view
@forbidden_as_403
@require_POST
def rotate_feed(request: HttpRequest, office_id: int) -> HttpResponse:
    office = staff_office(request, office_id)
    office.rotate_feed_token()
    messages.success(
        request, _("The calendar feed has a new address; the old one no longer works.")
    )
    return redirect("appointments_admin:day_plan", office.pk)


@staff_view
@forbidden_as_403
def statistics(request: HttpRequest, office_id: int) -> HttpResponse:
    office = staff_office(request, office_id)
    bookings = Booking.objects.filter(slot__office=office)
    per_service = (
        bookings.values("service__name")
        .annotate(
            total=Count("pk", filter=~Q(status=BookingStatus.EXPIRED)),
            cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
            attended=Count("pk", filter=Q(status=BookingStatus.ATTENDED)),
            no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
        )
        .order_by("service__name")
    )
    rows = []
    for row in per_service:
        judged = row["attended"] + row["no_show"]
        row["no_show_rate"] = round(100 * row["no_show"] / judged) if judged else None
        rows.append(row)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    first, last = monday - datetime.timedelta(weeks=8), monday + datetime.timedelta(weeks=5)
    weeks = {}
    slots = Slot.objects.filter(
        office=office,
        start__gte=datetime.datetime.combine(first, datetime.time.min, tzinfo=BERLIN),
        start__lt=datetime.datetime.combine(last, datetime.time.min, tzinfo=BERLIN),
    ).annotate(taken=Count("bookings", filter=Q(bookings__status__in=COUNTED)))
    for start, capacity, taken in slots.values_list("start", "capacity", "taken"):
        week = start.astimezone(BERLIN).date()
        week -= datetime.timedelta(days=week.weekday())
        seats, used = weeks.get(week, (0, 0))
        weeks[week] = (seats + capacity, used + taken)
    utilisation = [
        {
            "week": week,
            "capacity": seats,
            "booked": used,
            "percent": round(100 * used / seats) if seats else 0,
        }
        for week, (seats, used) in sorted(weeks.items())
    ]
    return render(
        request,
        "appointments/admin/statistics.html",
        {
            "header_title": _("Statistics"),
            "page_title": _("Statistics"),
            "page_subtitle": office.name,
            "header_icon": "date",
            "office": office,
            "rows": rows,
            "utilisation": utilisation,
        },
    )
