from dataclasses import dataclass

from django import forms
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from beteiligung.roles import Role, organisations_for
from cms.blocks import BodyBlock


@dataclass
class CommentPolicy:
    """What a page allows for comments on it (dialogues); any page type may provide
    ``comment_policy()`` to change it. It lives here, with the base pages, because the pages
    decide it and the dialogues app only follows it."""

    open: bool = True
    closed_message: str = ""
    premoderated: bool = False
    edit_window_minutes: int = 15
    flag_threshold: int = 3


def in_private_section() -> Exists:
    """True for a page in a section behind a view restriction (password, login, groups).

    Wagtail's ``PageQuerySet.public()`` reads every restriction first and then filters (a
    query of its own on each listing); this is the same test as a subquery of the listing's
    own query: a restricted page's path is a prefix of the page's path."""
    return Exists(
        PageViewRestriction.objects.annotate(
            prefix=Substr(OuterRef("path"), 1, Length("page__path"))
        ).filter(prefix=F("page__path"))
    )


class OrganisationPageForm(WagtailAdminPageForm):
    """Editors may only assign pages to an organisation they edit for."""

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("organisation")
        if field is not None and for_user is not None and not for_user.is_superuser:
            field.queryset = organisations_for(for_user, Role.EDITOR)
            field.empty_label = None
        elif field is not None:
            # Agencies take part in procedures; they never own a page.
            field.queryset = field.queryset.filter(kind="administration")

    def clean(self):
        cleaned_data = super().clean()
        organisation = cleaned_data.get("organisation")
        if organisation is not None and self.parent_page is not None:
            # A page below another organisation's page could be acted on by nobody but
            # superusers (cms/permissions.py); the organisation follows the parent's.
            from beteiligung.models import Organisation
            from cms.permissions import organisations_on_path

            enclosing = set(organisations_on_path(self.parent_page).values())
            if enclosing and enclosing != {organisation.pk}:
                owner = Organisation.objects.filter(pk__in=enclosing).first()
                self.add_error(
                    "organisation",
                    _("Pages below a page of %(organisation)s belong to %(organisation)s.")
                    % {"organisation": owner},
                )
        return cleaned_data


class OrganisationPage(Page):
    """A page that belongs to an organisation; that organisation's staff act on it."""

    organisation = models.ForeignKey(
        "beteiligung.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    base_form_class = OrganisationPageForm

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        # Permissions granted above this page (e.g. add_page on the shared procedure index)
        # reach it only for the organisation's own groups; see cms/permissions.py.
        from cms.permissions import OrganisationPagePermissionTester

        return OrganisationPagePermissionTester(user, self)


class HomePage(Page):
    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from django.utils import timezone

        from cms.overview import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(timezone.now()))
        return context


class ContentPage(Page):
    """Simple pages: Impressum, Datenschutz, Leichte Sprache and the like."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


FEEDBACK_PER_HOUR = 10


class AccessibilityFeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Which barrier did you meet?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    page_url = forms.CharField(
        label=_("Page concerned (optional)"),
        max_length=500,
        required=False,
        help_text=_("The address or title of the page."),
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Only if you would like an answer."),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class AccessibilityPage(Page):
    """The accessibility statement (Erklärung zur Barrierefreiheit) with its feedback form."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("statement"))
    thank_you = models.TextField(
        _("thank-you text"), default=_("Thank you. We have received your message.")
    )

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("thank_you")]
    api_fields = [APIField("body")]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        from beteiligung.feedback import receive_accessibility_feedback
        from beteiligung.ratelimit import over_limit

        form = AccessibilityFeedbackForm(request.POST or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            if not over_limit(request, "accessibility-feedback", FEEDBACK_PER_HOUR):
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                receive_accessibility_feedback(**data)
                return redirect(self.url + "?danke=1#feedback")
            form.add_error(
                None,
                _("Many messages came from your connection. Please try again in an hour."),
            )
            status = 429
        context = self.get_context(request)
        context.update(form=form, thanked=request.GET.get("danke") == "1")
        return render(request, self.get_template(request), context, status=status)


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    imprint_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imprint"),
    )
    privacy_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy notice"),
    )
    accessibility_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement"),
    )
    easy_language_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("easy language"),
    )
    contact_text = RichTextField(_("contact"), blank=True, features=["bold", "link"])

    panels = [
        FieldPanel("imprint_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("easy_language_page"),
        FieldPanel("contact_text"),
    ]

    class Meta:
        verbose_name = _("footer")

    LINKED_PAGES = ("imprint_page", "privacy_page", "accessibility_page", "easy_language_page")

    @classmethod
    def for_site_with_pages(cls, site: Site) -> "FooterSettings":
        """The setting and its four pages in one query: the footer is on every page, and
        following each foreign key (or reading them in bulk) cost queries of their own."""
        found = cls.objects.select_related(*cls.LINKED_PAGES).filter(site=site).first()
        return found or cls.for_site(site)

    def links(self) -> list[tuple[str, Page]]:
        chosen = [
            (_("Imprint"), self.imprint_page),
            (_("Privacy"), self.privacy_page),
            (_("Accessibility"), self.accessibility_page),
            (_("Easy language"), self.easy_language_page),
        ]
        return [(label, page) for label, page in chosen if page is not None and page.live]


# Participation procedures live in their own module; imported here so Django finds them.
from cms.agencies import (  # noqa: E402
    AgencyAttachment,
    AgencyInvitation,
    AgencyMember,
    AgencyStatement,
    ColleagueInvitation,
)
from cms.answer_templates import AnswerTemplate  # noqa: E402
from cms.procedures import (  # noqa: E402
    Phase,
    ProcedureDocument,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedurePageTag,
    Statement,
    StatementAttachment,
)
from cms.report import ReportFile  # noqa: E402
from cms.segments import StatementGroup, StatementSegment  # noqa: E402

__all__ = [
    "AccessibilityPage",
    "AgencyAttachment",
    "AgencyInvitation",
    "AgencyMember",
    "AgencyStatement",
    "ColleagueInvitation",
    "AnswerTemplate",
    "ContentPage",
    "FooterSettings",
    "HomePage",
    "OrganisationPage",
    "Phase",
    "ProcedureDocument",
    "ProcedureIndexPage",
    "ProcedurePage",
    "ProcedurePageTag",
    "ReportFile",
    "Statement",
    "StatementAttachment",
    "StatementGroup",
    "StatementSegment",
]
