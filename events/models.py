"""Events (Veranstaltungen): the index page, the event page, seats and registrations."""

import datetime
import hashlib
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from beteiligung.api_serializers import OrganisationSerializer
from beteiligung.ical import CalendarEntry, Party, portal_party
from cms.blocks import BodyBlock
from cms.models import OrganisationPage, OrganisationPageForm, in_private_section
from cms.procedures import ProcedurePage

CANCEL_SALT = "events.registration.cancel"
RETENTION_DAYS = 30


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(path_or_url: str) -> str:
    if path_or_url.startswith("/"):
        return settings.SITE_URL + path_or_url
    return path_or_url


def local_date(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date()


class EventIndexPage(Page):
    """/veranstaltungen/: every upcoming event of the portal, filters, month view, past events."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        from events.listing import EventFilter, month_view
        from events.views import webcal

        event_filter = EventFilter(request.GET)
        events = event_filter.apply(EventPage.objects.listed())
        now = timezone.now()
        context = self.get_context(request)
        query_string = event_filter.query_string()
        month = event_filter.month()
        past = request.GET.get("zeit") == "vergangen"
        if month is not None:
            context["month"] = month_view(events, *month)
        elif past:
            events = events.filter(end__lt=now).order_by("-start", "pk")
            context["page_obj"] = Paginator(events, 20).get_page(request.GET.get("seite"))
        else:
            events = events.filter(end__gte=now).order_by("start", "pk")
            context["page_obj"] = Paginator(events, 20).get_page(request.GET.get("seite"))
        context.update(
            filter=event_filter,
            past=past,
            today=timezone.localdate().isoformat(),
            query_string=query_string,
            pagination_query=query_string + ("&zeit=vergangen" if past else ""),
            feed_url=event_filter.feed_url(),
            webcal_feed_url=webcal(event_filter.feed_url()),
        )
        return render(request, self.get_template(request), context)


class EventPageQuerySet(PageQuerySet):
    def listed(self) -> "EventPageQuerySet":
        """Live, public events with what a list shows, in a constant number of queries."""
        return (
            self.live()
            .exclude(in_private_section())
            .select_related("organisation", "procedure")
            .defer_streamfields()
        )


class EventPageForm(OrganisationPageForm):
    """Editors may not shrink the capacity below the persons already confirmed."""

    def clean(self):
        cleaned_data = super().clean()
        capacity = cleaned_data.get("capacity")
        if self.instance.pk and capacity is not None:
            seats = EventSeats.objects.filter(event_id=self.instance.pk).first()
            if seats is not None and capacity < seats.taken:
                self.add_error(
                    "capacity",
                    _("%(taken)s persons are already registered; the capacity cannot be lower.")
                    % {"taken": seats.taken},
                )
        return cleaned_data


class EventPage(OrganisationPage):
    intro = models.TextField(
        _("short description"), max_length=600, help_text=_("Shown in lists and calendars.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("Only the dates count; for several days, set the end to the last day."),
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.TextField(_("address"), max_length=400, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("For online events: where people join.")
    )
    venue_accessibility = models.TextField(
        _("accessibility of the venue"),
        blank=True,
        help_text=_("Step-free access, accessible toilet, hearing loop, sign language …"),
    )
    procedure = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("related procedure"),
    )
    registration_enabled = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity (persons)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    ask_persons = models.BooleanField(_("ask for the number of persons"), default=False)
    max_persons = models.PositiveSmallIntegerField(_("most persons per registration"), default=4)
    ask_needs = models.BooleanField(_("ask for accessibility needs"), default=True)
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Keeps the page, marks the event as cancelled and informs registrants."),
    )
    # Kept across revisions (see with_content_json): calendar clients rely on a SEQUENCE that
    # only ever grows, and the fingerprint tells which publish changed date, place or status.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    parent_page_types = ["events.EventIndexPage", "cms.ProcedurePage"]
    subpage_types: list[str] = []
    base_form_class = EventPageForm
    objects = PageManager.from_queryset(EventPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("organisation"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("online_url"),
                FieldPanel("venue_accessibility"),
            ],
            heading=_("Place"),
        ),
        PageChooserPanel("procedure", "cms.ProcedurePage"),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
                FieldRowPanel([FieldPanel("ask_persons"), FieldPanel("max_persons")]),
                FieldPanel("ask_needs"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("cancelled"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.FilterField("start"),
        index.FilterField("organisation"),
    ]
    api_fields = [
        APIField("organisation", serializer=OrganisationSerializer(read_only=True)),
        APIField("intro"),
        APIField("body"),
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("place_name"),
        APIField("address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("online_url"),
        APIField("venue_accessibility"),
        APIField("procedure"),
        APIField("registration_enabled"),
        APIField("capacity"),
        APIField("registration_deadline"),
        APIField("cancelled"),
        APIField("seats_left"),
        APIField("ics_url"),
    ]
    api_prefetch = ["organisation", "seat_count"]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start and self.end:
            if self.all_day and local_date(self.end) < local_date(self.start):
                errors["end"] = _("The last day cannot be before the first day.")
            elif not self.all_day and self.end <= self.start:
                errors["end"] = _("The end must be after the start.")
        if not (self.place_name or self.address or self.online_url):
            errors["place_name"] = _("Please give a place, an address or an online link.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Please give both latitude and longitude, or neither.")
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = _("The deadline must be before the event starts.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # An event created inside a procedure belongs to it without a second click.
        if self.procedure_id is None and self.depth and self.depth > 1:
            parent = self.get_parent()
            if parent is not None and parent.specific_class.__name__ == "ProcedurePage":
                self.procedure_id = parent.pk
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.sequence = self.sequence
        page.calendar_fingerprint = self.calendar_fingerprint
        return page

    # Routing: <event url>ical/ gives the event's calendar file ------------------------

    def route(self, request: HttpRequest, path_components: list[str]):
        if path_components == ["ical"] and self.live:
            return RouteResult(self, kwargs={"ical": True})
        return super().route(request, path_components)

    def serve(self, request: HttpRequest, *args, ical: bool = False, **kwargs) -> HttpResponse:
        from events import views

        if ical:
            return views.event_calendar_response(self)
        return views.event_page(request, self)

    # Dates -------------------------------------------------------------------------

    @property
    def first_day(self) -> datetime.date:
        return local_date(self.start)

    @property
    def last_day(self) -> datetime.date:
        return local_date(self.end)

    @property
    def is_multi_day(self) -> bool:
        return self.last_day > self.first_day

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not (self.place_name or self.address)

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        return self.end < (now or timezone.now())

    def deletion_date(self) -> datetime.date:
        return self.last_day + datetime.timedelta(days=RETENTION_DAYS)

    # Registration ------------------------------------------------------------------

    def registration_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if not self.registration_enabled or self.cancelled or self.start <= now:
            return False
        return self.registration_deadline is None or now <= self.registration_deadline

    @property
    def seats_left(self) -> int | None:
        """Free seats for the API; None without registration or without a limit."""
        if not self.registration_enabled or self.capacity is None:
            return None
        # Read only: a GET must not create the counter row (seats() would).
        try:
            taken = self.seat_count.taken  # prefetched by the API (api_prefetch)
        except EventSeats.DoesNotExist:
            taken = 0
        return max(self.capacity - taken, 0)

    @property
    def ics_url(self) -> str:
        return absolute_url(f"{self.url}ical/") if self.url else ""

    def seats(self) -> "EventSeats":
        seats, _created = EventSeats.objects.get_or_create(
            event=self, defaults={"capacity": self.capacity}
        )
        return seats

    # Calendar ----------------------------------------------------------------------

    @property
    def calendar_uid(self) -> str:
        return f"event-{self.pk}@{site_host()}"

    def location_text(self) -> str:
        parts = [self.place_name, " ".join(self.address.split())] if not self.is_online else []
        text = ", ".join(part for part in parts if part)
        return text or self.online_url

    def calendar_organizer(self) -> Party:
        organisation = self.organisation
        return portal_party(organisation.email, organisation.name)

    def calendar_entry(self, url: str | None = None) -> CalendarEntry:
        url = absolute_url(url if url is not None else self.url or "")
        if self.all_day:
            start, end = self.first_day, self.last_day + datetime.timedelta(days=1)
        else:
            start, end = self.start, self.end
        description = self.intro
        if self.online_url and self.online_url not in description:
            description = f"{description}\n\n{_('Online')}: {self.online_url}".strip()
        geo = None
        if self.latitude is not None and self.longitude is not None:
            geo = (float(self.latitude), float(self.longitude))
        return CalendarEntry(
            uid=self.calendar_uid,
            summary=self.title,
            start=start,
            end=end,
            description=description,
            location=self.location_text(),
            url=url,
            sequence=self.sequence,
            cancelled=self.cancelled,
            geo=geo,
            last_modified=self.last_published_at,
            organizer=self.calendar_organizer(),
        )

    def fingerprint(self) -> str:
        """What calendar clients and registrants care about: a change here raises SEQUENCE."""
        parts = [
            self.title,
            self.start.isoformat(),
            self.end.isoformat(),
            str(self.all_day),
            self.place_name,
            self.address,
            self.online_url,
            str(self.cancelled),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class EventSeats(models.Model):
    """The one row that registrations lock and count against; never part of a revision.

    Kept apart from the page because publishing a page saves every column from the
    revision, which would overwrite a counter that changed in the meantime.
    """

    event = models.OneToOneField(
        EventPage, on_delete=models.CASCADE, primary_key=True, related_name="seat_count"
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    taken = models.PositiveIntegerField(_("confirmed persons"), default=0)

    class Meta:
        verbose_name = _("seats")
        verbose_name_plural = _("seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(taken__lte=models.F("capacity")),
                name="events_seats_never_overbooked",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.taken}/{self.capacity}"

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    needs = models.TextField(_("accessibility needs"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, db_index=True
    )
    language = models.CharField(_("language"), max_length=8, default="de")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    delete_after = models.DateField(_("delete after"))
    contact_consent = models.BooleanField(_("may be contacted about the procedure"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(condition=Q(persons__gte=1), name="events_registration_persons"),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="events_one_active_registration_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    def waiting_position(self) -> int | None:
        """Place on the waiting list (1 = next to move up), None when not waiting."""
        if self.status != RegistrationStatus.WAITING:
            return None
        ahead = Registration.objects.filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk),
            event_id=self.event_id,
            status=RegistrationStatus.WAITING,
        )
        return ahead.count() + 1

    def cancel_path(self) -> str:
        return reverse("events:cancel", args=[self.cancel_token()])

    def cancel_token(self) -> str:
        # Without a timestamp the link stays the same in every e-mail to this person.
        return signing.Signer(salt=CANCEL_SALT).sign(str(self.pk))

    @classmethod
    def from_cancel_token(cls, token: str) -> "Registration | None":
        try:
            pk = int(signing.Signer(salt=CANCEL_SALT).unsign(token))
        except (signing.BadSignature, ValueError):
            return None
        return cls.objects.select_related("event").filter(pk=pk).first()

    def cancel_url(self) -> str:
        return absolute_url(reverse("events:cancel", args=[self.cancel_token()]))


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send the confirmation and a cancel link here.")
    )
    persons = forms.TypedChoiceField(label=_("Number of persons"), coerce=int, initial=1)
    needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. sign language interpretation, step-free seat, large print."),
    )
    privacy = forms.BooleanField(
        label=_("I agree that my details are stored until 30 days after the event.")
    )
    contact_consent = forms.BooleanField(
        label=_("The staff of this procedure may write to me about it (optional)."),
        required=False,
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, event: EventPage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if event.ask_persons:
            self.fields["persons"].choices = [(n, str(n)) for n in range(1, event.max_persons + 1)]
        else:
            del self.fields["persons"]
        if not event.ask_needs:
            del self.fields["needs"]
        # Only an event of a procedure has someone to write about it later.
        if event.get_parent().specific_class is not ProcedurePage:
            del self.fields["contact_consent"]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""
