"""Incident reports (Ereignismelder): categories, reports, their photos and history."""

import datetime
import math
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from beteiligung.models import Organisation
from geo.palette import ICONS, PALETTE

EARTH_RADIUS_M = 6_371_000
UNSUBSCRIBE_SALT = "maps.report.unsubscribe"


class ReportCategory(models.Model):
    """What can be reported, and which organisation answers for it."""

    group = models.CharField(
        _("group"), max_length=100, help_text=_("Categories are grouped by this in the form.")
    )
    name = models.CharField(_("name"), max_length=100)
    guidance = models.TextField(
        _("guidance"), blank=True, help_text=_("Shown to citizens when they pick the category.")
    )
    not_responsible_hint = models.TextField(
        _("'not our responsibility' hint"),
        blank=True,
        help_text=_("Tell citizens who is responsible instead, e.g. for motorways."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="report_categories",
        verbose_name=_("responsible organisation"),
    )
    notification_email = models.EmailField(
        _("notification e-mail"), blank=True, help_text=_("Receives an e-mail per new report.")
    )
    requires_review = models.BooleanField(
        _("staff review before publishing"),
        default=False,
        help_text=_("Reports stay hidden until a handler publishes them."),
    )
    service_code = models.SlugField(_("Open311 service code"), max_length=50, unique=True)
    keywords = models.CharField(_("Open311 keywords"), max_length=200, blank=True)
    attributes = models.JSONField(
        _("Open311 attributes"),
        default=list,
        blank=True,
        help_text=_(
            'Extra questions, e.g. [{"code": "size", "datatype": "string", '
            '"required": false, "description": "Size"}]'
        ),
    )
    icon = models.CharField(
        _("icon"), max_length=40, default="triangle-exclamation", help_text=_("Font Awesome name")
    )
    colour = models.CharField(_("colour"), max_length=7, default="#004b87")
    retention_days = models.PositiveIntegerField(
        _("keep reporter data for (days after closing)"), default=30
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.IntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["group", "sort_order", "name"]
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")

    def __str__(self) -> str:
        return f"{self.group}: {self.name}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED_NOT_RESPONSIBLE = "closed_not_responsible", _("Closed: not responsible")
    CLOSED_DUPLICATE = "closed_duplicate", _("Closed: duplicate")
    CLOSED_REJECTED = "closed_rejected", _("Closed: rejected")


OPEN_STATUSES = [ReportStatus.NEW, ReportStatus.CONFIRMED, ReportStatus.IN_PROGRESS]
CLOSED_STATUSES = [s for s in ReportStatus if s not in OPEN_STATUSES]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ReportQuerySet(models.QuerySet):
    def public(self):
        """What may leave the responsible organisation's triage: the public map and list,
        Open311, nearby suggestions and other organisations' planners' maps and exports.
        Hidden, unpublished (unconfirmed or awaiting review) and rejected reports stay in
        triage."""
        return self.filter(published=True, hidden=False).exclude(
            status=ReportStatus.CLOSED_REJECTED
        )

    def handled_by(self, user):
        """The reports a user may edit: those of categories of organisations in which the
        user is an incident handler."""
        from beteiligung.roles import Role, organisations_for

        return self.filter(
            category__organisation__in=organisations_for(user, Role.INCIDENT_HANDLER)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def near(self, lat: float, lon: float, radius_m: float):
        """Rows inside a lat/lon box around the point; ``within`` refines to the circle."""
        dlat = math.degrees(radius_m / EARTH_RADIUS_M)
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        return self.filter(
            lat__range=(Decimal(str(round(lat - dlat, 6))), Decimal(str(round(lat + dlat, 6)))),
            lon__range=(Decimal(str(round(lon - dlon, 6))), Decimal(str(round(lon + dlon, 6)))),
        )


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


class Report(models.Model):
    category = models.ForeignKey(
        ReportCategory, on_delete=models.PROTECT, related_name="reports", verbose_name=_("category")
    )
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address or place"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=5000)
    attributes = models.JSONField(_("Open311 attributes"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    status_note = models.TextField(_("public status note"), blank=True)
    reporter_name = models.CharField(_("reporter name"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("reporter e-mail"), blank=True)
    # Only Open311 clients send a phone number; it is erased with the name and address.
    reporter_phone = models.CharField(_("reporter phone"), max_length=40, blank=True)
    # A photo an Open311 client keeps on its own server. Passed on in the API only: our
    # pages never load it, as that would be a request to a third-party host.
    media_url = models.URLField(_("photo address (Open311)"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("user"),
    )
    notify = models.BooleanField(_("e-mail on status changes"), default=True)
    confirmation_token = models.CharField(max_length=64, default=new_token, unique=True)
    api_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed by the reporter"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    hidden = models.BooleanField(
        _("hidden by staff"), default=False, help_text=_("Abusive content is not shown publicly.")
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    supporters_count = models.PositiveIntegerField(_("supporters"), default=0)
    source = models.CharField(_("source"), max_length=40, default="web")
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    delete_after = models.DateField(_("erase reporter data after"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["published", "hidden", "status"]),
            models.Index(fields=["lat", "lon"]),
            models.Index(fields=["category", "status"]),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.category.name}"

    def get_absolute_url(self) -> str:
        return reverse("maps:report_detail", args=[self.pk])

    def get_admin_url(self) -> str:
        return reverse("maps_admin:report", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def open311_status(self) -> str:
        """GeoReport v2 knows only two states."""
        return "open" if self.is_open else "closed"

    @property
    def is_public(self) -> bool:
        # The same rule as ReportQuerySet.public().
        return self.published and not self.hidden and self.status != ReportStatus.CLOSED_REJECTED

    @property
    def organisation(self) -> Organisation:
        return self.category.organisation

    def place(self) -> str:
        if self.address:
            return self.address
        if self.lat is not None:
            return f"{self.lat:.5f}, {self.lon:.5f}"
        return ""

    def unsubscribe_token(self) -> str:
        return signing.dumps(self.pk, salt=UNSUBSCRIBE_SALT)

    @classmethod
    def from_unsubscribe_token(cls, token: str) -> "Report | None":
        try:
            pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        except signing.BadSignature:
            return None
        return cls.objects.filter(pk=pk).first()

    def can_email_reporter(self) -> bool:
        return bool(self.reporter_email and self.notify)

    def confirm(self) -> None:
        """The reporter confirmed the report (or needs not to): publish unless staff review."""
        self.confirmed_at = timezone.now()
        if not self.category.requires_review:
            self.published = True
        self.save(update_fields=["confirmed_at", "published", "updated_at"])

    def publish(self) -> None:
        self.published = True
        self.save(update_fields=["published", "updated_at"])

    def set_status(self, status: str, note: str = "", author=None) -> "ReportUpdate":
        old = self.status
        self.status = status
        if note:
            self.status_note = note
        now = timezone.now()
        if status in CLOSED_STATUSES and old not in CLOSED_STATUSES:
            self.closed_at = now
            self.delete_after = timezone.localdate() + datetime.timedelta(
                days=self.category.retention_days
            )
        elif status in OPEN_STATUSES:
            self.closed_at = None
            self.delete_after = None
        self.save()
        return self.updates.create(author=author, old_status=old, new_status=status, text=note)

    def answer(self, text: str, author=None) -> "ReportUpdate":
        self.save(update_fields=["updated_at"])
        return self.updates.create(author=author, text=text)

    def mark_duplicate(self, original: "Report", author=None) -> "ReportUpdate":
        self.duplicate_of = original
        note = _("This problem has already been reported as #%(id)s.") % {"id": original.pk}
        return self.set_status(ReportStatus.CLOSED_DUPLICATE, str(note), author)

    def add_support(self, *, user=None, session_key: str = "") -> bool:
        """Count one supporter once; False when they supported it already."""
        with transaction.atomic():
            lookup = {"user": user} if user else {"session_key": session_key}
            _support, created = ReportSupport.objects.get_or_create(report=self, **lookup)
            if created:
                Report.objects.filter(pk=self.pk).update(supporters_count=F("supporters_count") + 1)
        return created

    def withdraw_support(self, *, user=None, session_key: str = "") -> bool:
        """Take one supporter's support back; False when they did not support it."""
        with transaction.atomic():
            lookup = {"user": user} if user else {"session_key": session_key, "user": None}
            deleted, _rows = ReportSupport.objects.filter(report=self, **lookup).delete()
            if deleted:
                # A merged duplicate adds its count without its rows: never below zero.
                Report.objects.filter(pk=self.pk, supporters_count__gt=0).update(
                    supporters_count=F("supporters_count") - 1
                )
        return bool(deleted)

    def is_supported_by(self, *, user=None, session_key: str = "") -> bool:
        if user:
            return self.supports.filter(user=user).exists()
        return (
            bool(session_key) and self.supports.filter(session_key=session_key, user=None).exists()
        )

    def nearby_open(self, radius_m: float) -> list["Report"]:
        if self.lat is None:
            return []
        return find_nearby(self.category_id, float(self.lat), float(self.lon), radius_m, self.pk)

    def erase_reporter_data(self) -> None:
        self.reporter_email = ""
        self.reporter_name = ""
        self.reporter_phone = ""
        self.notify = False
        self.delete_after = None
        self.save(
            update_fields=[
                "reporter_email",
                "reporter_name",
                "reporter_phone",
                "notify",
                "delete_after",
            ]
        )


def find_nearby(
    category_id: int, lat: float, lon: float, radius_m: float, exclude_pk: int | None = None
) -> list[Report]:
    """Open, public reports of a category within ``radius_m``, nearest first."""
    candidates = (
        Report.objects.public()
        .open()
        .filter(category_id=category_id)
        .near(lat, lon, radius_m)
        .exclude(pk=exclude_pk)
        .select_related("category")[:200]
    )
    found = []
    for report in candidates:
        report.distance_m = haversine_m(lat, lon, float(report.lat), float(report.lon))
        if report.distance_m <= radius_m:
            found.append(report)
    return sorted(found, key=lambda r: r.distance_m)[:10]


def photo_path(instance: "ReportPhoto", filename: str) -> str:
    return f"meldungen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="photos", verbose_name=_("report")
    )
    image = models.ImageField(_("image"), upload_to=photo_path, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    redacted_at = models.DateTimeField(_("redacted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name or str(_("redacted photo"))

    def redact(self) -> None:
        """Delete the file itself (faces, number plates), keep a trace that there was one."""
        if self.image:
            self.image.delete(save=False)
        self.image = ""
        self.redacted_at = timezone.now()
        self.save(update_fields=["image", "redacted_at"])


class ReportUpdate(models.Model):
    """A public entry in a report's history: a status change, an answer, or both."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="updates", verbose_name=_("report")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    old_status = models.CharField(max_length=32, choices=ReportStatus.choices, blank=True)
    new_status = models.CharField(max_length=32, choices=ReportStatus.choices, blank=True)
    text = models.TextField(_("public text"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")

    def __str__(self) -> str:
        return f"#{self.report_id} {self.created_at:%d.%m.%Y}"


class InternalNote(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="internal_notes", verbose_name=_("report")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return self.text[:60]


class ReportSupport(models.Model):
    """'Me too': one per user, or per browser session for visitors without an account."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "user"],
                condition=models.Q(user__isnull=False),
                name="one_support_per_user",
            ),
            models.UniqueConstraint(
                fields=["report", "session_key"],
                condition=models.Q(user__isnull=True),
                name="one_support_per_session",
            ),
        ]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self) -> str:
        return f"#{self.report_id}"


def new_api_key() -> str:
    return secrets.token_urlsafe(32)


class ApiKey(models.Model):
    """Lets an Open311 client (an app, a call centre) file reports with POST requests."""

    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_api_key)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def authenticate(cls, key: str) -> "ApiKey | None":
        if not key:
            return None
        api_key = cls.objects.filter(key=key, active=True).first()
        if api_key:
            cls.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
        return api_key


# Map feedback on procedures -----------------------------------------------------------

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #rrggbb, e.g. #2e7d32."))


class FeedbackCategory(Orderable):
    """What citizens can mark on a procedure's map, e.g. "Cycle path missing" or "Noise"."""

    procedure = ParentalKey(
        "cms.ProcedurePage", on_delete=models.CASCADE, related_name="feedback_categories"
    )
    name = models.CharField(_("name"), max_length=80)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        choices=PALETTE,
        default=PALETTE[0][0],
        validators=[hex_colour],
        help_text=_("Colours that people with colour blindness can also tell apart."),
    )
    icon = models.CharField(_("symbol"), max_length=40, choices=ICONS, default=ICONS[0][0])

    panels = [FieldPanel("name"), FieldPanel("colour"), FieldPanel("icon")]

    class Meta(Orderable.Meta):
        verbose_name = _("map feedback category")
        verbose_name_plural = _("map feedback categories")

    def __str__(self) -> str:
        return self.name


class MapContributionQuerySet(models.QuerySet):
    def public(self):
        from dialogues.models import CommentStatus

        return self.filter(comment__status=CommentStatus.PUBLISHED)


class MapContribution(models.Model):
    """A point (or a place description) with a comment on a procedure's map.

    The text, author, supports, reports and moderation live in the linked dialogue comment,
    so moderators handle map feedback in the same queue as every other comment.
    """

    procedure = models.ForeignKey(
        "cms.ProcedurePage",
        on_delete=models.CASCADE,
        related_name="map_contributions",
        verbose_name=_("procedure"),
    )
    category = models.ForeignKey(
        FeedbackCategory,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("category"),
    )
    comment = models.OneToOneField(
        "dialogues.Comment",
        on_delete=models.CASCADE,
        related_name="map_contribution",
        verbose_name=_("comment"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    place = models.CharField(_("place description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    objects = MapContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["procedure", "created_at"])]
        verbose_name = _("map contribution")
        verbose_name_plural = _("map contributions")

    def __str__(self) -> str:
        return f"{self.category}: {self.comment.text[:60]}"

    def anchor(self) -> str:
        return self.comment.anchor()


class AnswerTemplate(models.Model):
    """A text module ("Textbaustein") for the public answer to a report: staff of the
    organisation pick one on the report page, it fills the answer field, and they adapt it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="report_answer_templates",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=4000)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["organisation", "sort_order", "title", "pk"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self) -> str:
        return self.title


def nearest_named_places(reports, radius_m: float = 300) -> dict[int, str]:
    """For reports without a typed address, the address of the nearest report that has one
    within ``radius_m`` (what reporters called that spot), else the nearest district we know
    (maps.places): one query for the whole list, no third-party geocoder."""
    from maps.places import DISTRICTS, MAX_DISTANCE_M

    unnamed = [r for r in reports if not r.address and r.lat is not None]
    if not unnamed:
        return {}
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    lats = [float(r.lat) for r in unnamed]
    lons = [float(r.lon) for r in unnamed]
    dlon = dlat / max(math.cos(math.radians(max(abs(x) for x in lats))), 0.01)
    named = list(
        Report.objects.exclude(address="")
        .filter(
            lat__range=(
                Decimal(str(round(min(lats) - dlat, 6))),
                Decimal(str(round(max(lats) + dlat, 6))),
            ),
            lon__range=(
                Decimal(str(round(min(lons) - dlon, 6))),
                Decimal(str(round(max(lons) + dlon, 6))),
            ),
        )
        .values_list("lat", "lon", "address")[:2000]
    )
    places = {}
    for report in unnamed:
        best = None
        for lat, lon, address in named:
            distance = haversine_m(float(report.lat), float(report.lon), float(lat), float(lon))
            if distance <= radius_m and (best is None or distance < best[0]):
                best = (distance, address)
        if best is None:
            lat, lon = float(report.lat), float(report.lon)
            distance, name = min((haversine_m(lat, lon, d[1], d[2]), d[0]) for d in DISTRICTS)
            if distance <= MAX_DISTANCE_M:
                best = (distance, name)
        if best is not None:
            places[report.pk] = best[1]
    return places
