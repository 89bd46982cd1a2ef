"""A work panel on the Wagtail dashboard: each app contributes its own from its
``wagtail_hooks.py`` (``construct_homepage_panels``), built from its own queries, so a staff
member sees the counts of their work, the oldest or next items, and a link into it."""

from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext
from wagtail.admin.ui.components import Component


@dataclass
class WorkItem:
    label: str
    url: str
    meta: str = ""


@dataclass
class WorkCount:
    label: str
    number: int
    url: str = ""


@dataclass
class WorkPanel(Component):
    name: str
    heading: str
    url: str
    link_label: str
    counts: list[WorkCount] = field(default_factory=list)
    items: list[WorkItem] = field(default_factory=list)
    items_heading: str = ""
    empty: str = ""
    order: int = 50

    template_name = "beteiligung/admin/work_panel.html"

    def get_context_data(self, parent_context=None) -> dict:
        return {"panel": self}


def long_datetime(value) -> str:
    """A date and time as staff read it: "1. Dezember 2026, 14:30 Uhr" in German."""
    value = timezone.localtime(value)
    return gettext("%(date)s, %(time)s") % {
        "date": formats.date_format(value, "DATE_FORMAT"),
        "time": formats.time_format(value, "TIME_FORMAT"),
    }
