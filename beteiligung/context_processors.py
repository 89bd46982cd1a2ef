from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
