"""Map feedback: citizens mark places on a procedure's map with a category and a comment.

The text lives in a dialogue comment (author, supports, reports, moderation queue); the
MapContribution adds the point, the category and the procedure.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cms.procedures import ProcedurePage
from dialogues import services as dialogue_services
from dialogues.ratelimit import allow_comment
from dialogues.thread import has_verified_email, mark_user_state
from geo.areas import area_geometry
from geo.embed import base_map, embed, tile_settings
from geo.fields import latitude_field, longitude_field
from maps.models import FeedbackCategory, MapContribution

if TYPE_CHECKING:
    import folium

TEXT_MAX_LENGTH = 1000
PER_PAGE = 20
OUTSIDE_AREA = _(
    "The point lies outside the planning area. Please choose a point inside the area "
    "outlined on the map."
)


class FeedbackForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    text = forms.CharField(
        label=_("Your note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For example: “A cycle path is missing here.” At most 1,000 characters."),
    )
    latitude = latitude_field(_("Latitude"))
    longitude = longitude_field(_("Longitude"))
    place = forms.CharField(
        label=_("Place description"),
        max_length=200,
        required=False,
        help_text=_("Instead of a point: an address, a street or a place name."),
    )

    def __init__(self, *args, procedure: ProcedurePage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.fields["category"].queryset = procedure.feedback_categories.all()

    def clean(self) -> dict:
        data = super().clean()
        if self.has_error("latitude") or self.has_error("longitude"):
            return data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("latitude", _("Please give both latitude and longitude, or neither."))
        elif latitude is None and not data.get("place"):
            self.add_error(
                "latitude",
                _("Please mark a point on the map, type its coordinates, or describe the place."),
            )
        elif latitude is not None and not self.procedure.contains_point(latitude, longitude):
            self.add_error("latitude", OUTSIDE_AREA)
        return data


@transaction.atomic
def contribute(
    *,
    procedure: ProcedurePage,
    author,
    category: FeedbackCategory,
    text: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    place: str = "",
) -> MapContribution:
    """Save the comment (with the dialogue's notifications and moderation) and its point."""
    comment = dialogue_services.post_comment(page=procedure, author=author, text=text)
    return MapContribution.objects.create(
        procedure=procedure,
        category=category,
        comment=comment,
        latitude=latitude,
        longitude=longitude,
        place=place,
    )


def feedback_procedure(procedure_id: int) -> ProcedurePage:
    return get_object_or_404(
        ProcedurePage.objects.live().public().filter(map_feedback=True), pk=procedure_id
    )


def area_base_map(procedure: ProcedurePage) -> folium.Map:
    """A map fitted to the procedure's planning area, which is outlined."""
    # Imported here: folium costs every process of the portal a quarter of a second at start.
    import folium

    fmap = base_map(zoom=12)
    geometry = area_geometry(procedure.planning_area)
    if geometry:
        area = folium.GeoJson(
            geometry,
            name=str(_("Planning area")),
            style_function=lambda feature: {"color": "#004b87", "weight": 3, "fillOpacity": 0.06},
        )
        area.add_to(fmap)
        fmap.fit_bounds(area.get_bounds())
    return fmap


def feedback_map(procedure: ProcedurePage) -> tuple[folium.Map, str]:
    """The planning area outlined, with an empty cluster that feedback-map.js fills."""
    import folium.plugins

    fmap = area_base_map(procedure)
    cluster = folium.plugins.MarkerCluster(name=str(_("Notes")))
    cluster.add_to(fmap)
    return fmap, cluster.get_name()


def feedback_page(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = feedback_procedure(procedure_id)
    open_now = procedure.accepts_map_feedback()
    form = FeedbackForm(request.POST or None, procedure=procedure)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        status = 400
        if not open_now:
            form.add_error(
                None, gettext("Map feedback is only possible during the participation phase.")
            )
            status = 409
        elif not has_verified_email(request.user):
            form.add_error(None, gettext("Please confirm your e-mail address first."))
            status = 403
        elif form.is_valid():
            if allow_comment(request):
                contribution = contribute(
                    procedure=procedure, author=request.user, **form.cleaned_data
                )
                messages.success(request, gettext("Thank you, your note is on the map."))
                return redirect(f"{request.path}#{contribution.anchor()}")
            form.add_error(
                None, gettext("You have written many notes in a short time. Please wait a minute.")
            )
            status = 429
    contributions = (
        MapContribution.objects.public()
        .filter(procedure=procedure)
        .select_related("category", "comment__author")
    )
    page = Paginator(contributions, PER_PAGE).get_page(request.GET.get("seite"))
    # The support buttons show whether this citizen supports each note (aria-pressed).
    mark_user_state(request.user, [item.comment for item in page])
    fmap, cluster_name = feedback_map(procedure)
    return render(
        request,
        "maps/feedback_page.html",
        {
            "procedure": procedure,
            "form": form,
            "open_now": open_now,
            "page": page,
            "map": embed(fmap),
            "cluster_name": cluster_name,
            **tile_settings(),
        },
        status=status,
    )


@require_GET
def feedback_data(request: HttpRequest, procedure_id: int) -> HttpResponse:
    """Public pins, compact: [latitude, longitude, category index, comment id, supports]."""
    procedure = feedback_procedure(procedure_id)
    categories = list(procedure.feedback_categories.values_list("pk", "name", "colour", "icon"))
    index = {pk: n for n, (pk, *_rest) in enumerate(categories)}
    rows = (
        MapContribution.objects.public()
        .filter(procedure=procedure, latitude__isnull=False)
        .values_list("latitude", "longitude", "category_id", "comment_id", "comment__support_count")
        .order_by()
    )
    points = [
        [round(float(lat), 5), round(float(lon), 5), index[category], comment, supports]
        for lat, lon, category, comment, supports in rows
    ]
    body = {
        "categories": [
            {"name": name, "colour": colour, "icon": icon} for _pk, name, colour, icon in categories
        ],
        "points": points,
    }
    return HttpResponse(
        json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        content_type="application/json",
    )
