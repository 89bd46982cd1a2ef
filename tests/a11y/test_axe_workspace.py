"""axe-core finds no violation on the staff screens of the editor's and planner's work: the
procedure editor's tab "Gebiet und Karte", the weighing table and the planners' map."""

import pytest
from django.conf import settings
from django.test import Client

from beteiligung.roles import Role
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff_page(page, live_server, home, organisation):
    def open_as(role: str, path: str):
        user = make_staff(organisation, role, f"{role}@axe.example")
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        return page

    return open_as


@pytest.fixture
def procedure(home, organisation):
    procedure = make_procedure(home, organisation)
    for n in range(3):
        make_statement(procedure, text=f"Stellungnahme {n}", latitude=49.87, longitude=8.65)
    return procedure


def test_the_editor_tab_area_and_map_has_no_barriers(staff_page, procedure, axe_check):
    procedure.organisation.grant_page(procedure)
    page = staff_page(Role.EDITOR, f"/admin/pages/{procedure.pk}/edit/")
    page.get_by_role("tab", name="Gebiet und Karte").click()
    page.locator("[data-area-map]").first.wait_for()
    axe_check(page)


def test_the_weighing_table_has_no_barriers(staff_page, procedure, axe_check):
    axe_check(staff_page(Role.PLANNER, f"/admin/abwaegung/{procedure.pk}/"))


def test_the_weighing_detail_has_no_barriers(staff_page, procedure, axe_check):
    statement = procedure.statements.first()
    axe_check(staff_page(Role.PLANNER, f"/admin/abwaegung/{procedure.pk}/{statement.pk}/"))


def test_the_planners_map_has_no_barriers(staff_page, procedure, axe_check):
    page = staff_page(Role.PLANNER, f"/admin/karte/{procedure.pk}/")
    page.locator("[data-planner-layers]").wait_for(state="attached")
    axe_check(page)
