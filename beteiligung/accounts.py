"""django-allauth glue: a display name at sign-up, e-mails through the task queue, and a
login lockout that a stranger cannot use to keep an account's owner out."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter

# The internal module, not allauth.core.ratelimit: only it returns the usage that a
# successful login rolls back (allauth's own adapter does the same; allauth is pinned).
from allauth.core.internal import ratelimit
from django import forms
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from beteiligung.emails import RenderedEmail, queue_message


@dataclass(frozen=True)
class PortalSite:
    """What allauth's templates read from a Site: the portal's name and host."""

    name: str
    domain: str


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name (optional)"),
        max_length=80,
        required=False,
        help_text=_(
            "Shown next to your public contributions. Leave empty to appear as 'Anonymous'."
        ),
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class AccountAdapter(DefaultAccountAdapter):
    """Failed logins lock per account *and* client address (``login_failed``: 5 in 5
    minutes), plus a slower account-wide limit (``login_failed_account``).

    allauth counts ``login_failed`` per account alone, so anyone who knows a staff member's
    address could keep that account locked for its owner with one wrong password a minute.
    Now such a flood locks only the flooding address; the account-wide limit still stops
    a password guesser who spreads over many addresses.
    """

    def _account_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{self._account_key(request, **credentials)}:{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        self._account_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_account",
            key=self._account_key(request, **credentials),
        )
        if not self._account_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # After a successful password reset the owner starts afresh, from any address.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request,
            app="allauth.account",
            action="login_failed_account",
            key=self._account_key(request, **credentials),
        )

    def get_logout_redirect_url(self, request) -> str:
        # After a BundID login the IdP's session ends too (single logout). allauth asks
        # for this address before it logs out, so the session still names the subject.
        from beteiligung import identity

        saml = request.session.get(identity.SESSION_SAML)
        if saml and request.user.is_authenticated and identity.saml_enabled():
            url = identity.saml_logout_url(request, saml)
            if url:
                return url
        return super().get_logout_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Our templates (beteiligung/templates/account/email/, mfa/email/) name the portal
        # as every other e-mail does; current_site is for any allauth template left over.
        # It was None here before, which rendered "Hallo von !".
        ctx = {
            "email": email,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": settings.SITE_URL,
            "current_site": PortalSite(
                settings.WAGTAIL_SITE_NAME, urlsplit(settings.SITE_URL).netloc
            ),
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), ""
        )
        if not html:
            try:
                html = render_to_string(
                    "emails/wrap_text.html", {"text": message.body, "site_name": ctx["site_name"]}
                )
            except TemplateDoesNotExist:
                html = ""
        queue_message(
            RenderedEmail(subject=message.subject, text=message.body, html=html, to=[email])
        )
