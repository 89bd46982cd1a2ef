from django.conf import settings
from django.conf.urls.static import static
from django.http import Http404
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from beteiligung import identity, views
from beteiligung.api import api_router

urlpatterns = [
    # Feeds, sitemap, robots.txt, favicon, API description; like this file, a composition
    # root that may name every app.
    path("", include("beteiligung.interface_urls")),
    # Staff log in through allauth (two-factor authentication, lockout), not Wagtail's form.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # The language switch on every page needs no CSRF token: switching a visitor's display
    # language is no action in their name (a foreign site could do no more than that, undone
    # with one click), and a token in the layout would make every cached page mint one and
    # set a cookie. Django's view still checks the language and the ``next`` address.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("konto/", views.profile, name="account_profile"),
    path("konto/meine-daten/", views.my_data, name="account_data"),
    path("konto/loeschen/", views.delete_my_account, name="account_delete"),
    path("konto/saml/metadata/", identity.saml_metadata, name="saml_sp_metadata"),
    path("", include("alerts.urls")),
    path("konto/", include("allauth.urls")),
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
    path("suche/", views.search, name="search"),
    path("termine/", include("appointments.urls")),
    path("", include("dialogues.urls")),
    path("", include("events.urls")),
    path("", include("surveys.urls")),
    path("", include("maps.urls")),
    path("", include("cms.urls")),
]


def serve_media(request, path: str, document_root: str):
    """Django's development file server, with a name the file system refuses (too long)
    answered as not found rather than a server error."""
    try:
        return serve(request, path, document_root=document_root)
    except OSError as error:
        raise Http404 from error


if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, view=serve_media, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler400 = "beteiligung.errors.bad_request"
handler403 = "beteiligung.errors.permission_denied"
handler404 = "beteiligung.errors.page_not_found"
handler500 = "beteiligung.errors.server_error"
