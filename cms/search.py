"""Site search: participation procedures, and every other page no app claims."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from beteiligung import search
from beteiligung.search import Hit, Query
from cms.procedures import ProcedurePage


def find_procedures(query: Query, limit: int) -> tuple[list[Hit], int]:
    procedures = ProcedurePage.objects.live().public().prefetch_related("phases")
    return search.search_pages(
        query,
        procedures,
        limit,
        texts=lambda page: (page.title, page.summary, page.search_description),
        make_hit=lambda page, score: Hit(
            page.title, page.url, score, page.summary, str(page.status().label)
        ),
    )


def find_pages(query: Query, limit: int) -> tuple[list[Hit], int]:
    pages = Page.objects.live().public().not_type(*search.claimed_page_types()).filter(depth__gt=1)
    return search.search_pages(
        query,
        pages,
        limit,
        texts=lambda page: (page.title, page.search_description),
        make_hit=lambda page, score: Hit(page.title, page.url, score, page.search_description),
    )


def register() -> None:
    search.register(
        "procedures",
        _("Participation procedures"),
        find_procedures,
        order=10,
        pages=[ProcedurePage],
    )
    search.register("pages", _("Pages"), find_pages, order=90)
