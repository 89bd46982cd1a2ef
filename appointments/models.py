"""Offices, services, opening rules, closures, the slots generated from them, and bookings.

The capacity guarantee lives in the database: ``Slot.booked`` is only ever raised by a
conditional UPDATE (``booked < capacity``), and a CheckConstraint rejects anything else.
"""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from beteiligung.models import min_trust_level_field

BERLIN = ZoneInfo("Europe/Berlin")
# No 0/O, 1/I/L: the code is read out on the phone and typed from paper.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


def new_booking_token() -> str:
    return secrets.token_urlsafe(32)


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"T-{chars[:4]}-{chars[4:]}"


class Office(ClusterableModel):
    organisation = models.ForeignKey(
        "beteiligung.Organisation",
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), help_text=_("Street, postcode and town."))
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, lifts, accessible toilets, induction loops …"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    directions = models.TextField(_("directions"), blank=True)
    active = models.BooleanField(_("bookable"), default=True)
    feed_token = models.CharField(
        _("calendar feed token"), max_length=64, default=new_feed_token, editable=False
    )
    feed_includes_names = models.BooleanField(
        _("include names in the calendar feed"),
        default=False,
        help_text=_(
            "Off: each entry of the clerks' calendar feed shows only the booking reference "
            "and the service. On: also the citizen's name, phone number and note. Calendar "
            "apps often copy subscribed feeds to their provider's cloud; turn this on only "
            "if your calendar stays inside the administration."
        ),
    )

    # Booking policy
    min_notice_hours = models.PositiveIntegerField(
        _("minimum notice (hours)"),
        default=2,
        help_text=_("How many hours before the appointment booking closes."),
    )
    horizon_days = models.PositiveIntegerField(
        _("booking horizon (days)"), default=180, help_text=_("How far ahead slots are offered.")
    )
    max_active_bookings = models.PositiveIntegerField(
        _("maximum active bookings per e-mail address"), default=3
    )
    hold_minutes = models.PositiveIntegerField(
        _("reservation hold (minutes)"),
        default=30,
        help_text=_("How long an unconfirmed reservation keeps its slot."),
    )
    holdback_minutes = models.PositiveIntegerField(
        _("hold-back after cancellation (minutes)"),
        default=30,
        help_text=_("A cancelled slot becomes bookable again only after this time."),
    )
    reminder_days = models.PositiveIntegerField(
        _("reminder (days before)"), default=2, help_text=_("0 sends no reminder.")
    )
    retention_days = models.PositiveIntegerField(
        _("erase personal data (days after the appointment)"), default=14
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name

    def rotate_feed_token(self) -> None:
        self.feed_token = new_feed_token()
        self.save(update_fields=["feed_token"])

    def feed_path(self) -> str:
        return reverse("appointments:feed", args=[self.pk, self.feed_token])

    def hold(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.hold_minutes)

    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def earliest_start(self, now: datetime.datetime | None = None) -> datetime.datetime:
        return (now or timezone.now()) + datetime.timedelta(hours=self.min_notice_hours)

    def free_slots(self, now: datetime.datetime | None = None):
        """Slots a citizen may book now: active, in the future beyond the notice, not full."""
        now = now or timezone.now()
        return self.slots.filter(
            active=True,
            start__gte=self.earliest_start(now),
            start__lt=now + datetime.timedelta(days=self.horizon_days + 1),
            booked__lt=F("capacity"),
        ).order_by("start")


class Service(models.Model):
    organisation = models.ForeignKey(
        "beteiligung.Organisation",
        on_delete=models.PROTECT,
        related_name="appointment_services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        default=15,
        help_text=_("Informative; the office's slot length decides the booking grid."),
    )
    documents = models.TextField(
        _("documents to bring"), blank=True, help_text=_("One item per line.")
    )
    offices = models.ManyToManyField(
        Office, related_name="services", verbose_name=_("offices"), blank=True
    )
    min_trust_level = min_trust_level_field(
        _("Only citizens who signed in with BundID at this level or higher book this service.")
    )
    active = models.BooleanField(_("bookable"), default=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningRule(models.Model):
    office = ParentalKey(
        Office, on_delete=models.CASCADE, related_name="rules", verbose_name=_("office")
    )
    weekday = models.IntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    slot_minutes = models.PositiveIntegerField(_("slot length (minutes)"), default=15)
    capacity = models.PositiveIntegerField(
        _("desks"), default=1, help_text=_("How many people can be served at the same time.")
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    every_weeks = models.PositiveIntegerField(
        _("every N weeks"),
        default=1,
        help_text=_("2 means every other week, counted from the week of 'valid from'."),
    )

    class Meta:
        ordering = ["office", "weekday", "start_time"]
        verbose_name = _("opening rule")
        verbose_name_plural = _("opening rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="opening_rule_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gt=0) & Q(every_weeks__gt=0) & Q(capacity__gt=0),
                name="opening_rule_positive_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end must be after the start.")})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end must be after the start.")})

    def applies_on(self, day: datetime.date) -> bool:
        if day.weekday() != self.weekday or day < self.valid_from:
            return False
        if self.valid_until and day > self.valid_until:
            return False
        first_monday = self.valid_from - datetime.timedelta(days=self.valid_from.weekday())
        return ((day - first_monday).days // 7) % self.every_weeks == 0

    def wall_clock_times(self) -> list[tuple[datetime.time, datetime.time]]:
        """Start and end of every slot as local wall-clock times."""
        times = []
        day = datetime.date(2000, 1, 3)  # any date: only the clock matters here
        start = datetime.datetime.combine(day, self.start_time)
        close = datetime.datetime.combine(day, self.end_time)
        step = datetime.timedelta(minutes=self.slot_minutes)
        while start + step <= close:
            times.append((start.time(), (start + step).time()))
            start += step
        return times


class Closure(models.Model):
    office = ParentalKey(
        Office, on_delete=models.CASCADE, related_name="closures", verbose_name=_("office")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    start_time = models.TimeField(
        _("from"), null=True, blank=True, help_text=_("Leave empty to close whole days.")
    )
    end_time = models.TimeField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["office", "start_date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y} {self.reason}".strip()

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must not be before the first.")})
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError({"end_time": _("Give both times or neither.")})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end must be after the start.")})

    def covers(self, day: datetime.date, start: datetime.time, end: datetime.time) -> bool:
        if not self.start_date <= day <= self.end_date:
            return False
        if self.start_time is None:
            return True
        return start < self.end_time and end > self.start_time


class Slot(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="slots", verbose_name=_("office")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("capacity"))
    booked = models.PositiveIntegerField(_("booked"), default=0)
    active = models.BooleanField(
        _("offered"),
        default=True,
        help_text=_("False when the opening rules no longer produce this slot."),
    )

    class Meta:
        ordering = ["office", "start"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="slot_booked_within_capacity"
            ),
            models.UniqueConstraint(fields=["office", "start"], name="unique_slot_per_office"),
        ]
        indexes = [models.Index(fields=["office", "active", "start"])]

    def __str__(self) -> str:
        return f"{self.office} {timezone.localtime(self.start):%d.%m.%Y %H:%M}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def conflict(self) -> bool:
        """The rules no longer offer this slot but people hold bookings in it."""
        return not self.active and self.booked > 0

    def local_start(self) -> datetime.datetime:
        return self.start.astimezone(BERLIN)

    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(BERLIN)


class BookingStatus(models.TextChoices):
    RESERVED = "reserved", _("reserved, not yet confirmed")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


ACTIVE_STATUSES = [BookingStatus.RESERVED, BookingStatus.CONFIRMED]


class Booking(models.Model):
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("slot")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("service")
    )
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference)
    token = models.CharField(
        _("secret token"), max_length=64, unique=True, default=new_booking_token
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.RESERVED
    )
    # True while this booking is counted in slot.booked; releasing it flips this first so
    # that a seat is given back exactly once.
    holds_seat = models.BooleanField(_("holds a seat"), default=True)
    release_at = models.DateTimeField(_("seat released at"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment_bookings",
        verbose_name=_("account"),
    )
    booked_by_staff = models.BooleanField(_("booked by staff"), default=False)
    reserved_until = models.DateTimeField(_("reserved until"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    delete_after = models.DateField(_("erase personal data after"))
    personal_data_erased = models.BooleanField(_("personal data erased"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["slot__start", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [
            models.Index(fields=["email", "status"]),
            models.Index(fields=["holds_seat", "release_at"]),
            models.Index(fields=["delete_after", "personal_data_erased"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def office(self) -> Office:
        return self.slot.office

    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def is_past(self) -> bool:
        return self.slot.start <= timezone.now()

    def can_cancel(self) -> bool:
        return self.is_active() and not self.is_past()

    def manage_path(self) -> str:
        return reverse("appointments:booking", args=[self.token])

    def confirm_path(self) -> str:
        return reverse("appointments:confirm", args=[self.token])

    def manage_url(self) -> str:
        return settings.SITE_URL + self.manage_path()

    def confirm_url(self) -> str:
        return settings.SITE_URL + self.confirm_path()
