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
