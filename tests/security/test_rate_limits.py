"""Anonymous forms are limited per client address: a script cannot flood them."""

import pytest
from django.test import Client

from cms.models import AccessibilityPage
from maps.models import Report
from maps.views import SUPPORTS_PER_HOUR
from tests.maps.conftest import make_category, make_report

pytestmark = pytest.mark.django_db


def test_supports_without_an_account_are_limited_per_address(organisation):
    report = make_report(make_category(organisation))

    for _n in range(SUPPORTS_PER_HOUR + 5):
        Client().post(f"/meldungen/{report.pk}/unterstuetzen/")  # a fresh cookie each time

    assert Report.objects.get().supporters_count == SUPPORTS_PER_HOUR


def test_accessibility_feedback_is_limited_per_address(client, home):
    page = AccessibilityPage(title="Barrierefreiheit", slug="barrierefreiheit")
    home.add_child(instance=page)
    from beteiligung.models import AccessibilityFeedback

    statuses = [client.post(page.url, {"message": f"Barriere {n}"}).status_code for n in range(12)]

    assert statuses.count(302) == 10 and statuses[-1] == 429
    assert AccessibilityFeedback.objects.count() == 10
    assert "Barriere 11" in client.post(page.url, {"message": "Barriere 11"}).content.decode()
