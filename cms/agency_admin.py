"""Staff invite public agencies to a procedure and see who has not answered
(``/admin/traeger/``). Editors and planners of the procedure's organisation only."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beteiligung.models import Organisation, OrganisationKind
from beteiligung.roles import Role, has_role, organisations_for, staff_view
from cms.agencies import (
    DEFAULT_REMINDER_DAYS,
    AgencyInvitation,
    AgencyStatementStatus,
    default_deadline,
    invite_agency,
)
from cms.procedures import ProcedurePage

INVITING_ROLES = (Role.EDITOR, Role.PLANNER)


def inviting_procedure(request: HttpRequest, page_id: int) -> ProcedurePage:
    procedure = get_object_or_404(ProcedurePage.objects.select_related("organisation"), pk=page_id)
    if not has_role(request.user, procedure.organisation, *INVITING_ROLES):
        raise PermissionDenied
    return procedure


class InviteForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies on file"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_name = forms.CharField(label=_("Or a new agency: name"), max_length=200, required=False)
    new_email = forms.EmailField(
        label=_("E-mail of the new agency"),
        required=False,
        error_messages={"invalid": _("Please enter a valid e-mail address, e.g. name@amt.de.")},
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        help_text=_("Defaults to the end of the participation phase."),
    )
    reminder_days = forms.IntegerField(
        label=_("Reminder (days before the deadline)"),
        min_value=0,
        max_value=90,
        initial=DEFAULT_REMINDER_DAYS,
        help_text=_("Agencies without a released statement get one reminder; 0 sends none."),
    )

    def __init__(self, *args, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        invited = procedure.agency_invitations.values("agency")
        self.fields["agencies"].queryset = Organisation.objects.agencies().exclude(pk__in=invited)

    def clean_new_name(self) -> str:
        name = " ".join(self.cleaned_data["new_name"].split())
        if name and Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("An organisation of this name is on file already; please tick it above.")
            )
        return name

    def clean(self) -> dict:
        data = super().clean()
        name, email = data.get("new_name"), data.get("new_email")
        if name and not email and not self.has_error("new_email"):
            self.add_error("new_email", _("Please give the e-mail address of the new agency."))
        if email and not name and not self.has_error("new_name"):
            self.add_error("new_name", _("Please give the name of the new agency."))
        if not data.get("agencies") and not name and not self.errors:
            raise forms.ValidationError(_("Please tick an agency or name a new one."))
        for agency in data.get("agencies") or []:
            if not agency.email:
                self.add_error(
                    "agencies",
                    _("%(agency)s has no e-mail address on file.") % {"agency": agency.name},
                )
        deadline = data.get("deadline")
        if deadline and deadline <= timezone.now():
            self.add_error("deadline", _("The deadline must lie in the future."))
        return data


def invitation_rows(procedure: ProcedurePage) -> list[AgencyInvitation]:
    return list(
        procedure.agency_invitations.select_related("agency")
        .annotate(
            released_count=Count(
                "statements", filter=Q(statements__status=AgencyStatementStatus.RELEASED)
            ),
            draft_count=Count(
                "statements", filter=Q(statements__status=AgencyStatementStatus.DRAFT)
            ),
            first_released=Min("statements__released_at"),
        )
        .order_by("agency__name")
    )


@staff_view
def agency_invitations(request: HttpRequest, page_id: int) -> HttpResponse:
    procedure = inviting_procedure(request, page_id)
    deadline = default_deadline(procedure)
    form = InviteForm(
        request.POST or None,
        procedure=procedure,
        initial={
            "deadline": timezone.localtime(deadline) if deadline else None,
            "reminder_days": DEFAULT_REMINDER_DAYS,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agencies = list(data["agencies"])
        if data["new_name"]:
            agencies.append(
                Organisation.objects.create(
                    name=data["new_name"], email=data["new_email"], kind=OrganisationKind.AGENCY
                )
            )
        for agency in agencies:
            invite_agency(
                procedure=procedure,
                agency=agency,
                deadline=data["deadline"],
                reminder_days=data["reminder_days"],
                invited_by=request.user,
            )
        messages.success(
            request,
            gettext("Invitation sent to: %(agencies)s.")
            % {"agencies": ", ".join(a.name for a in agencies)},
        )
        return redirect("cms_agencies:procedure", page_id=procedure.pk)
    rows = invitation_rows(procedure)
    now = timezone.now()
    return render(
        request,
        "cms/agencies/admin_procedure.html",
        {
            "procedure": procedure,
            "form": form,
            "invitations": rows,
            "not_answered": [row for row in rows if not row.released_count],
            "now": now,
            "page_title": gettext("Public agencies: %(procedure)s")
            % {"procedure": procedure.title},
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view
def agency_index(request: HttpRequest) -> HttpResponse:
    organisations = organisations_for(request.user, *INVITING_ROLES)
    procedures = (
        ProcedurePage.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .annotate(
            invited=Count("agency_invitations", distinct=True),
            answered=Count(
                "agency_invitations",
                filter=Q(agency_invitations__statements__status=AgencyStatementStatus.RELEASED),
                distinct=True,
            ),
            next_deadline=Max("agency_invitations__deadline"),
        )
        .order_by("title")
    )
    return render(
        request,
        "cms/agencies/admin_index.html",
        {"procedures": procedures, "page_title": gettext("Public agencies")},
    )


def overdue_for(user, now: datetime.datetime | None = None):
    """Invitations past their deadline without a released statement, in the user's
    organisations (the dashboard panel)."""
    now = now or timezone.now()
    organisations = organisations_for(user, *INVITING_ROLES)
    return (
        AgencyInvitation.objects.not_answered()
        .filter(procedure__organisation__in=organisations, deadline__lt=now)
        .select_related("agency", "procedure")
        .order_by("-deadline")
    )
