"""Public views of the procedure pages that are not the statement form."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from beteiligung.models import Organisation
from cms.overview import overview_context
from cms.procedures import ProcedurePageTag, ProcedureStatus


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProcedureStatus.choices]
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.administrations(),
        required=False,
        to_field_name="slug",
        empty_label=_("All"),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        used = ProcedurePageTag.objects.values("tag_id")
        self.fields["topic"].choices = [("", _("All"))] + list(
            Tag.objects.filter(id__in=used).order_by("name").values_list("slug", "name")
        )


def overview(request: HttpRequest) -> HttpResponse:
    """/mitmachen/: everything open now, the newest results and the map of all procedures."""
    context = overview_context(request, timezone.now())
    return render(request, "cms/overview.html", context)
