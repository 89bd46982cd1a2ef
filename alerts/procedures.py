"""Alerts about procedures (cms): a phase begins, the deadline is near, results are out, a
new procedure is published. Each scan reads a fixed number of queries."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from alerts.models import OccurrenceKind
from alerts.sources import Item, Participant
from beteiligung.privacy import german_datetime
from cms.procedures import Phase, PhaseKind, ProcedurePage, StatementStatus
from geo.areas import area_geometry


def procedure_item(procedure: ProcedurePage, **fields) -> Item:
    """What every alert about ``procedure`` says about where and what it is."""
    # Imported here: shapely (with NumPy) costs every process of the portal 80 ms at start.
    from shapely.geometry import shape

    geometry = area_geometry(procedure.planning_area)
    centre = shape(geometry).representative_point() if geometry else None
    return Item(
        url=procedure.url or "",
        procedure_id=procedure.pk,
        organisation_id=procedure.organisation_id,
        topics=[tag.slug for tag in procedure.tags.all()],
        latitude=centre.y if centre else None,
        longitude=centre.x if centre else None,
        geometry=geometry,
        place=procedure.area_description,
        **fields,
    )


def live_procedures():
    return (
        ProcedurePage.objects.live()
        .public()
        .select_related("organisation")
        .prefetch_related("tags", "phases")
    )


def procedure_items(since: datetime.datetime, now: datetime.datetime) -> list[Item]:
    items = []
    deadline_window = datetime.timedelta(days=settings.ALERTS_DEADLINE_DAYS)
    phases = (
        Phase.objects.filter(page__live=True)
        .filter(start__gt=since, start__lte=now)
        .values_list("page_id", flat=True)
    )
    ending = Phase.objects.filter(
        page__live=True,
        kind=PhaseKind.PARTICIPATION,
        end__gt=now,
        end__lte=now + deadline_window,
    ).values_list("page_id", flat=True)
    published = ProcedurePage.objects.filter(
        results_published_at__gt=since, results_published_at__lte=now
    ).values_list("pk", flat=True)
    new = ProcedurePage.objects.filter(
        first_published_at__gt=since, first_published_at__lte=now
    ).values_list("pk", flat=True)
    ids = {*phases, *ending, *published, *new}
    for procedure in live_procedures().filter(pk__in=ids):
        for phase in procedure.ordered_phases():
            if since < phase.start <= now:
                items.append(
                    procedure_item(
                        procedure,
                        kind=OccurrenceKind.PHASE_OPENED,
                        key=f"phase:{phase.pk}:{phase.start.isoformat()}",
                        title=_("“%(procedure)s”: the phase “%(phase)s” has begun")
                        % {"procedure": procedure.title, "phase": phase.title},
                        text=_("%(phase)s until %(end)s")
                        % {"phase": phase.title, "end": german_datetime(phase.end)},
                        happened_at=phase.start,
                        for_followers_of_area=phase.kind == PhaseKind.PARTICIPATION,
                    )
                )
            if phase.kind == PhaseKind.PARTICIPATION and now < phase.end <= now + (deadline_window):
                items.append(
                    procedure_item(
                        procedure,
                        kind=OccurrenceKind.DEADLINE,
                        key=f"deadline:{phase.pk}:{phase.end.isoformat()}",
                        title=_("“%(procedure)s”: statements only until %(end)s")
                        % {"procedure": procedure.title, "end": german_datetime(phase.end)},
                        text=procedure.summary[:300],
                        happened_at=now,
                        for_followers_of_area=False,
                    )
                )
        if procedure.results_published_at and since < procedure.results_published_at <= now:
            items.append(
                procedure_item(
                    procedure,
                    kind=OccurrenceKind.RESULT,
                    key=f"result:{procedure.pk}:{procedure.results_published_at.isoformat()}",
                    title=_("“%(procedure)s”: the results are published")
                    % {"procedure": procedure.title},
                    text=procedure.summary[:300],
                    happened_at=procedure.results_published_at,
                    for_followers_of_area=False,
                )
            )
        if procedure.first_published_at and since < procedure.first_published_at <= now:
            items.append(
                procedure_item(
                    procedure,
                    kind=OccurrenceKind.NEW_PROCEDURE,
                    key=f"procedure:{procedure.pk}",
                    title=_("New procedure: %(procedure)s") % {"procedure": procedure.title},
                    text=procedure.summary[:300],
                    happened_at=procedure.first_published_at,
                    for_followers_of_procedure=False,
                )
            )
    return items


def statement_participants(procedure: ProcedurePage) -> list[Participant]:
    """Those who sent a statement and agreed to hear from the procedure's staff."""
    rows = (
        procedure.statements.filter(contact_consent=True, personal_data_erased_at=None)
        .exclude(status=StatementStatus.DRAFT)
        .exclude(email="")
        .values_list("email", "name")
    )
    return [Participant(email, name) for email, name in rows]


NEW_PAGE_TITLES = {
    "event": lambda title: _("New event: %(title)s") % {"title": title},
    "survey": lambda title: _("New survey: %(title)s") % {"title": title},
    "dialogue": lambda title: _("New dialogue: %(title)s") % {"title": title},
}


def new_page_items(
    model, noun: str, since: datetime.datetime, now: datetime.datetime
) -> list[Item]:
    """Pages of ``model`` first published in the window. A page below a procedure is where
    its procedure is and about its topics; a page with its own coordinates is there."""
    pages = list(
        model.objects.live()
        .public()
        .filter(first_published_at__gt=since, first_published_at__lte=now)
        .select_related("organisation")
    )
    if not pages:
        return []
    parents = {
        p.path: p
        for p in live_procedures().filter(path__in={page.path[: -model.steplen] for page in pages})
    }
    items = []
    for page in pages:
        procedure = parents.get(page.path[: -model.steplen])
        fields = {
            "kind": OccurrenceKind.NEW_CONTENT,
            "key": f"page:{page.pk}",
            "title": NEW_PAGE_TITLES[noun](page.title),
            "text": (
                getattr(page, "summary", "")
                or getattr(page, "intro", "")
                or getattr(page, "introduction", "")
                or ""
            )[:300],
            "happened_at": page.first_published_at,
            "for_followers_of_procedure": True,
        }
        if procedure is not None:
            item = procedure_item(procedure, **fields)
            item.url = page.url or item.url
        else:
            item = Item(url=page.url or "", organisation_id=page.organisation_id, **fields)
        latitude = getattr(page, "latitude", None)
        if latitude is not None:
            item.latitude, item.longitude = float(latitude), float(page.longitude)
            item.geometry = None
        place = getattr(page, "location_text", None)
        if callable(place):
            item.place = " ".join(filter(None, [item.place, place()]))
        items.append(item)
    return items
