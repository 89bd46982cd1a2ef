"""Staff of a procedure's organisation write to everyone who took part and agreed to be
contacted: first a preview with the number of recipients, then the mails go to the outbox."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alerts import services
from beteiligung.roles import Role, require_role, staff_view
from beteiligung.validators import validate_no_control_characters
from cms.procedures import ProcedurePage

STAFF_ROLES = (Role.EDITOR, Role.MODERATOR)


class ParticipantsMessageForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Subject"), max_length=150, validators=[validate_no_control_characters]
    )
    message = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[validate_no_control_characters],
    )


@staff_view
@require_http_methods(["GET", "POST"])
def participants_message(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = get_object_or_404(
        ProcedurePage.objects.select_related("organisation"), pk=procedure_id
    )
    try:
        require_role(request.user, procedure.organisation, *STAFF_ROLES)
    except PermissionDenied:
        context = {"header_title": _("No access"), "page_title": _("No access")}
        return render(request, "alerts/admin/forbidden.html", context, status=403)
    form = ParticipantsMessageForm(request.POST or None)
    count = len(services.participants(procedure))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "send":
            sent = services.message_participants(procedure, data["subject"], data["message"])
            messages.success(
                request,
                _("The message is being sent to %(count)d people.") % {"count": sent},
            )
            return redirect("wagtailadmin_pages:edit", procedure.pk)
        preview = services.render_participant_message(procedure, data["subject"], data["message"])
    return render(
        request,
        "alerts/admin/participants_message.html",
        {
            "header_title": _("Message to participants"),
            "page_title": _("Message to participants"),
            "page_subtitle": procedure.title,
            "header_icon": "mail",
            "procedure": procedure,
            "form": form,
            "count": count,
            "preview": preview,
        },
    )
