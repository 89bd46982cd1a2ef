import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from beteiligung.identity import form_action_origins, second_factor_from_identity_service
from beteiligung.roles import is_staff_member, lacks_second_factor, second_factor_setup


def tile_origin() -> str:
    parts = urlsplit(settings.MAP_TILE_URL.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in settings.MAP_TILE_URL else parts.netloc
    return f"{parts.scheme}://{host}" if host else ""


class SecurityHeadersMiddleware:
    """A strict Content Security Policy for public pages; a nonce for our inline scripts.

    The Wagtail admin gets a relaxed policy because its editors rely on inline scripts.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(self), camera=(), microphone=()"
        )
        if "Content-Security-Policy" in response.headers:
            return response
        if request.path.startswith("/admin/") or request.path.startswith("/django-admin/"):
            # The tile host too: staff draw planning areas on a map (loaded on request).
            policy = (
                f"default-src 'self'; img-src 'self' data: blob: {tile_origin()}; "
                "script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                "font-src 'self' data:; frame-ancestors 'self'; object-src 'none'; base-uri 'self'"
            )
        else:
            tiles = tile_origin()
            form_action = "'self'"
            if request.path.startswith("/konto/"):
                # identity: the sign-in and logout forms lead on to the IdP/OIDC provider.
                form_action = " ".join(["'self'", *form_action_origins()])
            policy = (
                f"default-src 'self'; script-src 'self' 'nonce-{request.csp_nonce}'; "
                "style-src 'self' 'unsafe-inline'; "
                f"img-src 'self' data: blob: {tiles}; font-src 'self'; connect-src 'self'; "
                f"frame-ancestors 'none'; form-action {form_action}; base-uri 'self'; object-src 'none'"
            )
        response.headers["Content-Security-Policy"] = policy
        return response


class PortalLocaleMiddleware:
    """German unless the visitor chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a German
    administration's portal speaks German first, and the switch is on every page.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class StaffTwoFactorMiddleware:
    """Staff reach the Wagtail admin only with a second factor (TOTP) set up.

    Wagtail's own screens (pages, snippets, users…) are not ours to decorate, so the whole
    admin mount counts as staff-only here; our staff views elsewhere carry
    ``beteiligung.roles.staff_view``, and every role check refuses staff without a second
    factor (``beteiligung.roles.has_role``).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if second_factor_from_identity_service(request):
            # The OIDC provider vouched for a second factor at this login (identity.py);
            # every role check of this request reads the cached answer.
            request.user._has_second_factor = True
        if (
            request.path.startswith(admin_prefix())
            and is_staff_member(request.user)
            and lacks_second_factor(request.user)
        ):
            return second_factor_setup(request)
        return self.get_response(request)


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")
