"""Public views: the event page with its registration form, calendar files and feeds, and
cancelling a registration through the signed link from the e-mail."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from beteiligung.ical import build_calendar, calendar_response
from beteiligung.limits import same_address
from beteiligung.ratelimit import over_limit
from events import calendar_feed, services
from events.listing import EventFilter
from events.maps import event_map
from events.models import EventPage, Registration, RegistrationForm, RegistrationStatus

FEED_LIMIT = 5000
REGISTRATIONS_PER_HOUR = 20


def event_calendar_response(event: EventPage) -> HttpResponse:
    data = build_calendar([event.calendar_entry()], name=event.title, method="PUBLISH")
    return calendar_response(data, f"{event.slug}.ics")


def webcal(url: str) -> str:
    absolute = url if "://" in url else settings.SITE_URL + url
    return "webcal://" + absolute.split("://", 1)[1]


def too_many_registrations(request: HttpRequest) -> bool:
    """At most REGISTRATIONS_PER_HOUR registrations per client address and hour."""
    return over_limit(request, "events:register", REGISTRATIONS_PER_HOUR)


SESSION_KEY = "events:registrations"


def remember_registration(request: HttpRequest, registration: Registration) -> None:
    """The browser that registered sees its registration on the page, even without an account."""
    known = [pk for pk in request.session.get(SESSION_KEY, []) if pk != registration.pk]
    request.session[SESSION_KEY] = [*known[-19:], registration.pk]


def own_registration(request: HttpRequest, event: EventPage) -> Registration | None:
    """The active registration of this visitor: by account (or its address), else the ones
    this browser made."""
    mine = Q(pk__in=request.session.get(SESSION_KEY, []))
    if request.user.is_authenticated:
        mine |= Q(user=request.user)
        if request.user.email:
            mine |= same_address(request.user.email)
    return (
        event.registrations.filter(mine)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("-created_at", "-pk")
        .first()
    )


def event_page(request: HttpRequest, event: EventPage) -> HttpResponse:
    initial = {}
    if request.user.is_authenticated:
        initial = {
            "name": request.user.get_full_name() or request.user.display_name,
            "email": request.user.email,
        }
    form = RegistrationForm(request.POST or None, event=event, initial=initial)
    limited = request.method == "POST" and too_many_registrations(request)
    if limited:
        form.add_error(
            None, _("Too many registrations from your connection. Please try again later.")
        )
    if request.method == "POST" and event.registration_open() and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register(
                event,
                name=data["name"],
                email=data["email"],
                persons=data.get("persons", 1),
                needs=data.get("needs", ""),
                user=request.user,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                contact_consent=data.get("contact_consent", False),
            )
        except services.RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            remember_registration(request, registration)
            return redirect(f"{event.url}?angemeldet={registration.status}#anmeldung")
    seats = event.seats() if event.registration_enabled else None
    # A cancelled event has no registrations to show; its page says it is cancelled.
    showing = event.registration_enabled and not event.cancelled
    mine = own_registration(request, event) if showing else None
    context = event.get_context(request)
    context.update(
        form=form,
        registration=mine,
        # A bound form carries an error to show; otherwise one registration is enough,
        # unless the visitor asks to register someone else.
        show_form=mine is None or request.method == "POST" or "weitere" in request.GET,
        seats=seats,
        registered=request.GET.get("angemeldet"),
        map=event_map(event),
        ics_url=f"{event.url}ical/",
        webcal_url=webcal(f"{event.url}ical/"),
        now=timezone.now(),
    )
    # The page again, with the form as typed and the reason, under the status that says it.
    return render(request, event.get_template(request), context, status=429 if limited else 200)


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = EventPage.objects.live().public().filter(slug=slug).order_by("pk").first()
    if event is None:
        raise Http404
    return event_calendar_response(event)


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """All upcoming events, optionally of one organisation (?organisation=<slug>) or one
    procedure (?verfahren=<id>); clients subscribe to it with webcal://."""
    event_filter = EventFilter(request.GET)
    if event_filter.form.errors:
        raise Http404
    events = event_filter.apply(EventPage.objects.listed()).filter(end__gte=timezone.now())
    name = settings.WAGTAIL_SITE_NAME + " – " + _("Events")
    values = event_filter.values
    if values.get("organisation"):
        name += f" – {values['organisation'].name}"
    data = calendar_feed.feed_bytes(request, events, name=name, limit=FEED_LIMIT)
    return calendar_response(data, "kalender.ics", inline=True)


def cancel_registration(request: HttpRequest, token: str) -> HttpResponse:
    registration = Registration.from_cancel_token(token)
    if registration is None:
        raise Http404
    event = registration.event
    if request.method == "POST" and registration.is_active:
        services.cancel(registration)
        return redirect(request.path + "?erledigt=1")
    return render(
        request,
        "events/cancel_registration.html",
        {
            "registration": registration,
            "event": event,
            "done": request.GET.get("erledigt") == "1"
            or registration.status == RegistrationStatus.CANCELLED,
        },
    )
