"""Site search: what can be reported, and the categories of public map feedback."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beteiligung import search
from beteiligung.search import Hit, Query
from cms.procedures import ProcedurePage
from maps.models import FeedbackCategory, ReportCategory


def find_report_categories(query: Query, limit: int) -> tuple[list[Hit], int]:
    # Each hit opens the report form with its category chosen (?kategorie=<service code>).
    form = reverse("maps:report_new")
    categories = ReportCategory.objects.filter(active=True).only(
        "pk", "group", "name", "guidance", "keywords", "service_code"
    )
    return search.scored(
        query,
        categories,
        limit,
        texts=lambda category: (category.name, category.guidance, category.keywords),
        make_hit=lambda category, score: Hit(
            category.name,
            f"{form}?{urlencode({'kategorie': category.service_code})}",
            score,
            category.guidance,
            category.group,
        ),
    )


def find_feedback_categories(query: Query, limit: int) -> tuple[list[Hit], int]:
    public = ProcedurePage.objects.live().public().filter(map_feedback=True)
    categories = FeedbackCategory.objects.filter(procedure__in=public).select_related("procedure")
    return search.scored(
        query,
        categories,
        limit,
        texts=lambda category: (category.name,),
        make_hit=lambda category, score: Hit(
            category.name,
            reverse("maps:feedback", args=[category.procedure_id]),
            score,
            meta=category.procedure.title,
        ),
    )


def register() -> None:
    search.register("reports", _("Report a problem"), find_report_categories, order=60)
    search.register(
        "map_feedback", _("Map notes on procedures"), find_feedback_categories, order=70
    )
