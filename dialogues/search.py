"""Site search: dialogues."""

from django.utils.translation import gettext_lazy as _

from beteiligung import search
from beteiligung.search import Hit, Query
from dialogues.models import DialoguePage


def find_dialogues(query: Query, limit: int) -> tuple[list[Hit], int]:
    dialogues = DialoguePage.objects.live().public()
    return search.search_pages(
        query,
        dialogues,
        limit,
        texts=lambda page: (page.title, page.question, page.introduction),
        make_hit=lambda page, score: Hit(page.title, page.url, score, page.question),
    )


def register() -> None:
    search.register("dialogues", _("Dialogues"), find_dialogues, order=40, pages=[DialoguePage])
