"""Follows (what a person wants to hear about), occurrences (what happened) and deliveries
(who was told about what, once).

A ``Subscription`` belongs to an account, or to an e-mail address confirmed by double opt-in.
An ``Occurrence`` is one thing worth telling, with a unique ``key`` so that scanning the same
day twice finds it again instead of creating it twice. A ``Delivery`` is unique per address
and occurrence and is written in the transaction that queues the mail: nobody is told the
same thing twice, even when a worker dies mid-run.
"""

import datetime
import math
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowKind(models.TextChoices):
    PROCEDURE = "procedure", _("Procedure")
    ORGANISATION = "organisation", _("Organisation")
    TOPIC = "topic", _("Topic")
    AREA = "area", _("Area")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class OccurrenceKind(models.TextChoices):
    PHASE_OPENED = "phase_opened", _("A new phase has begun")
    DEADLINE = "deadline", _("The deadline is near")
    RESULT = "result", _("Results published")
    NEW_PROCEDURE = "new_procedure", _("New procedure")
    NEW_CONTENT = "new_content", _("New offer to take part")
    REPORT_STATUS = "report_status", _("Report status changed")


def unconfirmed_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(confirmed_at__isnull=False)

    def of_recipient(self, subscription: "Subscription"):
        """Every subscription that mails the same person as ``subscription``."""
        if subscription.user_id:
            return self.filter(user_id=subscription.user_id)
        return self.filter(user__isnull=True, email__iexact=subscription.email)


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("account"),
    )
    # Only for follows without an account; an account's alerts go to its current address.
    email = models.EmailField(_("e-mail"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FollowKind.choices)
    target = models.CharField(_("target"), max_length=120, editable=False)
    procedure = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("procedure"),
    )
    organisation = models.ForeignKey(
        "beteiligung.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    topic = models.SlugField(_("topic"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    radius_km = models.PositiveSmallIntegerField(_("radius (km)"), null=True, blank=True)
    frequency = models.CharField(
        _("alerts"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    language = models.CharField(_("language"), max_length=8, default="de")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    # Follows without an account: unconfirmed ones after a few days, confirmed ones a year
    # after the last opened alert. An account's follows go with the account.
    delete_after = models.DateField(_("delete after"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target"],
                condition=Q(user__isnull=False),
                name="alerts_one_follow_per_account_and_target",
            ),
            models.UniqueConstraint(
                fields=["email", "target"],
                condition=Q(user__isnull=True),
                name="alerts_one_follow_per_address_and_target",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "target"]),
            models.Index(fields=["kind", "latitude"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    def save(self, *args, **kwargs) -> None:
        self.target = self.target_key()
        super().save(*args, **kwargs)

    def target_key(self) -> str:
        if self.kind == FollowKind.PROCEDURE:
            return f"procedure:{self.procedure_id}"
        if self.kind == FollowKind.ORGANISATION:
            return f"organisation:{self.organisation_id}"
        if self.kind == FollowKind.TOPIC:
            return f"topic:{self.topic}"
        if self.latitude is not None:
            return f"area:{float(self.latitude):.4f},{float(self.longitude):.4f},{self.radius_km}"
        return f"area:{self.place.casefold()}"[:120]

    @property
    def label(self) -> str:
        if self.kind == FollowKind.PROCEDURE and self.procedure_id:
            return self.procedure.title
        if self.kind == FollowKind.ORGANISATION and self.organisation_id:
            return self.organisation.name
        if self.kind == FollowKind.TOPIC:
            return self.topic_name()
        if self.radius_km:
            return _("%(place)s and %(radius)s km around") % {
                "place": self.place,
                "radius": self.radius_km,
            }
        return self.place

    def topic_name(self) -> str:
        from taggit.models import Tag

        return Tag.objects.filter(slug=self.topic).values_list("name", flat=True).first() or (
            self.topic
        )

    @property
    def address(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def confirm(self, now: datetime.datetime | None = None) -> None:
        now = now or timezone.now()
        if self.confirmed_at is None:
            self.confirmed_at = now
            if self.user_id is None:
                self.delete_after = self.expiry_from(now)
            self.save(update_fields=["confirmed_at", "delete_after"])

    def mark_opened(self, now: datetime.datetime | None = None) -> None:
        """An alert's link was followed: the follow stays another year (no tracking pixel)."""
        now = now or timezone.now()
        self.last_opened_at = now
        if self.user_id is None and self.confirmed_at is not None:
            self.delete_after = self.expiry_from(now)
        self.save(update_fields=["last_opened_at", "delete_after"])

    @staticmethod
    def expiry_from(moment: datetime.datetime) -> datetime.date:
        return timezone.localdate(moment) + datetime.timedelta(days=settings.ALERTS_EXPIRE_DAYS)

    def covers_point(self, latitude: float, longitude: float) -> bool:
        if self.latitude is None or not self.radius_km:
            return False
        return distance_km(float(self.latitude), float(self.longitude), latitude, longitude) <= (
            self.radius_km
        )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); a few metres off at most for our radii."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


class Occurrence(models.Model):
    """Something worth an alert. Who is told is decided when it is dispatched."""

    kind = models.CharField(_("kind"), max_length=20, choices=OccurrenceKind.choices)
    key = models.CharField(_("key"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.CharField(_("text"), max_length=500, blank=True)
    url = models.CharField(_("address"), max_length=500)
    procedure = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("procedure"),
    )
    organisation = models.ForeignKey(
        "beteiligung.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    # Where it happens: a point, or the bounding box of an area, and the place in words
    # (address, municipality) for follows of a municipality by name.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    bbox = models.JSONField(null=True, blank=True)  # [min_lon, min_lat, max_lon, max_lat]
    geometry = models.JSONField(null=True, blank=True)
    place = models.CharField(_("place"), max_length=500, blank=True)
    # Followers of a procedure hear about its own phases; followers of areas and topics
    # about what is new there.
    for_followers_of_procedure = models.BooleanField(default=True)
    for_followers_of_area = models.BooleanField(default=True)
    happened_at = models.DateTimeField(_("happened"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)

    class Meta:
        ordering = ["happened_at", "pk"]
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """This address has been (or, for a digest, will be) told about this occurrence."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    address = models.CharField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)
    # Empty while the delivery waits for the person's digest.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "address"], name="alerts_one_delivery_per_address"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "subscription"])]

    def __str__(self) -> str:
        return f"{self.occurrence_id} → {self.subscription_id}"
