"""Builders for the incident reporter tests."""

import io
from decimal import Decimal

import pytest
from PIL import Image

from beteiligung.roles import Role
from maps.models import FeedbackCategory, Report, ReportCategory
from tests.conftest import make_staff

# Wiesbaden, Schlossplatz
LAT, LON = Decimal("50.082600"), Decimal("8.243900")


def make_category(organisation, name="Schlagloch", **fields) -> ReportCategory:
    fields.setdefault("service_code", name.lower())
    fields.setdefault("group", "Straßen")
    fields.setdefault("notification_email", f"meldungen@{organisation.slug}.example")
    return ReportCategory.objects.create(organisation=organisation, name=name, **fields)


def make_report(category, lat=LAT, lon=LON, **fields) -> Report:
    fields.setdefault("description", "Tiefes Loch in der Fahrbahn")
    fields.setdefault("published", True)
    return Report.objects.create(category=category, lat=lat, lon=lon, **fields)


def image_bytes(fmt="JPEG", size=(800, 600), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


@pytest.fixture
def category(organisation) -> ReportCategory:
    return make_category(organisation)


@pytest.fixture
def other_category(other_organisation) -> ReportCategory:
    return make_category(other_organisation, "Straßenlaterne", group="Licht")


@pytest.fixture
def handler(organisation):
    return make_staff(organisation, Role.INCIDENT_HANDLER)


@pytest.fixture
def other_handler(other_organisation):
    return make_staff(other_organisation, Role.INCIDENT_HANDLER)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def make_feedback_procedure(home, organisation, stage="participation", **fields):
    """A procedure around Darmstadt with map feedback and three categories."""
    from cms.procedures import PhaseKind
    from tests.cms.conftest import make_procedure

    procedure = make_procedure(
        home,
        organisation,
        stage=PhaseKind(stage) if stage in PhaseKind.values else stage,
        map_feedback=True,
        **fields,
    )
    for n, (name, colour) in enumerate(
        [("Radweg fehlt", "#2e7d32"), ("Lärm", "#c62828"), ("Bäume erhalten", "#1565c0")]
    ):
        FeedbackCategory.objects.create(procedure=procedure, name=name, colour=colour, sort_order=n)
    return procedure


def make_contribution(procedure, author, category=None, latitude="49.872800", **fields):
    from maps.feedback import contribute

    fields.setdefault("longitude", "8.651200")
    return contribute(
        procedure=procedure,
        author=author,
        category=category or FeedbackCategory.objects.filter(procedure=procedure).first(),
        text=fields.pop("text", "Hier fehlt ein Radweg."),
        latitude=Decimal(latitude) if latitude else None,
        longitude=Decimal(fields.pop("longitude")) if latitude else None,
        place=fields.pop("place", ""),
    )


@pytest.fixture
def feedback_procedure(home, organisation):
    return make_feedback_procedure(home, organisation)
