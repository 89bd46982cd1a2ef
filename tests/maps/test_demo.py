"""seed_demo adds Wiesbaden's categories and reports; a second run adds nothing."""

import io

import pytest

from beteiligung import demo as core_demo
from maps import demo
from maps.models import Report, ReportCategory, ReportUpdate

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_categories_and_reports_once(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_REPORTS", 300)
    core_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert ReportCategory.objects.filter(organisation__slug="wiesbaden").count() == 6
    assert ReportCategory.objects.get(service_code="autobahn").not_responsible_hint
    assert Report.objects.count() == 300
    assert ReportUpdate.objects.exists()
    assert Report.objects.values("status").distinct().count() == 7
    first = list(Report.objects.order_by("pk").values_list("lat", "lon")[:5])

    demo.seed(io.StringIO())
    assert Report.objects.count() == 300
    assert ReportCategory.objects.count() == 6
    assert list(Report.objects.order_by("pk").values_list("lat", "lon")[:5]) == first


def test_the_demo_regional_plan_has_map_feedback_with_notes_inside_its_area(monkeypatch):
    from django.core.management import call_command
    from shapely.geometry import Point

    from cms.procedures import ProcedurePage
    from maps.models import MapContribution

    monkeypatch.setattr(demo, "DEMO_CONTRIBUTIONS", 200)
    monkeypatch.setattr(demo, "DEMO_REPORTS", 10)
    call_command("seed_demo", stdout=io.StringIO())

    plan = ProcedurePage.objects.get(slug=demo.DEMO_PROCEDURE)
    assert plan.map_feedback and plan.accepts_map_feedback()
    assert plan.feedback_categories.count() == len(demo.FEEDBACK_CATEGORIES)
    assert len(plan.sub_areas["features"]) == len(demo.SUB_AREAS)
    notes = MapContribution.objects.filter(procedure=plan)
    assert notes.count() == 200
    area = plan.area_shape()
    assert all(
        area.covers(Point(float(lon), float(lat)))
        for lat, lon in notes.values_list("latitude", "longitude")
    )
    assert notes.filter(comment__support_count__gt=0).exists()

    call_command("seed_demo", stdout=io.StringIO())
    assert MapContribution.objects.count() == 200
