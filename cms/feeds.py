"""Atom feed of new participation procedures: all, of one organisation, or on one topic.

/verfahren/feed.atom, ?organisation=<slug>, ?thema=<topic slug> (also ?topic=).
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from beteiligung.feeds import (
    FEED_ITEMS,
    FeedQuery,
    OrganisationFeed,
    absolute,
    html_summary,
    slug_param,
    xml_text,
)
from cms.procedures import ProcedurePage


class ProcedureFeed(OrganisationFeed):
    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedQuery:
        query = super().get_object(request)
        topic = slug_param(request, "thema", "topic")
        if topic:
            if not ProcedurePage.tags.through.objects.filter(tag__slug=topic).exists():
                raise Http404
            query.filters["topic"] = topic
        return query

    def title(self, obj: FeedQuery) -> str:
        parts = [_("Participation procedures")]
        if "organisation" in obj.filters:
            parts.append(obj.filters["organisation"].name)
        if "topic" in obj.filters:
            parts.append(_("Topic: %(topic)s") % {"topic": obj.filters["topic"]})
        return xml_text(" – ".join(parts))

    def subtitle(self, obj: FeedQuery) -> str:
        return _("New participation procedures on the portal.")

    def link(self, obj: FeedQuery) -> str:
        return absolute("/verfahren/")

    def items(self, obj: FeedQuery):
        procedures = (
            ProcedurePage.objects.live()
            .public()
            .select_related("organisation")
            .prefetch_related("tags")
            .defer_streamfields()
        )
        if "organisation" in obj.filters:
            procedures = procedures.filter(organisation=obj.filters["organisation"])
        if "topic" in obj.filters:
            procedures = procedures.filter(tags__slug=obj.filters["topic"])
        return procedures.order_by("-first_published_at", "-pk")[:FEED_ITEMS]

    def item_description(self, item: ProcedurePage) -> str:
        return html_summary(item.summary)

    def item_guid(self, item: ProcedurePage) -> str:
        return absolute(f"/verfahren/#procedure-{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: ProcedurePage):
        return item.first_published_at

    def item_updateddate(self, item: ProcedurePage):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item: ProcedurePage) -> str:
        return xml_text(item.organisation.name)

    def item_categories(self, item: ProcedurePage) -> list[str]:
        return [xml_text(tag.name) for tag in item.tags.all()]
