"""Public booking in four screens: service and office → day and time → details → done.

No account is needed; a logged-in citizen gets name and e-mail filled in, and one whose
account has verified the address is booked at once. The secret token in e-mailed links is
the only key to a booking; the done page reaches its booking through the session only.
"""

import calendar
import datetime
import json
import unicodedata
from collections import Counter

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appointments import challenge, services
from appointments.forms import BookingForm
from appointments.maps import office_map
from appointments.models import BERLIN, Booking, BookingStatus, Office, Service, Slot
from appointments.notifications import booking_calendar, calendar_entry
from beteiligung.ical import CalendarEntry, build_calendar, calendar_response
from beteiligung.identity import trust_level_requirement
from beteiligung.ratelimit import over_limit

PREFILL_KEY = "appointments_prefill"
RESERVED_KEY = "appointments_reserved"


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


def folded(text: str) -> str:
    """Lower case without accents, so that "fuhrerschein" and "Führerschein" meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def id_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def index(request: HttpRequest) -> HttpResponse:
    """Screen 1: every bookable service with the offices that offer it, one link per pair.

    The search is a GET form (it works without JavaScript; static/appointments/booking.js
    filters the same list while typing). A pair is shown when every word of the query is
    in the service's or the office's name, description or address."""
    query = request.GET.get("q", "")[:100]
    words = folded(query).split()
    chosen = id_param(request.GET.get("leistung"))
    services_list = (
        bookable_services()
        .select_related("organisation")
        .prefetch_related("offices")
        .order_by("organisation__name", "sort_order", "name")
    )
    if chosen is not None:
        services_list = services_list.filter(pk=chosen)
    entries, shown_offices = [], {}
    for service in services_list:
        pairs = []
        for office in service.offices.all():
            if not office.active:
                continue
            text = folded(f"{service.name} {service.description} {office.name} {office.address}")
            pairs.append({"office": office, "text": text, "match": all(w in text for w in words)})
        if any(pair["match"] for pair in pairs):
            entries.append({"service": service, "pairs": [p for p in pairs if p["match"]]})
            shown_offices.update({p["office"].pk: p["office"] for p in pairs if p["match"]})
    return render(
        request,
        "appointments/index.html",
        {
            "entries": entries,
            "query": query,
            "chosen": entries[0]["service"] if chosen is not None and entries else None,
            **office_map(list(shown_offices.values())),
        },
    )


def offices(request: HttpRequest, service_id: int) -> HttpResponse:
    """The old second step (service → office): now the first screen, narrowed to the service."""
    service = get_object_or_404(bookable_services(), pk=service_id)
    return redirect(f"{reverse('appointments:index')}?{urlencode({'leistung': service.pk})}")


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


def free_slots_on(office: Office, date: datetime.date):
    start = datetime.datetime.combine(date, datetime.time.min, tzinfo=BERLIN)
    return office.free_slots().filter(
        start__gte=start, start__lt=start + datetime.timedelta(days=1)
    )


def days(request: HttpRequest, service_id: int, office_id: int) -> HttpResponse:
    """Screen 2: the month calendar and, below it, the free times of the chosen day.

    ``?tag=`` chooses the day (a plain link without JavaScript; booking.js swaps the part
    in place); without it the first free day of the month is shown, which saves a click."""
    service, office = service_office(service_id, office_id)
    services.release_due(office=office)
    today = timezone.localdate()
    chosen_day = day_param(request.GET.get("tag"))
    month = month_param(request.GET.get("monat"), today)
    if chosen_day is not None and "monat" not in request.GET:
        month = chosen_day.replace(day=1)
    last_month = (today + datetime.timedelta(days=office.horizon_days)).replace(day=1)
    if not today.replace(day=1) <= month <= last_month:
        month = today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    counts = free_days(office, weeks[0][0], weeks[-1][-1])
    free_in_month = sorted(d for d in counts if d.month == month.month and counts[d])
    if chosen_day is None or chosen_day.replace(day=1) != month:
        chosen_day = free_in_month[0] if free_in_month else None
    previous_month = (month - datetime.timedelta(days=1)).replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "appointments/days.html",
        {
            "service": service,
            "office": office,
            "month": month,
            "weeks": [
                [
                    {
                        "date": d,
                        "free": counts.get(d, 0),
                        "in_month": d.month == month.month,
                        "chosen": d == chosen_day,
                    }
                    for d in week
                ]
                for week in weeks
            ],
            "weekdays": [(WEEKDAYS_ABBR[i], WEEKDAYS[i]) for i in range(7)],
            "previous_month": previous_month if previous_month >= today.replace(day=1) else None,
            "next_month": next_month if next_month <= last_month else None,
            "first_free": office.free_slots().first(),
            "month_has_free": bool(free_in_month),
            "chosen_day": chosen_day,
            "slots": free_slots_on(office, chosen_day) if chosen_day else [],
        },
    )


def times(request: HttpRequest, service_id: int, office_id: int, day: str) -> HttpResponse:
    """The old day step: the times are now shown on the calendar screen."""
    service, office = service_office(service_id, office_id)
    date = day_param(day)
    if date is None:
        raise Http404
    return redirect(day_path(service, office, date))


def day_path(service: Service, office: Office, date: datetime.date) -> str:
    path = reverse("appointments:days", args=[service.pk, office.pk])
    return f"{path}?{urlencode({'tag': date.isoformat()})}#zeiten"


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


def verified_address(request: HttpRequest, email: str) -> bool:
    """The account has proved it owns the address: a confirmation link proves nothing new."""
    return (
        request.user.is_authenticated
        and bool(email)
        and EmailAddress.objects.filter(
            user=request.user, email__iexact=email, verified=True
        ).exists()
    )


def details(request: HttpRequest, service_id: int, slot_id: int) -> HttpResponse:
    """Screen 3: what was chosen (each with a way back), the details form and the check.

    The proof of work runs in the browser while the citizen types, so there is no separate
    review step; the POST is the reservation."""
    service = get_object_or_404(bookable_services(), pk=service_id)
    slot = get_object_or_404(
        Slot.objects.select_related("office"),
        pk=slot_id,
        office__services=service,
        office__active=True,
    )
    office = slot.office
    context = {
        "service": service,
        "slot": slot,
        "office": office,
        "day_path": day_path(service, office, slot.local_start().date()),
        "challenge_json": json.dumps(challenge.create_challenge()),
        "account_email": verified_email_of(request),
        # identity: a service may require a BundID login at a trust level.
        "trust_required": trust_level_requirement(
            request, service.min_trust_level, _("this appointment")
        ),
    }
    if context["trust_required"]:
        status = 403 if request.method == "POST" else 200
        return render(request, "appointments/details.html", context, status=status)
    if request.method != "POST":
        context["form"] = BookingForm(initial=initial_details(request))
        context["taken"] = slot.free == 0 or not slot.active
        return render(request, "appointments/details.html", context)

    form = BookingForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "appointments/details.html", context)

    # The reservation: rate limit, proof of work, then the conditional UPDATE.
    if rate_limited(request):
        return render(request, "appointments/rate_limited.html", context, status=429)
    if not challenge.verify(request.POST.get("pow", "")):
        context["pow_failed"] = True
        return render(request, "appointments/details.html", context, status=400)
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
            address_verified=verified_address(request, data["email"]),
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
        context["alternatives"] = free_slots_on(office, slot.local_start().date())[:12]
        return render(request, "appointments/details.html", context, status=409)
    request.session.pop(PREFILL_KEY, None)
    request.session[RESERVED_KEY] = booking.pk
    return redirect("appointments:reserved")


def verified_email_of(request: HttpRequest) -> str:
    """The logged-in citizen's verified primary address, or ""."""
    if not request.user.is_authenticated:
        return ""
    address = EmailAddress.objects.filter(user=request.user, verified=True, primary=True).first()
    return address.email if address else ""


def session_booking(request: HttpRequest) -> Booking:
    """The booking this browser has just made. The done page never shows the secret token:
    it would let an anonymous visitor confirm without the e-mail round trip."""
    booking_id = request.session.get(RESERVED_KEY)
    return get_object_or_404(
        Booking.objects.select_related("slot__office", "service"),
        pk=booking_id if isinstance(booking_id, int) else 0,
        personal_data_erased=False,
    )


def reserved(request: HttpRequest) -> HttpResponse:
    """Screen 4: what happens next and when, the reference, a calendar file, a way out."""
    booking = session_booking(request)
    return render(
        request,
        "appointments/reserved.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "office": booking.slot.office,
            "service": booking.service,
        },
    )


def reserved_ics(request: HttpRequest) -> HttpResponse:
    booking = session_booking(request)
    return calendar_response(booking_calendar(booking), f"termin-{booking.reference}.ics")


@require_POST
def reserved_cancel(request: HttpRequest) -> HttpResponse:
    booking = session_booking(request)
    if booking.can_cancel():
        services.cancel(booking)
    booking.refresh_from_db(fields=["status"])
    if booking.status == BookingStatus.CANCELLED:
        messages.success(request, _("Your appointment has been cancelled."))
    return redirect("appointments:reserved")


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
    if booking.can_cancel():
        services.cancel(booking)
    # A second click (or one racing the first) finds it cancelled: the same success.
    booking.refresh_from_db(fields=["status"])
    if booking.status == BookingStatus.CANCELLED:
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


def feed_entry(booking: Booking, *, with_names: bool) -> CalendarEntry:
    """A booking as the clerks' feed shows it. Calendar apps sync subscribed feeds to their
    provider's cloud, so by default it names only the reference and the service; the
    citizen's name, phone and note only when the office chose so (Office.feed_includes_names).
    """
    entry = calendar_entry(booking)
    entry.url = ""
    if with_names:
        entry.summary = f"{booking.service.name}: {booking.name or booking.reference}"
        parts = (booking.reference, booking.phone, booking.note)
    else:
        entry.summary = f"{booking.service.name}: {booking.reference}"
        parts = (booking.reference,)
    entry.description = "\n".join(part for part in parts if part)
    return entry


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
    entries = [feed_entry(booking, with_names=office.feed_includes_names) for booking in bookings]
    data = build_calendar(entries, name=office.name)
    return calendar_response(data, f"termine-{office.pk}.ics", inline=True)
