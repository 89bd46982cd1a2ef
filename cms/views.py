"""Public views of the procedure pages that are not the statement form."""

from django import forms
from django.db.models import Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from beteiligung.models import Organisation
from cms.overview import overview_context
from cms.procedures import ProcedurePageTag, ProcedureStatus


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The administrations and the topics in use, as (slug, name), in one query: the
    index pays for these lists on every miss of its cache."""
    organisations = (
        Organisation.objects.administrations()
        .order_by()
        .values_list(Value("organisation"), "slug", "name")
    )
    topics = (
        Tag.objects.filter(id__in=ProcedurePageTag.objects.values("tag_id"))
        .order_by()
        .values_list(Value("topic"), "slug", "name")
    )
    found: dict[str, list[tuple[str, str]]] = {"organisation": [], "topic": []}
    for kind, slug, name in organisations.union(topics, all=True).order_by("name", "slug"):
        found[kind].append((slug, name))
    return found["organisation"], found["topic"]


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProcedureStatus.choices]
    )
    # By slug: the filter's choices come from filter_choices(), not from a model queryset.
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organisations, topics = filter_choices()
        self.fields["organisation"].choices = [("", _("All")), *organisations]
        self.fields["topic"].choices = [("", _("All")), *topics]


def overview(request: HttpRequest) -> HttpResponse:
    """/mitmachen/: everything open now, the newest results and the map of all procedures."""
    context = overview_context(request, timezone.now())
    return render(request, "cms/overview.html", context)
