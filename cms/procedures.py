"""Participation procedures: the index page, the procedure page, its phases and documents,
and the formal statements (Stellungnahmen) citizens and agencies submit during its
participation phase."""

import datetime
import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PagePermissionTester
from wagtail.search import index

from beteiligung.api_serializers import OrganisationSerializer, PageMethodField
from beteiligung.models import min_trust_level_field
from cms.blocks import BodyBlock
from cms.models import CommentPolicy, OrganisationPage, OrganisationPageForm
from geo.areas import area_geometry, validate_planning_area, validate_sub_areas
from geo.fields import AreaWidget


class ProcedurePageForm(OrganisationPageForm):
    """Checks the phases together: none reversed, none overlapping."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("phases")
        if formset is not None and formset.is_valid():
            phases = [
                Phase(
                    title=f.cleaned_data.get("title", ""),
                    start=f.cleaned_data.get("start"),
                    end=f.cleaned_data.get("end"),
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            for message in validate_phases(phases):
                self.add_error(None, message)
        return cleaned_data


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    PARTICIPATION = "participation", _("Participation")
    EVALUATION = "evaluation", _("Evaluation")
    RESULT = "result", _("Result")


class ProcedureStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for statements")
    EVALUATION = "evaluation", _("In evaluation")
    CONCLUDED = "concluded", _("Concluded")


def may_publish_new_page(user, organisation) -> bool:
    """May the user publish a new page of this organisation at once (no approval required)?"""
    from beteiligung.roles import Role, has_role

    if user.is_superuser:
        return True
    return any(
        has_role(user, organisation, role)
        and "publish_page" in organisation.role_page_permissions(role)
        for role in Role.values
    )


class ProcedureIndexPermissionTester(PagePermissionTester):
    """Editors add procedures below the shared index without a publish right on the index
    itself; they may still create and publish in one go when their organisation lets its
    editors publish. Which organisation the new page belongs to is only known once the form
    is sent, so cms.wagtail_hooks.new_page_published_only_by_its_organisation checks that."""

    def can_publish_subpage(self) -> bool:
        if super().can_publish_subpage():
            return True
        if not (self.user.is_active and "add" in self.permissions):
            return False
        from beteiligung.roles import Role, organisations_for

        return any(
            may_publish_new_page(self.user, organisation)
            for organisation in organisations_for(self.user, Role.EDITOR)
        )


class ProcedureIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProcedurePage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    per_page = 10

    class Meta:
        verbose_name = _("procedure index")
        verbose_name_plural = _("procedure indexes")

    def permissions_for_user(self, user):
        return ProcedureIndexPermissionTester(user, self)

    def procedures(self, now: datetime.datetime | None = None):
        """Live procedures below this page, annotated with the dates their status needs."""
        participation = Q(phases__kind=PhaseKind.PARTICIPATION)
        return (
            ProcedurePage.objects.live()
            .descendant_of(self)
            .select_related("organisation")
            .prefetch_related("tags")
            .annotate(
                first_start=Min("phases__start"),
                last_end=Max("phases__end"),
                participation_start=Min("phases__start", filter=participation),
                participation_end=Max("phases__end", filter=participation),
                result_start=Min("phases__start", filter=Q(phases__kind=PhaseKind.RESULT)),
            )
            .order_by("-first_start", "title")
        )

    @staticmethod
    def status_filter(status: str, now: datetime.datetime) -> Q:
        concluded = Q(result_start__lte=now) | Q(last_end__lte=now)
        open_ = Q(participation_start__lte=now, participation_end__gt=now)
        if status == ProcedureStatus.CONCLUDED:
            return concluded
        if status == ProcedureStatus.OPEN:
            return open_ & ~concluded
        if status == ProcedureStatus.EVALUATION:
            return Q(participation_end__lte=now) & ~concluded
        if status == ProcedureStatus.UPCOMING:
            return (Q(first_start__isnull=True) | Q(first_start__gt=now)) | (
                Q(participation_start__gt=now) & ~concluded
            )
        return Q()

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from cms.views import ProcedureFilterForm

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        procedures = self.procedures(now)
        form = ProcedureFilterForm(request.GET or None)
        if form.is_valid():
            data = form.cleaned_data
            if data["status"]:
                procedures = procedures.filter(self.status_filter(data["status"], now))
            if data["organisation"]:
                procedures = procedures.filter(organisation__slug=data["organisation"])
            if data["topic"]:
                procedures = procedures.filter(tags__slug=data["topic"])
            if data["q"]:
                procedures = procedures.filter(
                    Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"])
                )
        page = Paginator(procedures, self.per_page).get_page(request.GET.get("seite"))
        for procedure in page:
            procedure.index_status = procedure.status_from_dates(now)
        query = request.GET.copy()
        query.pop("seite", None)
        context.update(
            form=form,
            page_obj=page,
            extra=("&" + query.urlencode()) if query else "",
        )
        return context


class ProcedurePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.ProcedurePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


@dataclass
class Status:
    code: str
    label: str
    until: datetime.datetime | None = None


class ProcedurePage(OrganisationPage):
    summary = models.TextField(_("summary"), max_length=800)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))
    tags = ClusterTaggableManager(through=ProcedurePageTag, blank=True, verbose_name=_("topics"))
    planning_area = models.JSONField(
        _("planning area"),
        null=True,
        blank=True,
        validators=[validate_planning_area],
        help_text=_(
            "The area the plan covers: draw it on the map or upload a GeoJSON or KML file "
            "(e.g. exported from a GIS)."
        ),
    )
    area_description = models.TextField(
        _("description of the area"),
        blank=True,
        help_text=_("Text alternative to the map: which municipalities or streets are covered."),
    )
    sub_areas = models.JSONField(
        _("sub-areas"),
        null=True,
        blank=True,
        validators=[validate_sub_areas],
        help_text=_(
            "Optional: districts or other parts of the area, each with a name; the planners' "
            "map counts the contributions per sub-area."
        ),
    )
    map_feedback = models.BooleanField(
        _("map feedback"),
        default=False,
        help_text=_(
            "During the participation phase citizens can mark places on the map with a "
            "category and a short comment."
        ),
    )
    contact = models.TextField(_("contact"), blank=True)
    open_to_citizens = models.BooleanField(_("statements open to citizens"), default=True)
    open_to_agencies = models.BooleanField(_("statements open to public agencies"), default=True)
    statements_public = models.BooleanField(
        _("publish statements after weighing"),
        default=True,
        help_text=_("Weighed statements are shown anonymised with their responses."),
    )
    ask_location = models.BooleanField(_("ask for a location"), default=True)
    ask_document_reference = models.BooleanField(_("ask for a document reference"), default=True)
    # identity: formal statements with eID (beteiligung/identity.py)
    statement_trust_level = min_trust_level_field(
        _("Only citizens who signed in with BundID at this level or higher submit statements.")
    )
    retention_days = models.PositiveIntegerField(
        _("keep personal data (days after the procedure ends)"), default=180
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    parent_page_types = ["cms.ProcedureIndexPage"]
    base_form_class = ProcedurePageForm

    # Tabs in the order of the work: write, schedule, attach, locate, open, publish.
    content_panels = Page.content_panels + [
        FieldPanel("organisation"),
        FieldPanel("summary"),
        FieldPanel("tags"),
        FieldPanel("body"),
        FieldPanel("contact"),
    ]
    phase_panels = [
        InlinePanel(
            "phases",
            heading=_("Phases"),
            label=_("Phase"),
            min_num=1,
            help_text=_(
                "At least one phase. Statements are accepted only during a phase of the kind "
                "“Participation”; phases must not overlap."
            ),
        )
    ]
    document_panels = [
        InlinePanel(
            "documents",
            heading=_("Plan documents"),
            label=_("Document"),
            help_text=_("The documents of the plan, e.g. the plan drawing and its explanation."),
        )
    ]
    area_panels = [
        MultiFieldPanel(
            [
                FieldPanel("planning_area", widget=AreaWidget(kind="area")),
                FieldPanel("area_description"),
                FieldPanel("sub_areas", widget=AreaWidget(kind="sub_areas")),
            ],
            heading=_("Planning area"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("map_feedback"),
                InlinePanel(
                    "feedback_categories",
                    heading=_("Categories for map notes"),
                    label=_("Category"),
                ),
            ],
            heading=_("Map feedback"),
        ),
    ]
    participation_panels = [
        MultiFieldPanel(
            [
                FieldPanel("open_to_citizens"),
                FieldPanel("open_to_agencies"),
                FieldPanel("statements_public"),
                FieldPanel("ask_location"),
                FieldPanel("ask_document_reference"),
                FieldPanel("statement_trust_level"),
                FieldPanel("retention_days"),
            ],
            heading=_("Statements"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(phase_panels, heading=_("Phases")),
            ObjectList(document_panels, heading=_("Documents")),
            ObjectList(area_panels, heading=_("Area and map")),
            ObjectList(participation_panels, heading=_("Participation")),
            ObjectList(Page.promote_panels + Page.settings_panels, heading=_("Publication")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("organisation"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("organisation", serializer=OrganisationSerializer(read_only=True)),
        # What an app would otherwise compute from the phases itself.
        APIField("status", serializer=PageMethodField("api_status")),
        APIField("current_phase", serializer=PageMethodField("api_current_phase")),
        APIField("deadline", serializer=PageMethodField("api_deadline")),
        APIField("tags"),
        APIField("planning_area"),
        APIField("area_description"),
        APIField("contact"),
        APIField("phases"),
        APIField("documents"),
    ]

    api_prefetch = ["organisation", "phases", "tags"]

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def clean(self) -> None:
        super().clean()
        errors = validate_phases(list(self.phases.all()))
        if errors:
            raise ValidationError(errors)

    # Phases and status --------------------------------------------------------------

    def ordered_phases(self) -> list["Phase"]:
        # Read once per page object: the status, timeline and form all ask for the phases.
        if getattr(self, "_ordered_phases", None) is None:
            self._ordered_phases = sorted(self.phases.all(), key=lambda phase: phase.start)
        return self._ordered_phases

    def current_phase(self, now: datetime.datetime | None = None) -> "Phase | None":
        now = now or timezone.now()
        for phase in self.ordered_phases():
            if phase.start <= now < phase.end:
                return phase
        return None

    def participation_phase(self) -> "Phase | None":
        return next((p for p in self.ordered_phases() if p.kind == PhaseKind.PARTICIPATION), None)

    def accepts_statements(self, now: datetime.datetime | None = None) -> bool:
        if not (self.open_to_citizens or self.open_to_agencies):
            return False
        phase = self.current_phase(now)
        return phase is not None and phase.kind == PhaseKind.PARTICIPATION

    def ends_at(self) -> datetime.datetime | None:
        phases = self.ordered_phases()
        return max(p.end for p in phases) if phases else None

    def status(self, now: datetime.datetime | None = None) -> Status:
        phases = self.ordered_phases()
        participation = [p for p in phases if p.kind == PhaseKind.PARTICIPATION]
        results = [p for p in phases if p.kind == PhaseKind.RESULT]
        self.first_start = phases[0].start if phases else None
        self.last_end = max(p.end for p in phases) if phases else None
        self.participation_start = min((p.start for p in participation), default=None)
        self.participation_end = max((p.end for p in participation), default=None)
        self.result_start = min((p.start for p in results), default=None)
        return self.status_from_dates(now or timezone.now())

    def status_from_dates(self, now: datetime.datetime) -> Status:
        """The status from the annotated dates (see ProcedureIndexPage.procedures)."""
        if (self.result_start and self.result_start <= now) or (
            self.last_end and self.last_end <= now
        ):
            return Status(ProcedureStatus.CONCLUDED, ProcedureStatus.CONCLUDED.label)
        if self.participation_start and self.participation_start <= now:
            if self.participation_end > now:
                label = gettext("Open until %(end)s") % {
                    "end": format_datetime(self.participation_end)
                }
                return Status(ProcedureStatus.OPEN, label, self.participation_end)
            return Status(ProcedureStatus.EVALUATION, ProcedureStatus.EVALUATION.label)
        if self.participation_start:
            label = gettext("Upcoming: participation opens %(start)s") % {
                "start": format_datetime(self.participation_start)
            }
            return Status(ProcedureStatus.UPCOMING, label, self.participation_start)
        return Status(ProcedureStatus.UPCOMING, ProcedureStatus.UPCOMING.label)

    # For the page API (beteiligung.api) ---------------------------------------------

    def api_status(self) -> dict:
        status = self.status()
        until = status.until.isoformat() if status.until else None
        return {"code": str(status.code), "label": str(status.label), "until": until}

    def api_current_phase(self) -> dict | None:
        phase = self.current_phase()
        if phase is None:
            return None
        return {
            "kind": phase.kind,
            "title": phase.title,
            "start": timezone.localtime(phase.start).isoformat(),
            "end": timezone.localtime(phase.end).isoformat(),
        }

    def api_deadline(self) -> str | None:
        """When statements can last be sent: the end of the participation phase."""
        phase = self.participation_phase()
        return timezone.localtime(phase.end).isoformat() if phase else None

    # Map feedback (maps.MapContribution) ---------------------------------------------

    def accepts_map_feedback(self, now: datetime.datetime | None = None) -> bool:
        phase = self.current_phase(now)
        return self.map_feedback and phase is not None and phase.kind == PhaseKind.PARTICIPATION

    def comment_policy(self):
        """Map feedback is stored as dialogue comments; they follow the participation phase."""
        return CommentPolicy(
            open=self.accepts_map_feedback(),
            closed_message=str(_("Map feedback is only possible during the participation phase.")),
        )

    # Planning area --------------------------------------------------------------------

    def area_shape(self):
        # Imported here: shapely (with NumPy) costs every process of the portal 80 ms at start.
        from shapely.geometry import shape

        geometry = area_geometry(self.planning_area)
        return shape(geometry) if geometry else None

    def contains_point(self, latitude: float, longitude: float) -> bool:
        from shapely.geometry import Point

        area = self.area_shape()
        return area is None or area.covers(Point(float(longitude), float(latitude)))

    # Results --------------------------------------------------------------------------

    def shows_results(self, now: datetime.datetime | None = None) -> bool:
        phase = self.current_phase(now)
        in_result = (phase is not None and phase.kind == PhaseKind.RESULT) or (
            self.status(now).code == ProcedureStatus.CONCLUDED
        )
        return self.statements_public and bool(self.results_published_at) and in_result

    def personal_data_deletion_date(self) -> datetime.date:
        end = self.ends_at()
        base = timezone.localdate(end) if end else timezone.localdate()
        return base + datetime.timedelta(days=self.retention_days)

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        from cms.statements import procedure_page

        return procedure_page(request, self)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        phases = self.ordered_phases()
        current = self.current_phase(now)
        context.update(
            now=now,
            phases=phases,
            current_phase=current,
            procedure_status=self.status(now),
            documents=self.documents.select_related("document"),
            accepts_statements=self.accepts_statements(now),
            participation=self.participation_phase(),
            # The procedure's own dialogues, surveys and events, in the editors' order.
            take_part=self.get_children().live().public().specific(),
        )
        return context

    # Summary box and "Take part" list (cms/overview.py) --------------------------------

    def participation_summary(self):
        """Status, deadline and one button per way to take part, for the top of the page."""
        from cms.overview import procedure_summary

        return procedure_summary(self, timezone.now())

    def take_part_items(self):
        """Every dialogue, survey and event below the procedure, with its dates."""
        from cms.overview import procedure_children

        return procedure_children(self)


def format_datetime(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return gettext("%(date)s, %(time)s") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "H:i"),
    }


class Phase(Orderable):
    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=20, choices=PhaseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("start"),
        FieldPanel("end"),
    ]
    api_fields = [APIField("kind"), APIField("title"), APIField("start"), APIField("end")]

    class Meta(Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})

    def is_current(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.start <= now < self.end

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        return self.end <= (now or timezone.now())


def validate_phases(phases: list[Phase]) -> list[str]:
    """German/English messages for reversed or overlapping phases (used by the admin form)."""
    errors = []
    dated = sorted((p for p in phases if p.start and p.end), key=lambda p: p.start)
    for phase in dated:
        if phase.end <= phase.start:
            errors.append(
                gettext("The phase “%(title)s” ends before it starts.") % {"title": phase.title}
            )
    for before, after in zip(dated, dated[1:], strict=False):
        if after.start < before.end:
            errors.append(
                gettext("The phases “%(a)s” and “%(b)s” overlap.")
                % {"a": before.title, "b": after.title}
            )
    return errors


class ProcedureDocument(Orderable):
    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(_("title"), max_length=200)
    section = models.CharField(
        _("section"), max_length=200, blank=True, help_text=_("e.g. “Part B: Justification”")
    )
    page_count = models.PositiveIntegerField(_("number of pages"), null=True, blank=True)
    contents = models.TextField(
        _("table of contents"),
        blank=True,
        max_length=20000,
        help_text=_(
            "Optional: the document's headings, one per line, e.g. “3.2 Wind energy”. "
            "When weighing, the assistant suggests the heading a statement refers to."
        ),
    )

    panels = [
        FieldPanel("document"),
        FieldPanel("title"),
        FieldPanel("section"),
        FieldPanel("page_count"),
        FieldPanel("contents"),
    ]
    api_fields = [
        APIField("title"),
        APIField("section"),
        APIField("page_count"),
        APIField("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")

    def __str__(self) -> str:
        return f"{self.title} – {self.section}" if self.section else self.title


# Statements ---------------------------------------------------------------------------


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not submitted)")
    SUBMITTED = "submitted", _("Received")
    IN_REVIEW = "in_review", _("Being examined")
    WEIGHED = "weighed", _("Weighed")


class ConsiderationResult(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    NOTED = "noted", _("Noted")


class SubmitterKind(models.TextChoices):
    CITIZEN = "citizen", _("Private person")
    AGENCY = "agency", _("Public agency")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    AGENCY = "agency", _("Agency")
    IN_PERSON = "in_person", _("In person (minutes)")


class StatementClosed(Exception):
    """The participation phase was over when the statement arrived."""


class StatementQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=StatementStatus.DRAFT)

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class Statement(models.Model):
    procedure = models.ForeignKey(
        ProcedurePage,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("procedure"),
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StatementStatus.choices,
        default=StatementStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    text = models.TextField(_("statement"), max_length=20000)
    document = models.ForeignKey(
        ProcedureDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("document"),
    )
    section = models.CharField(_("section or page"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    submitter_kind = models.CharField(
        _("submitted as"),
        max_length=20,
        choices=SubmitterKind.choices,
        default=SubmitterKind.CITIZEN,
    )
    agency_name = models.CharField(_("agency"), max_length=200, blank=True)
    # Personal data: erased after delete_personal_data_after.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # For the final notice by letter when the submitter gave no e-mail (cms/notices.py).
    postal_address = models.TextField(_("postal address"), blank=True, max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("account"),
    )
    delete_personal_data_after = models.DateField(
        _("delete personal data after"), null=True, blank=True
    )
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # Weighing.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_statements",
        verbose_name=_("assigned to"),
    )
    topic = models.CharField(
        _("topic"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("A keyword planners use to group statements, e.g. “wind energy”."),
    )
    response = models.TextField(_("proposed response"), blank=True, max_length=20000)
    result = models.CharField(
        _("consideration result"), max_length=20, choices=ConsiderationResult.choices, blank=True
    )
    notified_at = models.DateTimeField(_("result notified"), null=True, blank=True)
    # Every channel lands in the same table; staff enter what did not come online, and
    # ``submitted_at`` is then the date received.
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    late = models.BooleanField(
        _("late"),
        default=False,
        db_index=True,
        help_text=_("Received after the participation phase; may be disregarded (§ 3 BauGB)."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entered_statements",
        verbose_name=_("entered by"),
    )
    # Mass statements: the hash of the normalised text finds identical ones (cms/segments.py).
    text_key = models.CharField(_("text key"), max_length=64, blank=True, db_index=True)
    group = models.ForeignKey(
        "cms.StatementGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("group"),
    )
    contact_consent = models.BooleanField(_("may be contacted about the procedure"), default=False)
    # A planner's decision outranks the assistant's suggestion: a statement taken out of a
    # suggested group is not put into one again (assist/grouping.py).
    kept_apart = models.BooleanField(
        _("kept out of suggested groups"),
        default=False,
        help_text=_("A planner took it out of a group the assistant suggested."),
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [models.Index(fields=["procedure", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="statement_submitted_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.reference or gettext("Draft statement")

    @property
    def reference(self) -> str:
        if self.submitted_at is None:
            return ""
        return f"ST-{timezone.localtime(self.submitted_at).year}-{self.pk:06d}"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def submitter_label(self) -> str:
        """How the statement is shown in anonymised form."""
        if self.submitter_kind == SubmitterKind.AGENCY and self.agency_name:
            return self.agency_name
        return str(SubmitterKind(self.submitter_kind).label)

    def submit(self, now: datetime.datetime | None = None) -> None:
        """Turn the draft into a submitted statement, if the participation phase is open.

        The procedure's phases are read again inside the transaction: a statement is only
        ever accepted while the participation phase runs.
        """
        from cms.signals import statement_submitted

        now = now or timezone.now()
        procedure = ProcedurePage.objects.get(pk=self.procedure_id)
        if not procedure.accepts_statements(now):
            raise StatementClosed
        with transaction.atomic():
            self.status = StatementStatus.SUBMITTED
            self.submitted_at = now
            self.delete_personal_data_after = procedure.personal_data_deletion_date()
            self.save(update_fields=["status", "submitted_at", "delete_personal_data_after"])
            self.join_identical()
            statement_submitted.send(sender=Statement, statement=self)

    def join_identical(self) -> None:
        """Mass statements are grouped as they arrive."""
        from cms.segments import group_identical

        group_identical(self)

    @property
    def has_segments(self) -> bool:
        return self.segments.exists()

    def send_receipt(self) -> None:
        """Queue the confirmation with the reference number and a copy of the statement."""
        from cms.statements import send_receipt

        send_receipt(self)

    def erase_personal_data(self) -> None:
        for attachment in self.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        self.name = ""
        self.email = ""
        self.postal_address = ""
        self.user = None
        self.personal_data_erased_at = timezone.now()
        self.save(
            update_fields=["name", "email", "postal_address", "user", "personal_data_erased_at"]
        )


def erase_statements_of_deleted_user(sender, instance, **kwargs) -> None:
    """A deleted account takes its personal data along; the statements stay, anonymised."""
    for statement in Statement.objects.filter(user=instance).prefetch_related("attachments"):
        statement.erase_personal_data()


def attachment_path(instance: "StatementAttachment", filename: str) -> str:
    # An unguessable name: attachments are only handed out through a permission check.
    return f"statements/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class StatementAttachment(models.Model):
    statement = models.ForeignKey(
        Statement,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("statement"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = pgettext_lazy("statement", "attachment")
        verbose_name_plural = pgettext_lazy("statement", "attachments")

    def __str__(self) -> str:
        return self.original_name
