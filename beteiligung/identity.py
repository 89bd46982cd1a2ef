"""Sign-in with the state's identity services: BundID (SAML 2.0) and an OpenID Connect
provider, both through django-allauth's social accounts (docs/identity.md).

What allauth does not do and we add here: IdP metadata from a file, SP key and certificate
from files, refusing a replayed assertion, the trust level (Vertrauensniveau) of each login
on the session and in a login record, the OIDC provider's second factor counting for staff,
single logout started by the portal, and German messages when a login is refused.
"""

import datetime
import functools
import logging
from pathlib import Path
from urllib.parse import urlsplit

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from requests import RequestException

from beteiligung.models import IdentityLogin, TrustLevel, UsedAssertion

logger = logging.getLogger(__name__)

SAML_APP = "bundid"
SESSION_LEVEL = "identity_trust_level"
SESSION_PROVIDER = "identity_provider"
SESSION_MFA = "identity_mfa"
SESSION_SAML = "identity_saml"

# How BundID, eIDAS and common IdPs spell the three levels (compared in lower case).
LEVEL_NAMES = {
    "stork-qaa-level-1": TrustLevel.BASIC,
    "stork-qaa-level-2": TrustLevel.BASIC,
    "stork-qaa-level-3": TrustLevel.SUBSTANTIAL,
    "stork-qaa-level-4": TrustLevel.HIGH,
    "basisregistrierung": TrustLevel.BASIC,
    "basis": TrustLevel.BASIC,
    "niedrig": TrustLevel.BASIC,
    "normal": TrustLevel.BASIC,
    "low": TrustLevel.BASIC,
    "substanziell": TrustLevel.SUBSTANTIAL,
    "substantial": TrustLevel.SUBSTANTIAL,
    "hoch": TrustLevel.HIGH,
    "high": TrustLevel.HIGH,
    "http://eidas.europa.eu/loa/low": TrustLevel.BASIC,
    "http://eidas.europa.eu/loa/substantial": TrustLevel.SUBSTANTIAL,
    "http://eidas.europa.eu/loa/high": TrustLevel.HIGH,
}
MFA_METHODS = {"mfa", "otp", "hwk"}


def parse_trust_level(value) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return LEVEL_NAMES.get(str(value or "").strip().lower(), "")


# --- Trust levels on the session --------------------------------------------------------


def session_trust_level(request: HttpRequest) -> str:
    if not request.user.is_authenticated:
        return ""
    return request.session.get(SESSION_LEVEL, "")


def meets_trust_level(request: HttpRequest, required: str) -> bool:
    """True when nothing is required or this session's login carried at least that level."""
    if not required:
        return True
    return TrustLevel.rank(session_trust_level(request)) >= TrustLevel.rank(required)


def saml_enabled() -> bool:
    return bool(settings.SAML_ENABLED)


def saml_login_url(next_url: str = "") -> str:
    url = reverse("saml_login", kwargs={"organization_slug": SAML_APP})
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def trust_level_requirement(request: HttpRequest, required: str, what: str) -> dict | None:
    """What a page shows before a citizen starts something that requires a trust level:
    None when the session meets it, else the sentence and (with BundID configured) the
    login link. ``what`` names the thing ("this statement")."""
    if meets_trust_level(request, required):
        return None
    label = TrustLevel(required).label
    return {
        "message": gettext(
            "For %(what)s you need to sign in with %(service)s (trust level %(level)s)."
        )
        % {"what": what, "service": settings.SAML_NAME, "level": label},
        "login_url": saml_login_url(request.get_full_path()) if saml_enabled() else "",
        "service": settings.SAML_NAME,
        "level": label,
    }


def sign_in_service_names(request: HttpRequest) -> list[str]:
    """The configured sign-in services by their configured names (SAML_NAME, OIDC_NAME):
    the state's SAML service need not be BundID, and an OIDC provider alone is not."""
    return [provider.name for provider in get_adapter().list_providers(request)]


# --- SAML (BundID) ------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> str:
    return Path(path).read_text(encoding="utf-8")


def read_file(path: str) -> str:
    return _read(path, Path(path).stat().st_mtime)


def _idp_from_metadata_file(path: str, entity_id: str) -> dict:
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    parsed = OneLogin_Saml2_IdPMetadataParser.parse(read_file(path), entity_id=entity_id or None)
    idp = parsed["idp"]
    cert = idp.get("x509cert") or idp.get("x509certMulti", {}).get("signing", [""])[0]
    return {
        "entity_id": idp["entityId"],
        "x509cert": cert,
        "sso_url": idp["singleSignOnService"]["url"],
        "slo_url": idp.get("singleLogoutService", {}).get("url", ""),
    }


def complete_saml_settings(app_settings: dict) -> dict:
    """allauth's SAML settings from ours: files read now (not at import), signing switched
    on only when the SP has a key (BundID requires it; a local trial may go without)."""
    result = {**app_settings, "advanced": dict(app_settings.get("advanced", {}))}
    advanced = result["advanced"]
    if app_settings.get("key_file") and app_settings.get("cert_file"):
        advanced["private_key"] = read_file(app_settings["key_file"])
        advanced["x509cert"] = read_file(app_settings["cert_file"])
    else:
        for key in (
            "authn_request_signed",
            "logout_request_signed",
            "logout_response_signed",
            "metadata_signed",
            "want_assertion_encrypted",
        ):
            advanced[key] = False
    idp = app_settings.get("idp", {})
    if not idp.get("metadata_url") and idp.get("metadata_file"):
        result["idp"] = _idp_from_metadata_file(idp["metadata_file"], idp.get("entity_id", ""))
    return result


class BundIDProvider(SAMLProvider):
    """allauth's SAML provider with our settings, replay protection and the trust level."""

    package = "allauth.socialaccount.providers.saml"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.app.settings = complete_saml_settings(self.app.settings)

    def extract_common_fields(self, data) -> dict:
        fields = super().extract_common_fields(data)
        if fields.get("email") and self.app.settings.get("email_verified"):
            fields["email_verified"] = True
        return fields

    def sociallogin_from_response(self, request: HttpRequest, response):
        refuse_replayed_assertion(request, self, response)
        login = super().sociallogin_from_response(request, response)
        # For single logout started here: the IdP needs the subject and its session.
        request.session[SESSION_SAML] = {
            "name_id": response.get_nameid(),
            "name_id_format": response.get_nameid_format(),
            "nq": response.get_nameid_nq(),
            "spnq": response.get_nameid_spnq(),
            "session_index": response.get_session_index(),
        }
        return login


def refuse_replayed_assertion(request: HttpRequest, provider, auth) -> None:
    """Store the assertion's ID until it expires; a second use is refused."""
    now = timezone.now()
    not_on_or_after = auth.get_last_assertion_not_on_or_after()
    expires_at = (
        datetime.datetime.fromtimestamp(not_on_or_after, tz=datetime.UTC)
        if not_on_or_after
        else now + datetime.timedelta(hours=1)
    )
    UsedAssertion.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(
                assertion_id=auth.get_last_assertion_id() or "", expires_at=expires_at
            )
    except IntegrityError:
        logger.warning("Replayed SAML assertion %s refused", auth.get_last_assertion_id())
        raise ImmediateHttpResponse(
            render_authentication_error(
                request, provider, extra_context={"identity_reason": "replay"}
            )
        ) from None


def saml_metadata(request: HttpRequest) -> HttpResponse:
    """The SP metadata to upload to BundID, signed with the SP key."""
    from allauth.socialaccount.providers.saml import views

    if not saml_enabled():
        raise Http404
    return views.metadata(request, organization_slug=SAML_APP)


def saml_logout_url(request: HttpRequest, saml: dict) -> str:
    """Where to send the browser so that the IdP ends its session too (single logout)."""
    from allauth.socialaccount.providers.saml.utils import build_auth

    app = DefaultSocialAccountAdapter().get_app(request, provider="saml", client_id=SAML_APP)
    auth = build_auth(request, app.get_provider(request))
    if not auth.get_settings().get_idp_slo_url():
        return ""
    return auth.logout(
        return_to=settings.SITE_URL + "/",
        name_id=saml.get("name_id"),
        session_index=saml.get("session_index"),
        nq=saml.get("nq"),
        name_id_format=saml.get("name_id_format"),
        spnq=saml.get("spnq"),
    )


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def form_action_origins() -> list[str]:
    """Hosts a sign-in or logout form may lead to (the CSP's form-action): allauth's
    confirmation forms post to us and are redirected to the IdP or the OIDC provider,
    which Chromium checks against form-action too."""
    origins = set()
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("saml", {}).get("APPS", []):
        try:
            idp = complete_saml_settings(app["settings"])["idp"]
            if idp.get("metadata_url"):
                from allauth.socialaccount.providers.saml.utils import (
                    fetch_metadata_url_config,
                )

                found = fetch_metadata_url_config(idp)["idp"]
                urls = [
                    found.get("singleSignOnService", {}).get("url"),
                    found.get("singleLogoutService", {}).get("url"),
                ]
            else:
                urls = [idp.get("sso_url"), idp.get("slo_url")]
        except Exception:  # a broken IdP configuration must not break our pages
            logger.exception("SAML IdP configuration could not be read")
            continue
        origins.update(_origin(url) for url in urls)
    for app in settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", []):
        origins.add(_origin(app.get("settings", {}).get("server_url", "")))
    return sorted(origin for origin in origins if origin)


# --- Messages --------------------------------------------------------------------------

REFUSALS = {
    "replay": _("This sign-in response has already been used. Please sign in again."),
    "signature": _(
        "The identity service's signature could not be verified, so the sign-in was refused."
    ),
    "expired": _("The sign-in response has expired. Please sign in again."),
    "audience": _("The sign-in response was meant for another service and was refused."),
    "encryption": _("The sign-in response was not encrypted and was refused."),
    "unknown": _("The sign-in could not be completed. Please try again."),
    # OpenID Connect: what went wrong between the portal and the provider, said plainly.
    "state": _(
        "This sign-in was started in another browser window or has expired, so we could "
        "not match the answer of the sign-in service to it. Please start the sign-in again "
        "from this page."
    ),
    "token": _(
        "The sign-in service did not confirm the sign-in to the portal. This is a fault in "
        "the portal's set-up, not in your details. Please sign in with your e-mail address "
        "and password for now, or try again later."
    ),
    "unreachable": _(
        "The sign-in service could not be reached. Please try again in a few minutes, or "
        "sign in with your e-mail address and password."
    ),
    "denied": _(
        "The sign-in service refused the sign-in. Please check your details there and "
        "start the sign-in again."
    ),
}


def oidc_refusal(request: HttpRequest, exception, extra_context: dict) -> str:
    """Sort allauth's OAuth2 callback failures into one of our refusals."""
    if "state_id" in extra_context:
        return "state"
    if isinstance(exception, RequestException):
        return "unreachable"
    if exception is not None:
        # A refused code exchange (a wrong client secret, a code used twice) or an ID token
        # that does not check out.
        return "token"
    return "denied" if request.GET.get("error") else "unknown"


def refusal_reason(reason: str) -> str:
    """Sort python3-saml's English error text into one of our refusals."""
    text = reason.lower()
    if "signature" in text or "signed" in text or "reference validation" in text:
        return "signature"
    if "expired" in text or "notonorafter" in text or "timestamp" in text:
        return "expired"
    if "audience" in text:
        return "audience"
    if "encrypt" in text:
        return "encryption"
    return "unknown"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        super().on_authentication_error(request, provider, error, exception, extra_context)
        if extra_context is None:
            return
        reason = extra_context.get("identity_reason")
        if not reason and getattr(provider, "id", "") == "openid_connect":
            reason = oidc_refusal(request, exception, extra_context)
        reason = reason or refusal_reason(
            extra_context.get("saml_last_error_reason") or str(exception or "")
        )
        extra_context["identity_message"] = REFUSALS[reason]


# --- Each login: session and record -----------------------------------------------------


def oidc_second_factor(claims: dict) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if MFA_METHODS & {str(method).lower() for method in amr}:
        return True
    acr = claims.get("acr")
    return bool(acr) and acr in settings.OIDC_MFA_ACR_VALUES


def login_facts(sociallogin) -> tuple[str, str, bool]:
    """(provider name, trust level, second factor) of a social login."""
    account = sociallogin.account
    data = account.extra_data or {}
    if account.provider == "saml":
        level = parse_trust_level(data.get(settings.SAML_TRUST_LEVEL_ATTRIBUTE))
        return settings.SAML_NAME, level or TrustLevel.BASIC, False
    claims = {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}
    return settings.OIDC_NAME, parse_trust_level(claims.get("acr")), oidc_second_factor(claims)


def record_login(request: HttpRequest, user, sociallogin=None) -> None:
    if sociallogin is None:
        provider, level, mfa = gettext("E-mail and password"), "", False
    else:
        provider, level, mfa = login_facts(sociallogin)
    request.session[SESSION_LEVEL] = level
    request.session[SESSION_PROVIDER] = provider
    request.session[SESSION_MFA] = mfa
    if sociallogin is None:
        request.session.pop(SESSION_SAML, None)
    IdentityLogin.objects.create(user=user, provider=provider, trust_level=level, second_factor=mfa)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    record_login(request, user, kwargs.get("sociallogin"))


def on_social_account_added(sender, request, sociallogin, **kwargs) -> None:
    # Linking BundID on the account page is a login at that level as well.
    record_login(request, sociallogin.user, sociallogin)


def second_factor_from_identity_service(request: HttpRequest) -> bool:
    return bool(settings.OIDC_MFA_SATISFIES_STAFF_MFA and request.session.get(SESSION_MFA))


# --- Privacy --------------------------------------------------------------------------


# BundID's attribute names, for people reading their data download.
ATTRIBUTE_LABELS = {
    "urn:oid:1.3.6.1.4.1.25484.494450.3": _("Personal identifier (bPK2)"),
    "urn:oid:0.9.2342.19200300.100.1.3": _("E-mail"),
    "urn:oid:2.5.4.42": _("Given name"),
    "urn:oid:2.5.4.4": _("Family name"),
    "urn:oid:2.5.4.9": _("Street"),
    "urn:oid:2.5.4.17": _("Postcode"),
    "urn:oid:0.9.2342.19200300.100.1.40": _("Town"),
    "urn:oid:1.2.40.0.10.2.1.1.261.94": _("Trust level"),
}


def readable_attributes(attributes: dict) -> dict:
    return {str(ATTRIBUTE_LABELS.get(key, key)): value for key, value in attributes.items()}


def export_identities(user) -> list[dict]:
    """Linked identities with every attribute the IdP sent, then the login records."""
    linked = [
        {
            "type": "linked_identity",
            "provider": settings.SAML_NAME if account.provider == "saml" else settings.OIDC_NAME,
            "uid": account.uid,
            "attributes": readable_attributes(account.extra_data)
            if account.provider == "saml"
            else account.extra_data,
            "linked_since": account.date_joined.isoformat(),
        }
        for account in SocialAccount.objects.filter(user=user)
    ]
    logins = [
        {
            "type": "login",
            "provider": login.provider,
            "trust_level": login.get_trust_level_display(),
            "logged_in_at": login.logged_in_at.isoformat(),
            "personal_data_deleted_after": login.delete_after.isoformat(),
        }
        for login in IdentityLogin.objects.filter(user=user)
    ]
    return linked + logins


def erase_identities(user) -> None:
    SocialAccount.objects.filter(user=user).delete()
    IdentityLogin.objects.filter(user=user).delete()
