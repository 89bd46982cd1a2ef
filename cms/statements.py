"""The public statement form: fill in, review, submit, receipt.

A valid form is saved as a draft (attachments included, so nothing is uploaded twice);
the review page shows exactly what will be submitted; submitting checks the
participation phase once more, so a late POST is refused with a visible message.
"""

from __future__ import annotations

import io
import uuid

from django import forms
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beteiligung.emails import queue_email
from beteiligung.identity import trust_level_requirement
from beteiligung.images import MAX_PIXELS, TooManyPixels, UnreadableImage, clean_image
from beteiligung.ratelimit import over_limit
from cms.procedure_map import area_map
from cms.procedures import (
    ProcedurePage,
    Statement,
    StatementAttachment,
    StatementClosed,
    StatementStatus,
    SubmitterKind,
    format_datetime,
)
from geo.areas import area_geometry
from geo.embed import base_map, embed, tile_settings
from geo.fields import latitude_field, longitude_field

RATE_LIMIT = 20  # drafts per address and hour: enough for an office, too few for a bot
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
SESSION_KEY = "statement_drafts"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def checked_uploads(uploads: list, *, kept: int = 0) -> list[tuple[str, bytes, str]]:
    """Every upload checked by ``checked_upload``, at most MAX_ATTACHMENTS with those kept;
    all refusals are reported at once, each naming its file."""
    if len(uploads) + kept > MAX_ATTACHMENTS:
        raise forms.ValidationError(
            _("Please attach at most %(count)d files."), params={"count": MAX_ATTACHMENTS}
        )
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(checked_upload(upload))
        except forms.ValidationError as error:
            errors.append(error)
    if errors:
        raise forms.ValidationError(errors)
    return checked


def checked_upload(upload) -> tuple[str, bytes, str]:
    """Accept a PDF (by its magic bytes) or an image (checked, shrunk, metadata stripped)."""
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise forms.ValidationError(
            _("“%(name)s” is too large (%(size)s); at most %(limit)s per file are allowed."),
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_ATTACHMENT_SIZE),
            },
        )
    content = upload.read()
    if content.startswith(b"%PDF-"):
        return upload.name, content, "application/pdf"
    try:
        # Rebuilt from its pixels alone: no EXIF (GPS), ICC, XMP, comment or text chunk.
        image = clean_image(io.BytesIO(content), formats=set(IMAGE_FORMATS))
    except TooManyPixels as error:
        raise forms.ValidationError(
            _(
                "“%(name)s” has %(megapixels)s megapixels; at most %(limit)s megapixels are "
                "allowed. Please attach a smaller version or a PDF."
            ),
            params={
                "name": upload.name,
                "megapixels": error.megapixels,
                "limit": MAX_PIXELS // 1_000_000,
            },
        ) from None
    except UnreadableImage as error:
        raise forms.ValidationError(
            _("“%(name)s” is neither a PDF nor an image (JPEG, PNG, WebP)."),
            params={"name": upload.name},
        ) from error
    return upload.name, image.content, IMAGE_FORMATS[image.format]


class StatementForm(forms.Form):
    submitter_kind = forms.ChoiceField(
        label=_("I submit this statement as"),
        choices=SubmitterKind.choices,
        widget=forms.RadioSelect,
        initial=SubmitterKind.CITIZEN,
    )
    agency_name = forms.CharField(
        label=_("Name of the agency"),
        max_length=200,
        required=False,
        help_text=_("Only for public agencies."),
    )
    text = forms.CharField(
        label=_("Your statement"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000
    )
    document = forms.ModelChoiceField(
        label=_("Document concerned (optional)"),
        queryset=None,
        required=False,
        empty_label=_("No particular document"),
    )
    section = forms.CharField(
        label=_("Section or page (optional)"),
        max_length=200,
        required=False,
        help_text=_("e.g. “Chapter 3.2, page 45”"),
    )
    place = forms.CharField(
        label=_("Place concerned (optional)"),
        max_length=200,
        required=False,
        help_text=_("An address or place name, if you do not use the map."),
    )
    latitude = latitude_field(_("Latitude (optional)"))
    longitude = longitude_field(_("Longitude (optional)"))
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("Up to 5 PDF files or images (JPEG, PNG, WebP), each at most 10 MB."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("We send you a confirmation and the result of the weighing."),
    )
    postal_address = forms.CharField(
        label=_("Postal address (for a reply by letter)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Only if you give no e-mail and would like the result by post."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my statement and my details are processed for this procedure. "
            "My name, e-mail and postal address are deleted after the procedure; the "
            "statement may be published without them."
        )
    )
    contact_consent = forms.BooleanField(
        label=_("The procedure's staff may write to me about this procedure (optional)."),
        required=False,
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, procedure: ProcedurePage, kept_attachments: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.kept_attachments = kept_attachments
        kinds = []
        if procedure.open_to_citizens:
            kinds.append(SubmitterKind.CITIZEN)
        if procedure.open_to_agencies:
            kinds.append(SubmitterKind.AGENCY)
        self.fields["submitter_kind"].choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["submitter_kind"].initial = kinds[0].value
            self.fields["submitter_kind"].widget = forms.HiddenInput()
        if SubmitterKind.AGENCY not in kinds:
            del self.fields["agency_name"]
        if procedure.ask_document_reference:
            self.fields["document"].queryset = procedure.documents.all()
        else:
            del self.fields["document"], self.fields["section"]
        if not procedure.ask_location:
            del self.fields["latitude"], self.fields["longitude"], self.fields["place"]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""

    def clean_attachments(self) -> list[tuple[str, bytes, str]]:
        return checked_uploads(self.cleaned_data["attachments"], kept=self.kept_attachments)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("submitter_kind") == SubmitterKind.AGENCY and not data.get("agency_name"):
            self.add_error("agency_name", _("Please name the agency you speak for."))
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" in self.fields and not self.has_error("latitude"):
            if (latitude is None) != (longitude is None):
                self.add_error(
                    "latitude", _("Please give both latitude and longitude, or neither.")
                )
            elif latitude is not None and not self.procedure.contains_point(latitude, longitude):
                self.add_error(
                    "latitude",
                    _(
                        "The point lies outside the planning area. Please choose a point "
                        "inside the area shown on the map."
                    ),
                )
        return data


# Drafts belong to the browser session that wrote them.


def _remember_draft(request: HttpRequest, statement: Statement) -> None:
    tokens = request.session.get(SESSION_KEY, [])
    if str(statement.token) not in tokens:
        request.session[SESSION_KEY] = [*tokens[-19:], str(statement.token)]


def _own_statement(request: HttpRequest, token: uuid.UUID) -> Statement:
    statement = get_object_or_404(
        Statement.objects.select_related("procedure", "document"), token=token
    )
    owns = str(token) in request.session.get(SESSION_KEY, []) or (
        request.user.is_authenticated and statement.user_id == request.user.pk
    )
    if not owns:
        raise Http404
    return statement


def _initial(request: HttpRequest, draft: Statement | None) -> dict:
    if draft is not None:
        return {
            "submitter_kind": draft.submitter_kind,
            "agency_name": draft.agency_name,
            "text": draft.text,
            "document": draft.document_id,
            "section": draft.section,
            "place": draft.place,
            "latitude": draft.latitude,
            "longitude": draft.longitude,
            "name": draft.name,
            "email": draft.email,
            "postal_address": draft.postal_address,
        }
    if request.user.is_authenticated:
        user = request.user
        return {"name": user.get_full_name() or user.display_name, "email": user.email}
    return {}


@transaction.atomic
def save_draft(
    request: HttpRequest, procedure: ProcedurePage, form: StatementForm, draft: Statement | None
) -> Statement:
    data = form.cleaned_data
    statement = draft or Statement(procedure=procedure)
    for field in ("submitter_kind", "text", "name", "email", "postal_address"):
        setattr(statement, field, data[field])
    statement.agency_name = (
        data.get("agency_name", "") if data["submitter_kind"] == SubmitterKind.AGENCY else ""
    )
    statement.document = data.get("document")
    statement.section = data.get("section", "")
    statement.place = data.get("place", "")
    statement.latitude = data.get("latitude")
    statement.longitude = data.get("longitude")
    statement.user = request.user if request.user.is_authenticated else None
    statement.contact_consent = data.get("contact_consent", False)
    statement.save()
    for name, content, content_type in data["attachments"]:
        StatementAttachment.objects.create(
            statement=statement,
            file=ContentFile(content, name=name),
            original_name=name[:200],
            content_type=content_type,
            size=len(content),
        )
    return statement


def procedure_page(request: HttpRequest, procedure: ProcedurePage) -> HttpResponse:
    """GET shows the procedure; POST checks the statement form and saves a draft."""
    draft = None
    draft_token = request.POST.get("draft") or request.GET.get("entwurf")
    if draft_token:
        try:
            draft = _own_statement(request, uuid.UUID(draft_token))
        except (ValueError, Http404):
            draft = None
        if draft is not None and draft.status != StatementStatus.DRAFT:
            draft = None
    kept = list(draft.attachments.all()) if draft else []
    form = StatementForm(
        request.POST or None,
        request.FILES or None,
        procedure=procedure,
        kept_attachments=len(kept),
        initial=_initial(request, draft),
    )
    status = 200
    closed_message = ""
    # identity: a procedure may require a BundID login at a trust level for statements.
    trust_required = trust_level_requirement(
        request, procedure.statement_trust_level, gettext("this statement")
    )
    if request.method == "POST":
        if not procedure.accepts_statements():
            closed_message = closed_text(procedure)
            status = 409
        elif trust_required:
            closed_message = trust_required["message"]
            status = 403
        elif form.is_valid() and draft is None and rate_limited(request):
            form.add_error(
                None,
                _(
                    "Too many statements were sent from your connection. Please try again in an hour."
                ),
            )
            status = 429
        elif form.is_valid():
            statement = save_draft(request, procedure, form, draft)
            _remember_draft(request, statement)
            return redirect("cms:statement_review", token=statement.token)
    context = procedure.get_context(request)
    context.update(
        form=form,
        draft=draft,
        kept_attachments=kept,
        closed_message=closed_message,
        trust_required=trust_required,
        closed_text=closed_text(procedure),
        area_map=area_map(procedure, getattr(request, "csp_nonce", "")),
        point_map=point_map(procedure)
        if "latitude" in form.fields and procedure.accepts_statements()
        else None,
        results=_results_page(request, procedure),
    )
    return render(request, procedure.get_template(request), context, status=status)


def point_map(procedure: ProcedurePage) -> dict | None:
    """A small map right at the location fields: a click sets the point (static/cms/
    statement-map.js); the fields work without it."""
    geometry = area_geometry(procedure.planning_area)
    if not geometry:
        return None
    # Imported here: folium and shapely cost every process of the portal 0.3 s at start.
    import folium
    from shapely.geometry import shape

    fmap = base_map()
    folium.GeoJson(
        geometry,
        style_function=lambda feature: {"color": "#004b87", "weight": 2, "fillOpacity": 0.08},
    ).add_to(fmap)
    minx, miny, maxx, maxy = shape(geometry).bounds
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return {"map": embed(fmap), **tile_settings()}


def rate_limited(request: HttpRequest) -> bool:
    return over_limit(request, "cms:statement-drafts", RATE_LIMIT)


def closed_text(procedure: ProcedurePage) -> str:
    """Why the form is not there: when it opens, or that it has closed."""
    phase = procedure.participation_phase()
    now = timezone.now()
    if phase is None:
        return gettext("This procedure does not take statements online.")
    if phase.start > now:
        return gettext("Statements can be submitted from %(start)s until %(end)s.") % {
            "start": format_datetime(phase.start),
            "end": format_datetime(phase.end),
        }
    return gettext(
        "The participation phase ended on %(end)s. Statements can no longer be submitted."
    ) % {"end": format_datetime(phase.end)}


def published_results(procedure: ProcedurePage):
    if not procedure.shows_results():
        return None
    return (
        procedure.statements.filter(status=StatementStatus.WEIGHED)
        .select_related("document")
        .only(
            "id",
            "submitted_at",
            "text",
            "response",
            "result",
            "submitter_kind",
            "agency_name",
            "section",
            "document__title",
            "procedure_id",
        )
    )


def _results_page(request: HttpRequest, procedure: ProcedurePage):
    results = published_results(procedure)
    if results is None:
        return None
    return Paginator(results.order_by("submitted_at", "id"), 20).get_page(request.GET.get("seite"))


def statement_review(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    statement = _own_statement(request, token)
    if statement.status != StatementStatus.DRAFT:
        return redirect("cms:statement_receipt", token=statement.token)
    procedure = statement.procedure.specific
    closed_message = ""
    status = 200
    if request.method == "POST":
        try:
            statement.submit()
        except StatementClosed:
            closed_message = closed_text(procedure)
            status = 409
        else:
            statement.send_receipt()
            return redirect("cms:statement_receipt", token=statement.token)
    return render(
        request,
        "cms/statement_review.html",
        {
            "statement": statement,
            "procedure": procedure,
            "attachments": statement.attachments.all(),
            "closed_message": closed_message,
            "change_url": f"{procedure.url}?entwurf={statement.token}#stellungnahme",
        },
        status=status,
    )


def statement_receipt(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    statement = _own_statement(request, token)
    if statement.status == StatementStatus.DRAFT:
        return redirect("cms:statement_review", token=statement.token)
    return render(
        request,
        "cms/statement_receipt.html",
        {
            "statement": statement,
            "procedure": statement.procedure.specific,
            "attachments": statement.attachments.all(),
        },
    )


def send_receipt(statement: Statement, *, with_link: bool = True) -> None:
    if not statement.email:
        return
    queue_email(
        "cms/statement_receipt",
        [statement.email],
        {
            "statement": statement,
            "procedure": statement.procedure,
            "attachments": list(statement.attachments.all()),
            "receipt_url": (
                reverse("cms:statement_receipt", args=[statement.token]) if with_link else ""
            ),
        },
    )
