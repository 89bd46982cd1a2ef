from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from maps.models import OPEN_STATUSES, Report, ReportCategory, ReportStatus
from maps.photos import process_photo

MAX_PHOTOS = 3


class CategorySelect(forms.Select):
    """Options carry the guidance so the static script can show it next to the select."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        category = getattr(value, "instance", None)
        if category is not None:
            option["attrs"]["data-guidance"] = category.guidance
            option["attrs"]["data-hint"] = category.not_responsible_hint
        return option


class GroupedCategoryField(forms.ModelChoiceField):
    """A select with one <optgroup> per category group."""

    def __init__(self, **kwargs) -> None:
        super().__init__(queryset=ReportCategory.objects.filter(active=True), **kwargs)

    def _get_choices(self):
        # Lazy, like ModelChoiceField's own choices: the database is read at render time.
        return CallableChoiceIterator(self._grouped_choices)

    def _grouped_choices(self):
        groups: dict[str, list] = {}
        iterator = self.iterator(self)
        for value, _label in iterator:
            if value == "":
                continue
            groups.setdefault(value.instance.group, []).append((value, value.instance.name))
        return [("", "---------"), *groups.items()]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.heic"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Please choose at most 3 photos."))
        return [process_photo(f) for f in files]


class ReportForm(forms.Form):
    category = GroupedCategoryField(
        label=_("What is the problem?"),
        widget=CategorySelect,
        error_messages={"required": _("Please choose a category.")},
    )
    lat = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        help_text=_("Filled in when you click the map; you can also type it, e.g. 50.08258."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    lon = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        help_text=_("For example 8.24932."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address or description of the place"),
        required=False,
        max_length=300,
        help_text=_("Instead of the map, e.g. 'Wilhelmstraße 12, in front of the bakery'."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please describe the problem.")},
    )
    photos = PhotoField(
        label=_("Photos (optional, up to 3)"),
        required=False,
        help_text=_(
            "JPEG, PNG, WebP or HEIC, at most 10 MB each. We remove location data and other "
            "metadata. Please do not photograph people or number plates."
        ),
    )
    reporter_name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    reporter_email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_(
            "We send you a link to confirm the report and then tell you when its status changes."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my report and photos are published. My name and e-mail are not "
            "published and are erased after the report is closed."
        ),
        error_messages={"required": _("Please agree so that we can publish your report.")},
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            # A logged-in reporter is known; the account's e-mail gets the updates.
            del self.fields["reporter_email"]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(_("Please leave this field empty."))
        return ""

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and "lat" not in self.errors:
            self.add_error("lat", _("Please give both latitude and longitude, or neither."))
        if lat is None and not data.get("address") and not self.errors.get("lat"):
            self.add_error(
                "address",
                _("Please mark the place on the map, enter coordinates or describe the place."),
            )
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)
    note = forms.CharField(
        label=_("Public status note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the report's page and e-mailed to the reporter."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))


class DuplicateForm(forms.Form):
    original = forms.IntegerField(label=_("Number of the original report"), min_value=1)

    def __init__(self, *args, report: Report, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.user = user

    def clean_original(self) -> Report:
        # Merging adds this report's supporters to the original: only a report the handler
        # may edit can be the original. Another organisation's number reads as unknown, so
        # the form tells nothing about reports outside the handler's triage.
        original = (
            Report.objects.handled_by(self.user).filter(pk=self.cleaned_data["original"]).first()
        )
        if original is None or original.pk == self.report.pk:
            raise ValidationError(_("There is no other report with this number."))
        if original.duplicate_of_id == self.report.pk:
            raise ValidationError(_("That report is already a duplicate of this one."))
        return original


class CategoryChangeForm(forms.Form):
    category = GroupedCategoryField(label=_("New category"))


class TriageFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open")), ("all", _("All")), *ReportStatus.choices],
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=ReportCategory.objects.none()
    )
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories

    def filter(self, reports):
        if not self.is_valid():
            return reports.filter(status__in=OPEN_STATUSES)
        status = self.cleaned_data["status"]
        if status == "":
            reports = reports.filter(status__in=OPEN_STATUSES)
        elif status != "all":
            reports = reports.filter(status=status)
        if self.cleaned_data["category"]:
            reports = reports.filter(category=self.cleaned_data["category"])
        if q := self.cleaned_data["q"].strip():
            if q.lstrip("#").isdigit():
                reports = reports.filter(pk=int(q.lstrip("#")))
            else:
                reports = reports.filter(description__icontains=q) | reports.filter(
                    address__icontains=q
                )
        return reports


class PublicFilterForm(forms.Form):
    kategorie = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=ReportCategory.objects.filter(active=True)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("Open")),
            ("closed", _("Closed")),
            *ReportStatus.choices,
        ],
    )
    von = forms.DateField(
        label=_("Reported from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    bis = forms.DateField(
        label=_("Reported until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def filter(self, reports):
        if not self.is_valid():
            return reports
        data = self.cleaned_data
        if data["kategorie"]:
            reports = reports.filter(category=data["kategorie"])
        if data["status"] == "open":
            reports = reports.filter(status__in=OPEN_STATUSES)
        elif data["status"] == "closed":
            reports = reports.exclude(status__in=OPEN_STATUSES)
        elif data["status"]:
            reports = reports.filter(status=data["status"])
        if data["von"]:
            reports = reports.filter(created_at__date__gte=data["von"])
        if data["bis"]:
            reports = reports.filter(created_at__date__lte=data["bis"])
        return reports
