"""The states tests start from are put back where a test wrote them (tests/demo_snapshot.py):
what one browser test commits is gone for the next, and the demo comes back as seeded."""

import pytest

from beteiligung.models import Organisation
from cms.models import HomePage
from maps.models import Report
from tests import demo_snapshot


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_is_gone_after_the_baseline_is_put_back():
    Organisation.objects.create(name="Kreis Nachlass", slug="kreis-nachlass")

    demo_snapshot.put_back(demo_snapshot.BASELINE)

    assert not Organisation.objects.filter(slug="kreis-nachlass").exists()
    assert HomePage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_demo_comes_back_as_seeded_after_a_test_changed_it(demo):
    report = Report.objects.order_by("pk").first()
    seeded = (Report.objects.count(), report.description)
    Report.objects.filter(pk=report.pk).update(description="Überschrieben")
    Report.objects.exclude(pk=report.pk).order_by("pk").first().delete()

    demo_snapshot.put_back(demo_snapshot.DEMO)

    assert (Report.objects.count(), Report.objects.get(pk=report.pk).description) == seeded


@pytest.mark.django_db(transaction=True)
def test_the_baseline_after_the_demo_holds_none_of_the_demo(demo):
    assert Report.objects.exists()

    demo_snapshot.put_back(demo_snapshot.BASELINE)

    assert not Report.objects.exists()
    assert HomePage.objects.count() == 1
