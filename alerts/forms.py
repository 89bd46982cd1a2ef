from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from alerts.models import FollowKind, Frequency, Subscription
from beteiligung.models import Organisation
from beteiligung.validators import validate_no_control_characters
from cms.procedures import ProcedurePage

RADII = [(1, "1 km"), (2, "2 km"), (5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km")]


# allauth's catalogue answers Django's "Enter a valid email address." with an informal "Gib …".
EMAIL_ERRORS = {"invalid": _("Please enter a valid e-mail address.")}


class HoneypotMixin(forms.Form):
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class FollowForm(HoneypotMixin):
    """One click on a page: follow this procedure, organisation or topic."""

    kind = forms.ChoiceField(
        choices=[(k, k) for k in (FollowKind.PROCEDURE, FollowKind.ORGANISATION, FollowKind.TOPIC)]
    )
    target = forms.CharField(max_length=100, validators=[validate_no_control_characters])
    email = forms.EmailField(
        label=_("Your e-mail address"), required=False, error_messages=EMAIL_ERRORS
    )
    next = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, anonymous: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        if anonymous:
            self.fields["email"].required = True

    def clean(self):
        data = super().clean()
        kind, target = data.get("kind"), data.get("target", "")
        if not kind or not target:
            return data
        subscription = Subscription(kind=kind)
        if kind == FollowKind.PROCEDURE:
            page = ProcedurePage.objects.live().public().filter(pk=_id(target)).first()
            if page is None:
                raise forms.ValidationError(_("This procedure does not exist."))
            subscription.procedure = page.page_ptr
        elif kind == FollowKind.ORGANISATION:
            organisation = Organisation.objects.filter(pk=_id(target)).first()
            if organisation is None:
                raise forms.ValidationError(_("This organisation does not exist."))
            subscription.organisation = organisation
        else:
            if not Tag.objects.filter(slug=target).exists():
                raise forms.ValidationError(_("This topic does not exist."))
            subscription.topic = target
        data["subscription"] = subscription
        return data


def _id(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 18 else 0


class AreaForm(HoneypotMixin):
    """An area: a municipality by name, or a place with coordinates and a radius."""

    place = forms.CharField(
        label=_("Municipality or place"),
        max_length=200,
        validators=[validate_no_control_characters],
        help_text=_(
            "For example “Darmstadt”. Without coordinates you hear about everything whose "
            "place names this municipality."
        ),
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        localize=True,
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        localize=True,
    )
    radius_km = forms.TypedChoiceField(
        label=_("Radius around the coordinates"), choices=RADII, coerce=int, initial=5
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), required=False, error_messages=EMAIL_ERRORS
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.IMMEDIATE
    )

    def __init__(self, *args, anonymous: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if anonymous:
            self.fields["email"].required = True
        else:
            del self.fields["email"]

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude", _("Please give both latitude and longitude, or neither."))
        radius = data.get("radius_km")
        if radius and radius > settings.ALERTS_MAX_RADIUS_KM:
            self.add_error("radius_km", _("Please choose a smaller radius."))
        return data

    def subscription(self) -> Subscription:
        data = self.cleaned_data
        located = data.get("latitude") is not None
        return Subscription(
            kind=FollowKind.AREA,
            place=data["place"].strip(),
            latitude=data["latitude"] if located else None,
            longitude=data["longitude"] if located else None,
            radius_km=data["radius_km"] if located else None,
            frequency=data["frequency"],
        )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Alerts"), choices=Frequency.choices)
