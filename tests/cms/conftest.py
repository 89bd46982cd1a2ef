"""Builders for procedures: an index below the demo home page, a procedure with phases
placed around now, and submitted statements."""

import datetime

import pytest
from django.utils import timezone

from cms.procedures import (
    Phase,
    PhaseKind,
    ProcedureIndexPage,
    ProcedurePage,
    Statement,
    StatementStatus,
)

DAY = datetime.timedelta(days=1)

# A square around Darmstadt.
AREA = {
    "type": "Polygon",
    "coordinates": [[[8.55, 49.80], [8.75, 49.80], [8.75, 49.95], [8.55, 49.95], [8.55, 49.80]]],
}
INSIDE = {"latitude": "49.872800", "longitude": "8.651200"}
OUTSIDE = {"latitude": "50.110900", "longitude": "8.682100"}  # Frankfurt


def phases_for(stage: str) -> list[dict]:
    """Four phases placed so that ``stage`` is the current one (or before/after all)."""
    now = timezone.now()
    offset = {
        "upcoming": 10,
        PhaseKind.INFORMATION: 0,
        PhaseKind.PARTICIPATION: -10,
        PhaseKind.EVALUATION: -20,
        PhaseKind.RESULT: -30,
        "over": -50,
    }[stage]
    start = now + offset * DAY - DAY * 5
    kinds = [PhaseKind.INFORMATION, PhaseKind.PARTICIPATION, PhaseKind.EVALUATION, PhaseKind.RESULT]
    return [
        {
            "kind": kind,
            "title": str(kind.label),
            "start": start + i * 10 * DAY,
            "end": start + (i + 1) * 10 * DAY,
        }
        for i, kind in enumerate(kinds)
    ]


def make_index(home) -> ProcedureIndexPage:
    index = ProcedureIndexPage.objects.first()
    if index is None:
        index = ProcedureIndexPage(title="Verfahren", slug="verfahren")
        home.add_child(instance=index)
    return index


def make_procedure(
    home, organisation, stage: str = PhaseKind.PARTICIPATION, slug: str = "plan", **fields
) -> ProcedurePage:
    index = make_index(home)
    fields.setdefault("title", "Bebauungsplan Mitte")
    fields.setdefault("summary", "Ein neues Quartier.")
    fields.setdefault("planning_area", AREA)
    page = ProcedurePage(
        slug=slug,
        organisation=organisation,
        phases=[Phase(**phase) for phase in phases_for(stage)],
        **fields,
    )
    index.add_child(instance=page)
    return ProcedurePage.objects.get(pk=page.pk)


def make_statement(procedure, **fields) -> Statement:
    fields.setdefault("text", "Bitte mehr Bäume pflanzen.")
    fields.setdefault("name", "Clara Citizen")
    fields.setdefault("email", "clara@example.org")
    fields.setdefault("status", StatementStatus.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now() - DAY)
    fields.setdefault("delete_personal_data_after", procedure.personal_data_deletion_date())
    return Statement.objects.create(procedure=procedure, **fields)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def procedure(home, organisation) -> ProcedurePage:
    return make_procedure(home, organisation)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()
