"""Staff views in the Wagtail admin: registrations of an event, exports, messages.

Every view checks that the staff member edits or moderates for the event's organisation.
"""

import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from beteiligung import exports
from beteiligung.queue import enqueue
from beteiligung.roles import Role, organisations_for, require_role, staff_view
from events.models import EventPage, Registration, RegistrationStatus

STAFF_ROLES = (Role.EDITOR, Role.MODERATOR)


def forbidden_as_403(view):
    """Answer 403 for another organisation's event; Wagtail's admin would only redirect."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            context = {"header_title": _("No access"), "page_title": _("No access")}
            return render(request, "events/admin/forbidden.html", context, status=403)

    return wrapper


def staff_event(request: HttpRequest, event_id: int) -> EventPage:
    event = get_object_or_404(EventPage.objects.select_related("organisation"), pk=event_id)
    require_role(request.user, event.organisation, *STAFF_ROLES)
    return event


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    organisations = organisations_for(request.user, *STAFF_ROLES)
    events = (
        EventPage.objects.filter(organisation__in=organisations, registration_enabled=True)
        .select_related("organisation", "seat_count")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        )
        .order_by("-start")
    )
    upcoming = [e for e in events if not e.is_past()]
    past = [e for e in events if e.is_past()][:50]
    return render(
        request,
        "events/admin/index.html",
        {
            "header_title": _("Event registrations"),
            "page_title": _("Event registrations"),
            "header_icon": "date",
            "upcoming": upcoming,
            "past": past,
        },
    )


@staff_view
@forbidden_as_403
def registrations(request: HttpRequest, event_id: int) -> HttpResponse:
    event = staff_event(request, event_id)
    rows = event.registrations.all()
    totals = rows.values("status").annotate(count=Count("pk"), persons=Sum("persons"))
    return render(
        request,
        "events/admin/registrations.html",
        {
            "header_title": event.title,
            "page_title": _("Registrations"),
            "page_subtitle": event.title,
            "header_icon": "date",
            "event": event,
            "registrations": rows,
            "totals": {t["status"]: t for t in totals},
            "seats": event.seats(),
        },
    )


EXPORT_FIELDS = ["name", "email", "persons", "needs", "status", "created_at", "promoted_at"]


def export_rows(event: EventPage) -> tuple[list[str], list[list]]:
    header = [str(Registration._meta.get_field(name).verbose_name) for name in EXPORT_FIELDS]
    rows = []
    for registration in event.registrations.order_by("created_at", "pk"):
        row = []
        for name in EXPORT_FIELDS:
            value = getattr(registration, name)
            if name == "status":
                value = registration.get_status_display()
            row.append(value)
        rows.append(row)
    return header, rows


@staff_view
@forbidden_as_403
def export(request: HttpRequest, event_id: int, fmt: str) -> HttpResponse:
    event = staff_event(request, event_id)
    header, rows = export_rows(event)
    filename = f"anmeldungen-{event.slug}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(filename, header, rows)
    return exports.xlsx_response(filename, exports.Sheet(_("Registrations"), header, rows))


class MessageForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        label=gettext_lazy("Recipients"),
        choices=[
            (RegistrationStatus.CONFIRMED, gettext_lazy("Confirmed")),
            (RegistrationStatus.WAITING, gettext_lazy("Waiting list")),
        ],
        initial=[RegistrationStatus.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150)
    message = forms.CharField(
        label=gettext_lazy("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


@staff_view
@forbidden_as_403
@require_http_methods(["GET", "POST"])
def message(request: HttpRequest, event_id: int) -> HttpResponse:
    event = staff_event(request, event_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enqueue(
            "events.tasks.message_registrants",
            event.pk,
            data["subject"],
            data["message"],
            list(data["recipients"]),
        )
        messages.success(request, _("The message is being sent."))
        return redirect("events_admin:registrations", event.pk)
    return render(
        request,
        "events/admin/message.html",
        {
            "header_title": _("Message registrants"),
            "page_title": _("Message registrants"),
            "page_subtitle": event.title,
            "header_icon": "mail",
            "event": event,
            "form": form,
        },
    )
