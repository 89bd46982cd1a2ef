"""Stable addresses for machines: Atom feeds, sitemap, robots.txt, favicon, API description.

Included first by beteiligung.urls, ahead of the Wagtail page tree that would otherwise
answer /verfahren/… and /veranstaltungen/….
"""

from django.urls import path

from beteiligung import discovery
from beteiligung.api import openapi_description
from cms.feeds import ProcedureFeed
from events.feeds import EventFeed
from maps.feeds import report_feed

urlpatterns = [
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("api/v2/openapi.json", openapi_description, name="api_openapi"),
    path("verfahren/feed.atom", ProcedureFeed(), name="procedure_feed"),
    path("veranstaltungen/feed.atom", EventFeed(), name="event_feed"),
    path("meldungen/feed.atom", report_feed, name="report_feed"),
]
