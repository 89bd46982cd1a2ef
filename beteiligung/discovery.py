"""For search engines and browsers: sitemap.xml, robots.txt and /favicon.ico."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

# Personal and staff areas: nothing there for an index.
ROBOTS_DISALLOW = ["/admin/", "/konto/", "/termine/buchung/", "/veranstaltungen/abmelden/"]


class PortalSitemap(Sitemap):
    """Wagtail's sitemap of every live public page, with addresses under SITE_URL.

    Wagtail takes them from the Site record (``http://localhost/`` in the demo).
    """

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = (
                settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")
            )
        return urls


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"pages": PortalSitemap})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on their own; the file itself is a hashed static file.
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.ico"))
