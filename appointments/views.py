"""Public booking: service → office → day → time → details → review → reservation.

No account is needed; a logged-in citizen gets name and e-mail filled in. The secret
token in e-mailed links is the only key to a booking.
"""

import calendar
import datetime
import json
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appointments import challenge, services
from appointments.forms import BookingForm
from appointments.maps import office_map
from appointments.models import BERLIN, Booking, BookingStatus, Office, Service, Slot
from appointments.notifications import booking_calendar, calendar_entry
from beteiligung.ical import build_calendar, calendar_response
from beteiligung.ratelimit import over_limit

PREFILL_KEY = "appointments_prefill"


def rate_limited(request: HttpRequest) -> bool:
    """At most APPOINTMENTS_RESERVE_RATE reservation attempts per IP address and minute."""
    limit = settings.APPOINTMENTS_RESERVE_RATE
    return over_limit(request, "appointments:reserve", limit, window=60)


def bookable_services():
    return Service.objects.filter(active=True, offices__active=True).distinct()


def service_office(service_id: int, office_id: int) -> tuple[Service, Office]:
    service = get_object_or_404(bookable_services(), pk=service_id)
    office = get_object_or_404(service.offices.filter(active=True), pk=office_id)
    return service, office


def index(request: HttpRequest) -> HttpResponse:
    services_list = (
        bookable_services()
        .select_related("organisation")
        .order_by("organisation__name", "sort_order", "name")
    )
    return render(request, "appointments/index.html", {"services": services_list})


def offices(request: HttpRequest, service_id: int) -> HttpResponse:
    service = get_object_or_404(bookable_services(), pk=service_id)
    office_list = list(service.offices.filter(active=True))
    return render(
        request,
        "appointments/offices.html",
        {"service": service, "offices": office_list, **office_map(office_list)},
    )


# Days the booking pages accept in a URL; far beyond any horizon, far from the limits of
# datetime (9999-12-31 plus a day overflowed and answered 500).
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


def day_param(value: str | None) -> datetime.date | None:
    """The day in ``value`` (YYYY-MM-DD), or None when it is no day the portal handles."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def month_param(value: str | None, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = datetime.date(year, month, 1)
    except (ValueError, OverflowError):  # 2026-13, 2026-99999999999999999999
        return today.replace(day=1)
    return first if FIRST_DAY <= first <= LAST_DAY else today.replace(day=1)


def free_days(office: Office, first: datetime.date, last: datetime.date) -> Counter:
    """Free seats per local day in the date range, from one query."""
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=BERLIN)
    end = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=BERLIN
    )
    counts: Counter = Counter()
    rows = office.free_slots().filter(start__gte=start, start__lt=end)
    for slot_start, capacity, booked in rows.values_list("start", "capacity", "booked"):
        counts[slot_start.astimezone(BERLIN).date()] += capacity - booked
    return counts


def days(request: HttpRequest, service_id: int, office_id: int) -> HttpResponse:
    service, office = service_office(service_id, office_id)
    today = timezone.localdate()
    month = month_param(request.GET.get("monat"), today)
    last_month = (today + datetime.timedelta(days=office.horizon_days)).replace(day=1)
    if not today.replace(day=1) <= month <= last_month:
        month = today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    counts = free_days(office, weeks[0][0], weeks[-1][-1])
    previous_month = (month - datetime.timedelta(days=1)).replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    first_free = office.free_slots().first()
    return render(
        request,
        "appointments/days.html",
        {
            "service": service,
            "office": office,
            "month": month,
            "weeks": [
                [
                    {"date": d, "free": counts.get(d, 0), "in_month": d.month == month.month}
                    for d in week
                ]
                for week in weeks
            ],
            "weekday_names": [calendar.day_abbr[i] for i in range(7)],
            "previous_month": previous_month if previous_month >= today.replace(day=1) else None,
            "next_month": next_month if next_month <= last_month else None,
            "first_free": first_free,
            "month_has_free": any(
                counts.get(d) for w in weeks for d in w if d.month == month.month
            ),
        },
    )


def times(request: HttpRequest, service_id: int, office_id: int, day: str) -> HttpResponse:
    service, office = service_office(service_id, office_id)
    date = day_param(day)
    if date is None:
        raise Http404
    services.release_due(office=office)
    start = datetime.datetime.combine(date, datetime.time.min, tzinfo=BERLIN)
    slots = office.free_slots().filter(
        start__gte=start, start__lt=start + datetime.timedelta(days=1)
    )
    return render(
        request,
        "appointments/times.html",
        {"service": service, "office": office, "date": date, "slots": slots},
    )


def initial_details(request: HttpRequest) -> dict:
    prefill = request.session.get(PREFILL_KEY, {})
    if request.user.is_authenticated:
        user = request.user
        return {
            "name": prefill.get("name") or user.get_full_name() or user.display_name,
            "email": user.email,
            "phone": prefill.get("phone", ""),
            "note": prefill.get("note", ""),
        }
    return prefill


def details(request: HttpRequest, service_id: int, slot_id: int) -> HttpResponse:
    service = get_object_or_404(bookable_services(), pk=service_id)
    slot = get_object_or_404(
        Slot.objects.select_related("office"),
        pk=slot_id,
        office__services=service,
        office__active=True,
    )
    office = slot.office
    context = {"service": service, "slot": slot, "office": office}
    if request.method != "POST":
        context["form"] = BookingForm(initial=initial_details(request))
        context["taken"] = slot.free == 0 or not slot.active
        return render(request, "appointments/details.html", context)

    form = BookingForm(request.POST)
    context["form"] = form
    if "edit" in request.POST or not form.is_valid():
        return render(request, "appointments/details.html", context)
    if "reserve" not in request.POST:
        context["challenge_json"] = json.dumps(challenge.create_challenge())
        return render(request, "appointments/review.html", context)

    # The final step: rate limit, proof of work, then the conditional UPDATE.
    if rate_limited(request):
        return render(request, "appointments/rate_limited.html", context, status=429)
    if not challenge.verify(request.POST.get("pow", "")):
        context["challenge_json"] = json.dumps(challenge.create_challenge())
        context["pow_failed"] = True
        return render(request, "appointments/review.html", context, status=400)
    data = form.cleaned_data
    try:
        booking = services.reserve(
            slot=slot,
            service=service,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            note=data["note"],
            user=request.user if request.user.is_authenticated else None,
        )
    except services.TooManyBookings:
        form.add_error(
            "email",
            _(
                "This e-mail address already has %(count)s active appointments. Please cancel one "
                "first or use the link in its e-mail."
            )
            % {"count": office.max_active_bookings},
        )
        return render(request, "appointments/details.html", context, status=409)
    except services.SlotTaken:
        # Keep what they typed for whichever time they pick next.
        request.session[PREFILL_KEY] = {
            key: data[key] for key in ("name", "email", "phone", "note")
        }
        context["taken"] = True
        context["alternatives"] = office.free_slots().filter(start__date=slot.local_start().date())[
            :12
        ]
        return render(request, "appointments/details.html", context, status=409)
    request.session.pop(PREFILL_KEY, None)
    request.session["appointments_reserved"] = booking.pk
    return redirect("appointments:reserved")


def reserved(request: HttpRequest) -> HttpResponse:
    booking_id = request.session.get("appointments_reserved")
    booking = get_object_or_404(
        Booking.objects.select_related("slot__office", "service"), pk=booking_id or 0
    )
    return render(request, "appointments/reserved.html", {"booking": booking})


def booking_by_token(token: str) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related("slot__office", "service"), token=token
    )
    # The unique lookup already found it; compare again in constant time for good measure.
    if not constant_time_compare(booking.token, token) or booking.personal_data_erased:
        raise Http404
    return booking


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    booking = booking_by_token(token)
    if request.method == "POST":
        try:
            services.confirm(booking)
        except services.ConfirmationExpired:
            return render(
                request,
                "appointments/confirm.html",
                {"booking": booking, "expired": True},
                status=410,
            )
        messages.success(request, _("Your appointment is confirmed. We have sent you an e-mail."))
        return redirect(booking.manage_path())
    if booking.status != BookingStatus.RESERVED:
        return redirect(booking.manage_path())
    expired = booking.reserved_until is None or booking.reserved_until <= timezone.now()
    return render(request, "appointments/confirm.html", {"booking": booking, "expired": expired})


def booking_detail(request: HttpRequest, token: str) -> HttpResponse:
    booking = booking_by_token(token)
    return render(
        request,
        "appointments/booking.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "office": booking.slot.office,
            "service": booking.service,
        },
    )


def booking_ics(request: HttpRequest, token: str) -> HttpResponse:
    booking = booking_by_token(token)
    return calendar_response(booking_calendar(booking), f"termin-{booking.reference}.ics")


@require_POST
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = booking_by_token(token)
    if booking.can_cancel() and services.cancel(booking):
        messages.success(request, _("Your appointment has been cancelled."))
    return redirect(booking.manage_path())


@require_POST
def rebook(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel, then start the booking flow again with the same details filled in."""
    booking = booking_by_token(token)
    if booking.can_cancel():
        services.cancel(booking)
    request.session[PREFILL_KEY] = {
        "name": booking.name,
        "email": booking.email,
        "phone": booking.phone,
    }
    messages.info(request, _("Your previous appointment is cancelled. Please choose a new time."))
    return redirect("appointments:days", booking.service_id, booking.slot.office_id)


def feed(request: HttpRequest, office_id: int, token: str) -> HttpResponse:
    """The clerks' private calendar feed: every active booking of the office."""
    office = get_object_or_404(Office, pk=office_id)
    if not constant_time_compare(office.feed_token, token):
        raise Http404
    since = timezone.now() - datetime.timedelta(days=7)
    bookings = (
        Booking.objects.filter(slot__office=office, slot__start__gte=since)
        .exclude(status=BookingStatus.EXPIRED)
        .select_related("slot__office", "service")
    )
    entries = []
    for booking in bookings:
        entry = calendar_entry(booking)
        entry.summary = f"{booking.service.name}: {booking.name or booking.reference}"
        entry.url = ""
        entry.description = "\n".join(
            part for part in (booking.reference, booking.phone, booking.note) if part
        )
        entries.append(entry)
    data = build_calendar(entries, name=office.name)
    return calendar_response(data, f"termine-{office.pk}.ics", inline=True)
