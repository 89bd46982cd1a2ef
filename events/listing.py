"""Filters and the month view of the event index; also used by the calendar feeds."""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from beteiligung.models import Organisation

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_DAY = datetime.date(1901, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class EventFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.administrations(),
        to_field_name="slug",
        required=False,
        empty_label=_("All organisations"),
    )
    verfahren = forms.TypedChoiceField(
        label=_("Procedure"), coerce=int, required=False, empty_value=None
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Online and on site")), ("online", _("Online")), ("vor-ort", _("On site"))],
    )
    # Bounded like the month view (1900–3000): 9999-12-31 plus a day overflowed (500).
    von = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )
    bis = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from events.models import EventPage

        procedures = Page.objects.filter(
            pk__in=EventPage.objects.live().exclude(procedure=None).values("procedure")
        ).order_by("title")
        self.fields["verfahren"].choices = [("", _("All procedures"))] + [
            (page.pk, page.title) for page in procedures
        ]

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("von"), cleaned_data.get("bis")
        if start and end and end < start:
            self.add_error("bis", _("The end of the period cannot be before its start."))
        return cleaned_data


@dataclass
class EventFilter:
    """Reads the query string; ignores what does not validate instead of failing the page."""

    data: dict
    form: EventFilterForm = field(init=False)

    def __post_init__(self) -> None:
        self.form = EventFilterForm(self.data)
        self.form.is_valid()

    @property
    def values(self) -> dict:
        return getattr(self.form, "cleaned_data", {})

    def apply(self, events):
        values = self.values
        if values.get("organisation"):
            events = events.filter(organisation=values["organisation"])
        if values.get("verfahren"):
            events = events.filter(procedure_id=values["verfahren"])
        if values.get("format") == "online":
            events = events.exclude(online_url="")
        elif values.get("format") == "vor-ort":
            events = events.filter(~Q(place_name="") | ~Q(address=""))
        if values.get("von"):
            events = events.filter(end__gte=day_start(values["von"]))
        if values.get("bis"):
            events = events.filter(start__lt=day_start(values["bis"] + datetime.timedelta(days=1)))
        return events

    def month(self) -> tuple[int, int] | None:
        match = MONTH.match(self.data.get("monat", ""))
        if match is None:
            return None
        year, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and 1900 < year < 3000):
            return None
        return year, month

    def params(self) -> dict:
        params = {}
        for name, value in self.values.items():
            if value in (None, ""):
                continue
            if name == "organisation":
                value = value.slug
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            params[name] = value
        return params

    def query_string(self) -> str:
        """Filters to carry into pagination links (which start with ``?seite=``)."""
        params = self.params()
        return "&" + urlencode(params) if params else ""

    def feed_url(self) -> str:
        params = {k: v for k, v in self.params().items() if k in ("organisation", "verfahren")}
        url = reverse("events:feed")
        return f"{url}?{urlencode(params)}" if params else url


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    events: list = field(default_factory=list)


def month_view(events, year: int, month: int) -> dict:
    """A server-rendered month: weeks of days, each with the events on that day."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    events = list(
        events.filter(start__lt=day_start(last + datetime.timedelta(days=1)))
        .filter(end__gte=day_start(first))
        .order_by("start", "pk")
    )
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for date in week:
            day = Day(date=date, in_month=date.month == month)
            if day.in_month:
                day.events = [e for e in events if e.first_day <= date <= e.last_day]
            days.append(day)
        weeks.append(days)
    previous = first - datetime.timedelta(days=1)
    following = last + datetime.timedelta(days=1)
    return {
        "first": first,
        "weeks": weeks,
        "events": events,
        "previous": f"{previous.year:04d}-{previous.month:02d}",
        "next": f"{following.year:04d}-{following.month:02d}",
        "weekdays": [(WEEKDAYS_ABBR[i], WEEKDAYS[i]) for i in range(7)],
    }
