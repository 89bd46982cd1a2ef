"""The demo: a regional plan open for statements and a concluded land-use plan."""

from django.core.management import call_command
from shapely.geometry import Point
from wagtail.models import GroupPagePermission

from beteiligung.models import Organisation
from beteiligung.roles import Role
from cms.procedures import ProcedureIndexPage, ProcedurePage, ProcedureStatus


def test_the_demo_has_an_open_regional_plan_with_located_statements(client, demo):
    plan = ProcedurePage.objects.get(slug="regionalplan-suedhessen-2026")
    assert plan.url == "/verfahren/regionalplan-suedhessen-2026/"
    assert plan.organisation.slug == "rp-darmstadt"
    assert plan.status().code == ProcedureStatus.OPEN
    # 300 from the public and the released statement of the agency Hessen Mobil.
    assert plan.statements.submitted().count() == 301
    area = plan.area_shape()
    located = plan.statements.located()
    assert located.count() > 50
    assert all(area.covers(Point(float(s.longitude), float(s.latitude))) for s in located)
    assert plan.documents.count() == 2
    page = client.get(plan.url).content.decode()
    assert 'name="text"' in page and "PDF" in page


def test_the_demo_has_a_concluded_plan_with_published_results(client, demo):
    plan = ProcedurePage.objects.get(slug="bebauungsplan-am-kurpark-ost")
    assert plan.status().code == ProcedureStatus.CONCLUDED
    page = client.get(plan.url).content.decode()
    assert "Ergebnisse der Abwägung" in page
    assert "@example.org" not in page


def test_every_editor_group_may_add_procedures(demo):
    index = ProcedureIndexPage.objects.get(slug="verfahren")
    for organisation in Organisation.objects.administrations():
        assert GroupPagePermission.objects.filter(
            page=index, group=organisation.group(Role.EDITOR), permission__codename="add_page"
        ).exists()


def test_seeding_twice_adds_nothing(demo):
    from cms.procedures import Statement

    counts = (ProcedurePage.objects.count(), Statement.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (ProcedurePage.objects.count(), Statement.objects.count()) == counts
