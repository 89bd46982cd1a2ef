"""URLs of bench/pages.py: two reference views in front of the portal's own URLs."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

BARE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{{ title }}</title>'
    "</head><body><main><h1>{{ title }}</h1></main></body></html>"
)
# The portal's layout with nothing in it: what every page pays for the base template, the
# context processors, the header, the footer and the user bar.
EMPTY = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Leer{% endblock %}'
    "{% block content %}<h1>Leer</h1>{% endblock %}"
)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BARE.render({"title": "Leer"}))


def bare_with_user(request: HttpRequest) -> HttpResponse:
    # What any page for a logged-in visitor pays before its layout: the session and the user.
    return HttpResponse(BARE.render({"title": request.user.get_username()}))


def empty_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(EMPTY.render({}, request))


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-user/", bare_with_user),
    path("bench/base/", empty_page),
    path("", include("beteiligung.urls")),
]
