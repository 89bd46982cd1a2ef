from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from beteiligung import account_sections, health, identity, privacy
from beteiligung import search as site_search
from beteiligung.models import User
from beteiligung.privacy import delete_account, export_user_data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("account_profile")
    return render(
        request,
        "account/profile.html",
        {
            "form": form,
            "sections": account_sections.SECTIONS,
            "identity_services": get_text_list(identity.sign_in_service_names(request), _("and")),
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and monitoring; touches neither database nor session,
    which also makes it the ceiling of what one Django process serves (bench/load)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness for load balancers: 200 when database, cache, broker and outbox are fine,
    503 naming each failed check otherwise (docs/deployment.md)."""
    ready, checks = health.readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def search(request: HttpRequest) -> HttpResponse:
    query, groups = site_search.find(request.GET.get("q", ""))
    return render(
        request,
        "search/search.html",
        {"query": query.text, "groups": groups, "total": sum(g.total for g in groups)},
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = export_user_data(request.user)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
        return response
    sections = privacy.present_user_data(data)
    return render(request, "account/my_data.html", {"data": data, "sections": sections})


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To protect you, please confirm with your password."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


@login_required
def delete_my_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(request, "account/delete.html", {"form": form})
