"""Wagtail's reports, the page explorer and choosers, and snippet history and usage show a
staff member only their own organisation's pages and records (superusers see everything)."""

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from appointments.models import Office
from beteiligung.roles import Role
from dialogues.models import DialoguePage
from tests.cms.conftest import make_index, make_procedure
from tests.conftest import make_organisation, make_staff, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.indexed]


def pages_of(home, organisation, town: str) -> DialoguePage:
    procedure = make_procedure(home, organisation, slug=f"plan-{town}", title=f"Verfahren {town}")
    dialogue = DialoguePage(
        title=f"Dialog {town}", slug=f"dialog-{town}", question="Was meinen Sie?",
        organisation=organisation,
    )  # fmt: skip
    procedure.add_child(instance=dialogue)
    dialogue.save_revision().publish()
    PageLogEntry.objects.log_action(dialogue, "wagtail.edit", title=f"Dialog {town}")
    dialogue.locked, dialogue.locked_at = True, timezone.now()
    dialogue.save(update_fields=["locked", "locked_at"])
    for page in (procedure, dialogue):
        organisation.grant_page(page)
    return dialogue


@pytest.fixture
def world(home):
    rp = make_organisation("Regierungspräsidium Darmstadt")
    wiesbaden = make_organisation("Landeshauptstadt Wiesbaden")
    index = make_index(home)
    for organisation in (rp, wiesbaden):
        organisation.grant_shared_index(index)
    pages_of(home, rp, "Darmstadt")
    pages_of(home, wiesbaden, "Wiesbaden")
    return {"rp": rp, "wiesbaden": wiesbaden, "index": index}


def shown(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    return response.content.decode()


def screens(world) -> list[str]:
    index = world["index"].pk
    return [
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        f"/admin/pages/{index}/",
        f"/admin/choose-page/{index}/",
        "/admin/choose-page/search/?q=Verfahren",
        "/admin/pages/search/?q=Dialog",
    ]


@pytest.mark.parametrize(
    "screen",
    ["site history", "aging pages", "locked pages", "explorer", "chooser", "chooser search",
     "page search"],
)  # fmt: skip
def test_an_editor_sees_only_their_organisations_pages(client, world, screen):
    client.force_login(make_staff(world["rp"], Role.EDITOR))
    names = ["site history", "aging pages", "locked pages", "explorer", "chooser",
             "chooser search", "page search"]  # fmt: skip
    url = screens(world)[names.index(screen)]

    content = shown(client, url)

    assert "Darmstadt" in content
    assert "Wiesbaden" not in content


def test_a_superuser_sees_every_organisation_in_the_reports(client, world):
    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))

    for url in screens(world):
        content = shown(client, url)
        assert "Darmstadt" in content and "Wiesbaden" in content, url


def test_snippet_history_and_usage_show_only_the_own_organisations_records(client, world):
    ours = Office.objects.create(
        organisation=world["rp"], name="Bürgerbüro Darmstadt", address="Luisenplatz 2"
    )
    theirs = Office.objects.create(
        organisation=world["wiesbaden"], name="Bürgerbüro Wiesbaden", address="Schloßplatz 6"
    )
    client.force_login(make_staff(world["rp"], Role.CLERK))

    for view in ("history", "usage"):
        assert (
            client.get(f"/admin/snippets/appointments/office/{view}/{ours.pk}/").status_code == 200
        )
        response = client.get(f"/admin/snippets/appointments/office/{view}/{theirs.pk}/")
        assert response.status_code == 404, view
        assert b"Wiesbaden" not in response.content
