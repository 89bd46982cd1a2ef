"""Atom feed of upcoming events, newest first: /veranstaltungen/feed.atom (?organisation=)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from beteiligung.feeds import (
    FEED_ITEMS,
    FeedQuery,
    OrganisationFeed,
    absolute,
    html_summary,
    xml_text,
)
from events.models import EventPage


class EventFeed(OrganisationFeed):
    def title(self, obj: FeedQuery) -> str:
        title = _("Events")
        if "organisation" in obj.filters:
            title += f" – {obj.filters['organisation'].name}"
        return xml_text(title)

    def subtitle(self, obj: FeedQuery) -> str:
        return _("Upcoming events on the portal.")

    def link(self, obj: FeedQuery) -> str:
        return absolute("/veranstaltungen/")

    def items(self, obj: FeedQuery):
        events = EventPage.objects.listed().filter(end__gte=timezone.now())
        if "organisation" in obj.filters:
            events = events.filter(organisation=obj.filters["organisation"])
        return events.order_by("-first_published_at", "-pk")[:FEED_ITEMS]

    def item_description(self, item: EventPage) -> str:
        start = timezone.localtime(item.start)
        when = formats.date_format(start, "DATETIME_FORMAT")
        lines = [when, item.location_text()]
        if item.cancelled:
            lines.insert(0, _("Cancelled"))
        return html_summary("\n".join(lines)) + html_summary(item.intro)

    def item_guid(self, item: EventPage) -> str:
        return f"urn:uid:{item.calendar_uid}"  # the same UID as in the calendar files

    item_guid_is_permalink = False

    def item_pubdate(self, item: EventPage):
        return item.first_published_at

    def item_updateddate(self, item: EventPage):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item: EventPage) -> str:
        return xml_text(item.organisation.name)
