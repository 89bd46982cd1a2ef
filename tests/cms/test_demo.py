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
    # 300 generated, a letter, a segmented statement, 12 campaign letters (cms/segments.py)
    # and the released statement of the agency Hessen Mobil.
    assert plan.statements.submitted().count() == 315
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


def test_the_regional_plan_has_a_letter_a_segmented_statement_and_a_campaign(demo):
    plan = ProcedurePage.objects.get(slug="regionalplan-suedhessen-2026")
    letter = plan.statements.get(channel="letter")
    scan = letter.attachments.get()
    # The file itself lives in the session's demo media; its record says what it is.
    assert scan.content_type == "image/png" and scan.original_name.endswith(".png")
    assert scan.size > 1000
    segmented = plan.statements.filter(segments__isnull=False).distinct().get()
    assert segmented.segments.count() == 3
    assert segmented.result == "" and segmented.status == "submitted"  # one segment still open
    group = plan.statement_groups.get()
    assert group.members().count() == 12
    assert len({m.name for m in group.members()}) == 12
