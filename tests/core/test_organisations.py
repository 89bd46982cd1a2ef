"""Staff act only for their own organisation, in the Wagtail admin too."""

from wagtail.models import Page

from beteiligung.roles import Role, has_role, organisations_for
from cms.models import ContentPage
from tests.conftest import make_staff


def add_page(parent, organisation, title: str) -> ContentPage:
    page = ContentPage(title=title, slug=title.lower())
    parent.add_child(instance=page)
    page.save_revision().publish()
    organisation.grant_page(page)
    return page


def test_an_editor_edits_only_the_pages_of_their_organisation(
    client, home, organisation, other_organisation
):
    ours = add_page(home, organisation, "Unsere")
    theirs = add_page(home, other_organisation, "Fremde")
    editor = make_staff(organisation, Role.EDITOR)
    client.force_login(editor)

    assert client.get(f"/admin/pages/{ours.id}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{theirs.id}/edit/").status_code in (302, 403)
    response = client.post(
        f"/admin/pages/{theirs.id}/edit/", {"title": "Übernommen", "slug": "fremde"}
    )
    assert response.status_code in (302, 403)
    assert Page.objects.get(id=theirs.id).title == "Fremde"


def test_roles_are_held_per_organisation(organisation, other_organisation):
    planner = make_staff(organisation, Role.PLANNER)
    assert has_role(planner, organisation, Role.PLANNER)
    assert not has_role(planner, organisation, Role.EDITOR)
    assert not has_role(planner, other_organisation, Role.PLANNER)
    assert list(organisations_for(planner, Role.PLANNER)) == [organisation]


def test_staff_reach_the_admin_and_citizens_do_not(client, organisation, citizen):
    client.force_login(citizen)
    assert client.get("/admin/").status_code == 302
    client.force_login(make_staff(organisation, Role.CLERK))
    assert client.get("/admin/").status_code == 200
