"""The base of every Atom feed (Django's syndication framework): absolute links from
SITE_URL, the feed's own address with its filters, and text that is safe in XML.

User and staff text is hostile input: control characters would make Django refuse to
write the XML (a 500), so they are dropped; summaries are HTML (``type="html"``), so the
text is escaped before line breaks become ``<br>``.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.validators import slug_unicode_re
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FEED_ITEMS = 50


def xml_text(value: object) -> str:
    return CONTROL_CHARACTERS.sub("", str(value or ""))


def html_summary(value: object) -> str:
    return linebreaks(escape(xml_text(value)))


def absolute(path: str) -> str:
    return path if "://" in path else settings.SITE_URL + path


@dataclass
class FeedQuery:
    """What get_object() read from the request: the filters and the feed's own address."""

    url: str
    filters: dict = field(default_factory=dict)


def slug_param(request: HttpRequest, *names: str) -> str:
    """The first of these query parameters that is given, if it is a slug; anything else
    (quotes, a NUL byte, which PostgreSQL cannot even compare) names no feed: 404."""
    value = next((request.GET[name] for name in names if request.GET.get(name)), "")
    if value and not (len(value) <= 100 and slug_unicode_re.match(value)):
        raise Http404
    return value


class PortalFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedQuery:
        return FeedQuery(url=absolute(request.get_full_path()))

    def feed_url(self, obj: FeedQuery) -> str:
        return obj.url

    def feed_guid(self, obj: FeedQuery) -> str:
        return obj.url

    def item_title(self, item) -> str:
        return xml_text(item.title)

    def item_link(self, item) -> str:
        return absolute(item.url)


class OrganisationFeed(PortalFeed):
    """A feed that ``?organisation=<slug>`` narrows to one organisation."""

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedQuery:
        from django.shortcuts import get_object_or_404

        from beteiligung.models import Organisation

        query = super().get_object(request)
        slug = slug_param(request, "organisation")
        if slug:
            query.filters["organisation"] = get_object_or_404(Organisation, slug=slug)
        return query
