"""Surveys (Umfragen) built on Wagtail's form builder: the page, its questions, the responses."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractFormField, AbstractFormSubmission, FormMixin
from wagtail.contrib.forms.utils import get_field_clean_name

from beteiligung.models import min_trust_level_field
from beteiligung.queue import enqueue
from cms.models import OrganisationPage, OrganisationPageForm
from cms.report import QueuedFile, ReportFileStatus

OTHER = "__other__"
OTHER_SUFFIX = "__other"
PARTICIPATION_COOKIE = "umfragen"
PARTICIPATION_SALT = "surveys.participation"


class QuestionType(models.TextChoices):
    SHORT_TEXT = "singleline", _("Short text")
    LONG_TEXT = "multiline", _("Long text")
    RADIO = "radio", _("Single choice (radio buttons)")
    DROPDOWN = "dropdown", _("Single choice (drop-down list)")
    CHECKBOXES = "checkboxes", _("Multiple choice")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    SCALE = "scale", _("Scale")
    MATRIX = "matrix", _("Matrix (several items on one scale)")
    RANKING = "ranking", _("Ranking")
    SECTION = "section", _("Section break")


CHOICE_TYPES = {QuestionType.RADIO, QuestionType.DROPDOWN, QuestionType.CHECKBOXES}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}


class Participation(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous participation allowed")
    ACCOUNT = "account", _("Only with a user account")


class ResultsVisibility(models.TextChoices):
    STAFF = "staff", _("Staff only")
    AFTER_CLOSING = "after_closing", _("Public after closing")
    LIVE = "live", _("Public while the survey runs")


def split_lines(value: str) -> list[str]:
    lines = [line.strip() for line in (value or "").splitlines()]
    return [line for line in lines if line]


class SurveyPageForm(OrganisationPageForm, WagtailAdminFormPageForm):
    """The organisation limit of our pages plus the duplicate-name check of form pages."""


class SurveyPage(FormMixin, OrganisationPage):
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    thank_you_text = models.TextField(
        _("thank-you text"), default=_("Thank you for taking part in this survey.")
    )
    participation = models.CharField(
        _("participation"),
        max_length=16,
        choices=Participation.choices,
        default=Participation.ANONYMOUS,
    )
    one_response = models.BooleanField(
        _("one response per person"),
        default=True,
        help_text=_(
            "Account surveys: one response per account. Anonymous surveys: one response per "
            "browser (a cookie; this is not a hard guarantee)."
        ),
    )
    results_visibility = models.CharField(
        _("results visible"),
        max_length=16,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.STAFF,
    )
    deletion_days = models.PositiveIntegerField(
        _("delete responses after (days after closing)"), default=180
    )

    base_form_class = SurveyPageForm
    template = "surveys/survey_page.html"
    landing_page_template = "surveys/survey_page_landing.html"
    parent_page_types = ["cms.HomePage", "cms.ProcedurePage"]
    subpage_types: list[str] = []

    min_trust_level = min_trust_level_field(
        _("Only citizens who signed in with BundID at this level or higher answer the survey.")
    )

    content_panels = OrganisationPage.content_panels + [
        FieldPanel("organisation"),
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Period")),
        InlinePanel("form_fields", label=_("Questions")),
        FieldPanel("thank_you_text"),
    ]
    settings_panels = OrganisationPage.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("participation"),
                FieldPanel("one_response"),
                FieldPanel("min_trust_level"),
                FieldPanel("results_visibility"),
                FieldPanel("deletion_days"),
            ],
            heading=_("Survey settings"),
        )
    ]
    api_fields = [
        APIField("introduction"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("participation"),
        APIField("results_visibility"),
    ]

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A changed closing date or retention period moves the deletion date of every response.
        SurveySubmission.objects.filter(page=self).update(delete_after=self.deletion_date())

    # State -----------------------------------------------------------------------------

    def deletion_date(self) -> datetime.date:
        end = self.closes_at or timezone.now()
        return timezone.localtime(end).date() + datetime.timedelta(days=self.deletion_days)

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def is_closed(self, now: datetime.datetime | None = None) -> bool:
        return bool(self.closes_at and (now or timezone.now()) >= self.closes_at)

    def is_staff(self, user) -> bool:
        from beteiligung.roles import Role, has_role

        return has_role(user, self.organisation, Role.EDITOR, Role.PLANNER)

    def results_public(self) -> bool:
        if self.results_visibility == ResultsVisibility.LIVE:
            return True
        return self.results_visibility == ResultsVisibility.AFTER_CLOSING and self.is_closed()

    def can_see_results(self, user) -> bool:
        return self.results_public() or self.is_staff(user)

    def is_anonymous(self) -> bool:
        return self.participation == Participation.ANONYMOUS

    def has_answered(self, request) -> bool:
        if not self.one_response:
            return False
        if self.is_anonymous():
            return self.pk in answered_in_browser(request)
        user = request.user
        return user.is_authenticated and self.get_submissions().filter(user=user).exists()

    # Questions ---------------------------------------------------------------------------

    def questions(self) -> list["SurveyFormField"]:
        return [f for f in self.get_form_fields() if f.field_type != QuestionType.SECTION]

    def sections(self) -> list[dict]:
        """The questions split at section breaks; each section has a title and an intro."""
        sections = [{"title": "", "intro": "", "questions": []}]
        for field in self.get_form_fields():
            if field.field_type == QuestionType.SECTION:
                if sections[-1]["questions"] or sections[-1]["title"]:
                    sections.append({"title": "", "intro": "", "questions": []})
                sections[-1].update(title=field.label, intro=field.help_text)
            else:
                sections[-1]["questions"].append(field)
        return [s for s in sections if s["questions"]] or sections

    # FormMixin override points ---------------------------------------------------------

    def get_form_class(self, section: int | None = None):
        from surveys.forms import SurveyFormBuilder

        questions = self.questions()
        if section is not None:
            names = {q.clean_name for q in self.sections()[section]["questions"]}
            visible = [q for q in questions if q.clean_name in names]
        else:
            visible = questions
        builder = SurveyFormBuilder(visible, all_questions=questions)
        return builder.get_form_class()

    def get_form(self, *args, section: int | None = None, **kwargs):
        form_class = self.get_form_class(section)
        form_params = self.get_form_parameters()
        form_params.update(kwargs)
        return form_class(*args, **form_params)

    def get_submission_class(self):
        return SurveySubmission

    def get_data_fields(self):
        data_fields = [("submit_time", _("Submission date"))]
        data_fields += [(q.clean_name, q.label) for q in self.questions()]
        return data_fields

    def process_form_submission(self, form, user=None):
        return SurveySubmission.objects.create(
            page=self,
            form_data=form.answers(),
            user=None if self.is_anonymous() else user,
            delete_after=self.deletion_date(),
        )

    def serve(self, request, *args, **kwargs):
        from surveys.views import serve_survey

        return serve_survey(self, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_staff"] = self.is_staff(request.user)
        context["can_see_results"] = self.can_see_results(request.user)
        return context


class SurveyFormField(AbstractFormField):
    page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("question type"), max_length=16, choices=QuestionType.choices
    )
    field_type.required_on_save = True
    allow_other = models.BooleanField(
        _("offer 'other (please specify)'"), default=False, help_text=_("Choice questions only.")
    )
    min_selections = models.PositiveSmallIntegerField(
        _("minimum selections"), null=True, blank=True
    )
    max_selections = models.PositiveSmallIntegerField(
        _("maximum selections"), null=True, blank=True
    )
    min_value = models.DecimalField(
        _("smallest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    scale_points = models.PositiveSmallIntegerField(
        _("scale points"), default=5, help_text=_("Scale and matrix: 1 to this number.")
    )
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=80, blank=True)
    scale_max_label = models.CharField(_("label of the highest value"), max_length=80, blank=True)
    items = models.TextField(
        _("matrix items"), blank=True, help_text=_("Matrix only: one item per line.")
    )
    condition_question = models.CharField(
        _("show only when question"),
        max_length=255,
        blank=True,
        help_text=_("The label of an earlier question."),
    )
    condition_value = models.CharField(_("has the answer"), max_length=255, blank=True)

    panels = AbstractFormField.panels + [
        FieldRowPanel(
            [FieldPanel("allow_other"), FieldPanel("min_selections"), FieldPanel("max_selections")]
        ),
        FieldRowPanel([FieldPanel("min_value"), FieldPanel("max_value")]),
        FieldRowPanel(
            [
                FieldPanel("scale_points"),
                FieldPanel("scale_min_label"),
                FieldPanel("scale_max_label"),
            ]
        ),
        FieldPanel("items"),
        FieldRowPanel([FieldPanel("condition_question"), FieldPanel("condition_value")]),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = pgettext_lazy("survey", "question")
        verbose_name_plural = _("questions")

    def options(self) -> list[str]:
        return (
            split_lines(self.choices)
            if "\n" in self.choices.strip()
            else [c.strip() for c in self.choices.split(",") if c.strip()]
        )

    def matrix_items(self) -> list[str]:
        return split_lines(self.items)

    def scale_values(self) -> list[int]:
        return list(range(1, max(self.scale_points, 2) + 1))

    def condition_name(self) -> str:
        """The clean name of the question this one depends on (label or name accepted)."""
        if not self.condition_question:
            return ""
        return get_field_clean_name(self.condition_question)

    def has_other(self) -> bool:
        return self.allow_other and self.field_type in CHOICE_TYPES

    def other_name(self) -> str:
        return self.clean_name + OTHER_SUFFIX

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        return self.min_value, self.max_value


class SurveySubmission(AbstractFormSubmission):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("account"),
    )
    delete_after = models.DateField(_("delete after"), db_index=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    @classmethod
    def erase_expired(cls, today: datetime.date | None = None) -> int:
        deleted, _counts = cls.objects.filter(
            delete_after__lt=today or timezone.localdate()
        ).delete()
        return deleted


def export_path(instance: "SurveyExportFile", filename: str) -> str:
    # Unguessable: the files are handed out only through the export's permission check.
    return f"survey-exports/{uuid.uuid4().hex}-{filename}"


class SurveyExportFile(QueuedFile):
    """The XLSX export of a large survey, built by the queue (the pattern of
    ``cms.report.ReportFile``). It holds every answer, so it is deleted after
    ``SURVEY_EXPORT_KEEP_DAYS`` and never outlives the responses themselves."""

    page = models.ForeignKey(
        SurveyPage,
        on_delete=models.CASCADE,
        related_name="export_files",
        verbose_name=_("survey"),
    )
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    # What the file holds: a new or erased response makes a ready file out of date.
    responses = models.PositiveIntegerField(_("responses"), default=0)
    newest_response = models.PositiveIntegerField(_("newest response"), default=0)
    # Column headers are translated: the file speaks the language of the click.
    language = models.CharField(_("language"), max_length=10, default="de")
    delete_after = models.DateField(_("delete after"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey export file")
        verbose_name_plural = _("survey export files")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.get_status_display()}"

    @staticmethod
    def contents(page: SurveyPage) -> tuple[int, int]:
        """(number, newest id) of the page's responses: what an export of it would hold."""
        found = page.get_submissions().aggregate(count=models.Count("pk"), newest=models.Max("pk"))
        return found["count"], found["newest"] or 0

    @classmethod
    def request(cls, page: SurveyPage, user=None) -> "SurveyExportFile":
        """The file being built or ready for the page's current responses, or a new wish
        that the queue builds once this transaction commits. A second click while a build
        is pending adds no second build."""
        pending = cls.objects.filter(page=page, status=ReportFileStatus.PENDING).first()
        if pending is not None:
            return pending
        count, newest = cls.contents(page)
        language = translation.get_language() or settings.LANGUAGE_CODE
        ready = cls.objects.filter(
            page=page,
            status=ReportFileStatus.READY,
            responses=count,
            newest_response=newest,
            language=language,
        ).first()
        if ready is not None:
            return ready
        keep = timezone.localdate() + datetime.timedelta(days=settings.SURVEY_EXPORT_KEEP_DAYS)
        export = cls.objects.create(
            page=page,
            responses=count,
            newest_response=newest,
            language=language,
            requested_by=user if user is not None and user.is_authenticated else None,
            delete_after=min(keep, page.deletion_date()),
        )
        enqueue("surveys.tasks.build_export_file", export.pk)
        return export

    def build(self) -> None:
        from surveys import exports

        page = SurveyPage.objects.select_related("organisation").get(pk=self.page_id)
        try:
            with translation.override(self.language):
                content = exports.to_xlsx(page)
            self.file.save(f"{page.slug}.xlsx", ContentFile(content), save=False)
        except Exception:
            # The results page says so; a new click builds again.
            SurveyExportFile.objects.filter(pk=self.pk).update(status=ReportFileStatus.FAILED)
            raise
        self.status = ReportFileStatus.READY
        self.finished_at = timezone.now()
        self.save(update_fields=["file", "status", "finished_at"])


def answered_in_browser(request) -> set[int]:
    value = request.get_signed_cookie(PARTICIPATION_COOKIE, default="", salt=PARTICIPATION_SALT)
    return {int(part) for part in value.split(",") if part.isdigit()}
