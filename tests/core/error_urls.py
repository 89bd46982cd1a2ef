"""The portal's URLs plus one view that fails, to see the 500 page (test_error_pages)."""

from django.urls import path

from beteiligung.urls import *  # noqa: F403
from beteiligung.urls import urlpatterns as portal_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("kaputt/", failing_view), *portal_urlpatterns]
