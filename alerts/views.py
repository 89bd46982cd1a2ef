"""Follow, confirm, unsubscribe, open an alert, and "Meine Abos"."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alerts import services
from alerts.forms import AreaForm, FollowForm, FrequencyForm
from alerts.models import Occurrence, Subscription
from beteiligung.ratelimit import over_limit


def safe_next(request: HttpRequest, value: str, fallback: str = "/") -> str:
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and allowed else fallback


def language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    anonymous = not request.user.is_authenticated
    form = FollowForm(request.POST, anonymous=anonymous)
    next_url = safe_next(request, request.POST.get("next", ""))
    if not form.is_valid():
        return render(request, "alerts/follow_failed.html", {"form": form, "next": next_url})
    subscription = form.cleaned_data["subscription"]
    subscription.language = language()
    if anonymous:
        if over_limit(request, "alerts-follow", settings.ALERTS_RATE_LIMIT):
            return render(request, "429.html", status=429)
        services.follow_by_email(subscription, form.cleaned_data["email"], language())
        return render(
            request,
            "alerts/check_inbox.html",
            {"email": form.cleaned_data["email"], "next": next_url},
        )
    if services.toggle_follow(request.user, subscription):
        messages.success(
            request,
            _("You follow “%(label)s”. You find it under “My alerts” in your account.")
            % {"label": subscription.label},
        )
    else:
        messages.success(
            request, _("You no longer follow “%(label)s”.") % {"label": subscription.label}
        )
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def follow_area(request: HttpRequest) -> HttpResponse:
    anonymous = not request.user.is_authenticated
    form = AreaForm(request.POST or None, anonymous=anonymous)
    if request.method == "POST" and form.is_valid():
        subscription = form.subscription()
        subscription.language = language()
        if anonymous:
            if over_limit(request, "alerts-follow", settings.ALERTS_RATE_LIMIT):
                return render(request, "429.html", status=429)
            services.follow_by_email(subscription, form.cleaned_data["email"], language())
            return render(request, "alerts/check_inbox.html", {"email": form.cleaned_data["email"]})
        if not services.is_following(request.user, subscription.target_key()):
            services.toggle_follow(request.user, subscription)
        messages.success(request, _("You follow “%(label)s”.") % {"label": subscription.label})
        return redirect("alerts:my_follows")
    return render(request, "alerts/follow_area.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation mail shows a button: link checkers that open every
    link in a mail must not confirm a follow nobody asked for."""
    subscription = get_object_or_404(Subscription, token=_uuid(token), user__isnull=True)
    if request.method == "POST":
        subscription.confirm()
        return render(request, "alerts/confirmed.html", {"subscription": subscription})
    return render(request, "alerts/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058: the mail client POSTs without a session or a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    everything = request.GET.get("alle") == "1"
    subscription = Subscription.objects.filter(token=_uuid(token)).first()
    if subscription is None:
        return render(request, "alerts/unsubscribed.html", {"count": 0})
    if request.method == "POST":
        count = services.unsubscribe(subscription, everything=everything)
        return render(request, "alerts/unsubscribed.html", {"count": count})
    return render(
        request,
        "alerts/unsubscribe.html",
        {"subscription": subscription, "everything": everything},
    )


def open_alert(request: HttpRequest, token: str, occurrence_id: int) -> HttpResponse:
    """The link in an alert: counts as opening it (a follow without an account stays a year
    longer), then leads to the page."""
    occurrence = get_object_or_404(Occurrence, pk=occurrence_id)
    subscription = Subscription.objects.filter(token=_uuid(token)).first()
    if subscription is not None:
        subscription.mark_opened()
    url = occurrence.url if occurrence.url.startswith("/") else "/"
    return redirect(safe_next(request, url))


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Alert settings from a link in the mail, for follows without an account."""
    subscription = get_object_or_404(Subscription, token=_uuid(token))
    if subscription.user_id:
        return redirect("alerts:my_follows")
    form = FrequencyForm(request.POST or None, initial={"frequency": subscription.frequency})
    if request.method == "POST" and form.is_valid():
        subscription.frequency = form.cleaned_data["frequency"]
        subscription.save(update_fields=["frequency"])
        messages.success(request, _("Your alert setting has been saved."))
        return redirect("alerts:manage", token=token)
    return render(request, "alerts/manage.html", {"subscription": subscription, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def my_follows(request: HttpRequest) -> HttpResponse:
    follows = services.follows_of(request.user)
    if request.method == "POST":
        subscription = get_object_or_404(
            Subscription, user=request.user, pk=_int(request.POST.get("subscription"))
        )
        if request.POST.get("action") == "delete":
            subscription.delete()
            messages.success(
                request, _("You no longer follow “%(label)s”.") % {"label": subscription.label}
            )
            return redirect("alerts:my_follows")
        form = FrequencyForm(request.POST, prefix=str(subscription.pk))
        if form.is_valid():
            subscription.frequency = form.cleaned_data["frequency"]
            subscription.save(update_fields=["frequency"])
            messages.success(
                request,
                _("Alerts for “%(label)s”: %(frequency)s.")
                % {"label": subscription.label, "frequency": subscription.get_frequency_display()},
            )
        return redirect("alerts:my_follows")
    rows = [
        (s, FrequencyForm(initial={"frequency": s.frequency}, prefix=str(s.pk))) for s in follows
    ]
    return render(request, "alerts/my_follows.html", {"rows": rows})


def _uuid(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() and len(str(value)) < 18 else 0
