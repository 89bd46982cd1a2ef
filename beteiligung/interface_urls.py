"""Stable addresses for machines: sitemap, robots.txt, favicon, API description.

Included first by beteiligung.urls. The Atom feeds are the apps' own (cms, events and maps
urls), included ahead of the Wagtail page tree that would otherwise answer /verfahren/….
"""

from django.urls import path

from beteiligung import discovery
from beteiligung.api import openapi_description

urlpatterns = [
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("api/v2/openapi.json", openapi_description, name="api_openapi"),
]
