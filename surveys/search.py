"""Site search: surveys."""

from django.utils.translation import gettext_lazy as _

from beteiligung import search
from beteiligung.search import Hit, Query
from surveys.models import SurveyPage


def find_surveys(query: Query, limit: int) -> tuple[list[Hit], int]:
    surveys = SurveyPage.objects.live().public()
    return search.search_pages(
        query,
        surveys,
        limit,
        texts=lambda page: (page.title, page.introduction, page.search_description),
        make_hit=lambda page, score: Hit(
            page.title,
            page.url,
            score,
            page.introduction,
            str(_("Open for answers") if page.is_open() else _("Closed")),
        ),
    )


def register() -> None:
    search.register("surveys", _("Surveys"), find_surveys, order=30, pages=[SurveyPage])
