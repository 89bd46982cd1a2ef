"""The agencies' workspace on the portal (``/konto/traeger/``): accept an invitation, draft,
co-sign and release statements, invite a colleague.

Every view looks the agency up through the visitor's own membership: a person of another
agency (or an administration) gets a 404, as if the draft did not exist."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cms.agencies import (
    AgencyInvitation,
    AgencyMember,
    AgencyRole,
    AgencyStatement,
    AgencyStatementStatus,
    AlreadyReleased,
    ColleagueInvitation,
    InvitationUsed,
    accept_colleague_invitation,
    accept_invitation,
    invite_colleague,
    membership,
    release,
    save_agency_draft,
)
from cms.procedures import StatementStatus, format_datetime
from cms.statements import StatementForm, point_map

PERSONAL_FIELDS = ("submitter_kind", "agency_name", "name", "email", "consent", "website")


class AgencyStatementForm(StatementForm):
    """The citizen's statement form and its checks (document, point inside the area,
    attachments), without what the agency does not need: name, e-mail, consent, honeypot."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in PERSONAL_FIELDS:
            self.fields.pop(name, None)
        self.fields["text"].label = _("Statement of the agency")


class ColleagueForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of your colleague"),
        error_messages={"invalid": _("Please enter a valid e-mail address, e.g. name@amt.de.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=AgencyRole.choices,
        initial=AgencyRole.CLERK,
        widget=forms.RadioSelect,
    )


def _invitation_of_member(request: HttpRequest, invitation_id: int):
    invitation = get_object_or_404(
        AgencyInvitation.objects.select_related("procedure", "agency"), pk=invitation_id
    )
    member = membership(request.user, invitation.agency_id)
    if member is None:
        raise Http404
    return invitation, member


def _draft_of_member(request: HttpRequest, pk: int):
    draft = get_object_or_404(
        AgencyStatement.objects.select_related(
            "invitation__procedure", "invitation__agency", "drafted_by", "released_by", "statement"
        ),
        pk=pk,
    )
    member = membership(request.user, draft.invitation.agency_id)
    if member is None:
        raise Http404
    return draft, member


def _workspace(request: HttpRequest, colleague_form=None, form_agency=None, status=200):
    members = list(
        AgencyMember.objects.filter(user=request.user)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "agency__procedure_invitations",
                queryset=AgencyInvitation.objects.select_related("procedure").annotate(
                    drafts=Count("statements", filter=Q(statements__status="draft")),
                    released=Count("statements", filter=Q(statements__status="released")),
                ),
                to_attr="invitations",
            ),
            Prefetch(
                "agency__agency_members",
                queryset=AgencyMember.objects.select_related("user"),
                to_attr="people",
            ),
        )
    )
    return render(
        request,
        "cms/agencies/workspace.html",
        {
            "members": members,
            "colleague_form": colleague_form,
            "blank_form": ColleagueForm(),
            "form_agency": form_agency,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    return _workspace(request)


def _accept_page(request: HttpRequest, context: dict, *, usable: bool, accept, done: HttpResponse):
    """The one acceptance page of both invitations: used or expired (410), sign up or log in
    first, then accept with a button. ``accept(user)`` returns the new membership."""
    template = "cms/agencies/accept.html"
    if not usable:
        return render(request, template, {**context, "used": True}, status=410)
    if not request.user.is_authenticated:
        next_url = urlencode({"next": request.get_full_path()})
        context.update(
            signup_url=f"{reverse('account_signup')}?{next_url}",
            login_url=f"{reverse('account_login')}?{next_url}",
        )
        return render(request, template, context)
    if request.method == "POST":
        try:
            member = accept(request.user)
        except InvitationUsed:
            return render(request, template, {**context, "used": True}, status=410)
        messages.success(
            request,
            gettext("You now work for %(agency)s on the portal as %(role)s.")
            % {"agency": context["invitation"].agency.name, "role": member.get_role_display()},
        )
        return done
    return render(request, template, context)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        AgencyInvitation.objects.select_related("procedure", "agency"), token=token
    )
    return _accept_page(
        request,
        {"invitation": invitation, "deadline": format_datetime(invitation.deadline)},
        usable=invitation.accepted_at is None,
        accept=lambda user: accept_invitation(invitation, user),
        done=redirect("cms:agency_procedure", invitation_id=invitation.pk),
    )


def accept_colleague(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        ColleagueInvitation.objects.select_related("agency", "invited_by"), token=token
    )
    return _accept_page(
        request,
        {"invitation": invitation, "colleague": True},
        usable=invitation.accepted_at is None and invitation.delete_after >= timezone.localdate(),
        accept=lambda user: accept_colleague_invitation(invitation, user),
        done=redirect("cms:agency_workspace"),
    )


@login_required
@require_POST
def colleague_invite(request: HttpRequest, agency_id: int) -> HttpResponse:
    member = membership(request.user, agency_id)
    if member is None:
        raise Http404
    if not member.is_coordinator:
        raise PermissionDenied
    form = ColleagueForm(request.POST)
    if form.is_valid():
        invite_colleague(
            agency=member.agency,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(
            request,
            gettext("We have sent an invitation to %(email)s.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("cms:agency_workspace")
    return _workspace(request, colleague_form=form, form_agency=member.agency_id, status=400)


@login_required
def procedure(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation, member = _invitation_of_member(request, invitation_id)
    procedure = invitation.procedure.specific
    statements = invitation.statements.select_related(
        "drafted_by", "released_by", "statement", "updated_by"
    ).order_by("status", "-updated_at")
    return render(
        request,
        "cms/agencies/procedure.html",
        {
            "invitation": invitation,
            "member": member,
            "procedure": procedure,
            "statements": statements,
            "deadline": format_datetime(invitation.deadline),
            "past_deadline": invitation.is_past_deadline(),
            "shows_results": procedure.shows_results(),
            "weighed": StatementStatus.WEIGHED,
        },
    )


def _draft_form_page(request, invitation, member, draft=None) -> HttpResponse:
    procedure = invitation.procedure.specific
    kept = list(draft.attachments.all()) if draft else []
    initial = {}
    if draft is not None:
        initial = {
            field: getattr(draft, field)
            for field in ("text", "section", "place", "latitude", "longitude")
        }
        initial["document"] = draft.document_id
    form = AgencyStatementForm(
        request.POST or None,
        request.FILES or None,
        procedure=procedure,
        kept_attachments=len(kept),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            draft = save_agency_draft(
                invitation=invitation, data=form.cleaned_data, user=request.user, draft=draft
            )
            messages.success(request, gettext("The draft has been saved."))
            return redirect("cms:agency_statement", pk=draft.pk)
        status = 400
    return render(
        request,
        "cms/agencies/draft_form.html",
        {
            "invitation": invitation,
            "member": member,
            "procedure": procedure,
            "form": form,
            "draft": draft,
            "kept_attachments": kept,
            "deadline": format_datetime(invitation.deadline),
            "point_map": point_map(procedure) if "latitude" in form.fields else None,
        },
        status=status,
    )


@login_required
def draft_new(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation, member = _invitation_of_member(request, invitation_id)
    return _draft_form_page(request, invitation, member)


@login_required
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft: read, edit and (coordinators) release it; a released statement: read it."""
    draft, member = _draft_of_member(request, pk)
    invitation = draft.invitation
    if not draft.is_draft and request.method == "POST":
        messages.info(request, gettext("This statement has already been released."))
        return redirect("cms:agency_statement", pk=draft.pk)
    if draft.is_draft and request.method == "POST":
        return _draft_form_page(request, invitation, member, draft)
    if draft.is_draft and request.GET.get("bearbeiten"):
        return _draft_form_page(request, invitation, member, draft)
    procedure = invitation.procedure.specific
    submitted = draft.statement
    return render(
        request,
        "cms/agencies/statement.html",
        {
            "draft": draft,
            "member": member,
            "invitation": invitation,
            "procedure": procedure,
            "attachments": draft.attachments.all(),
            "deadline": format_datetime(invitation.deadline),
            "past_deadline": invitation.is_past_deadline(),
            "response": submitted.response
            if submitted is not None
            and submitted.status == StatementStatus.WEIGHED
            and procedure.shows_results()
            else "",
        },
    )


@login_required
@require_POST
def release_statement(request: HttpRequest, pk: int) -> HttpResponse:
    draft, member = _draft_of_member(request, pk)
    if not member.is_coordinator:
        raise PermissionDenied
    if draft.status != AgencyStatementStatus.DRAFT:
        messages.info(request, gettext("This statement has already been released."))
        return redirect("cms:agency_statement", pk=draft.pk)
    try:
        submitted = release(draft, request.user)
    except AlreadyReleased:
        messages.info(request, gettext("This statement has already been released."))
        return redirect("cms:agency_statement", pk=draft.pk)
    messages.success(
        request,
        gettext(
            "The statement has been released and submitted to %(organisation)s. "
            "Reference number: %(reference)s."
        )
        % {
            "organisation": draft.invitation.procedure.specific.organisation.name,
            "reference": submitted.reference,
        },
    )
    return redirect("cms:agency_statement", pk=draft.pk)
