"""An organisation's pages are its own: role × organisation × action through the real admin.

Two organisations share the procedure index (their editors may add procedures there). Each has
two procedures; the first holds a live dialogue. The acting staff member belongs to RP
Darmstadt and acts on RP Darmstadt's pages ("own") or on Wiesbaden's ("other"). An action
that is refused answers with a refusal or a form error and leaves the database as it was.
"""

import pytest
from django.db import transaction
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from beteiligung.roles import Role
from cms.demo import home_page
from dialogues.models import DialoguePage
from tests.cms.conftest import make_index, make_procedure
from tests.conftest import make_organisation, make_staff, make_user

pytestmark = pytest.mark.django_db


class Tree:
    """One organisation's pages: two procedures, a live dialogue in the first."""

    def __init__(self, home, organisation, slug: str) -> None:
        self.organisation = organisation
        self.procedure = make_procedure(home, organisation, slug=f"{slug}-plan", title=slug)
        self.second = make_procedure(home, organisation, slug=f"{slug}-zweit", title=f"{slug} 2")
        self.dialogue = DialoguePage(
            title=f"Dialog {slug}", slug=f"{slug}-dialog", question="Was meinen Sie?",
            organisation=organisation,
        )  # fmt: skip
        self.procedure.add_child(instance=self.dialogue)
        self.dialogue.save_revision().publish()
        # What the after-create hook does for pages made in the admin.
        for page in (self.procedure, self.second, self.dialogue):
            organisation.grant_page(page)


@pytest.fixture(scope="module")
def trees(django_db_setup, django_db_blocker):
    """Built once for the module's 80 tests. Each test runs in a savepoint inside this
    transaction and is rolled back to it, so every test still starts from the same trees."""
    with django_db_blocker.unblock(), transaction.atomic():
        home = home_page()
        rp = make_organisation("Regierungspräsidium Darmstadt")
        wiesbaden = make_organisation("Landeshauptstadt Wiesbaden")
        index = make_index(home)
        for organisation in (rp, wiesbaden):
            organisation.grant_shared_index(index)
        yield {"own": Tree(home, rp, "rp"), "other": Tree(home, wiesbaden, "wi")}
        transaction.set_rollback(True)


def acting(role: str, trees):
    rp = trees["own"].organisation
    if role == "superuser":
        return make_user("admin@example.org", is_staff=True, is_superuser=True)
    return make_staff(rp, role)


def dialogue_form(organisation, title: str = "Neuer Dialog", **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "neuer-dialog",
            "organisation": organisation.pk,
            "question": "Wo fehlen Radwege?",
            "introduction": rich_text("<p>Sagen Sie es uns.</p>"),
            "opens_at": "",
            "closes_at": "",
            "moderation": "post",
            "edit_window_minutes": "15",
            "flag_threshold": "3",
            **extra,
        }
    )


def live_title(page) -> str:
    return Page.objects.get(pk=page.pk).title


# Each action: (request to send, what "it happened" means in the database).
def add(client, own, target):
    response = client.post(
        f"/admin/pages/add/dialogues/dialoguepage/{target.procedure.pk}/",
        dialogue_form(target.organisation, **{"action-publish": "publish"}),
    )
    return response, DialoguePage.objects.filter(slug="neuer-dialog", live=True).exists()


def edit(client, own, target):
    dialogue = target.dialogue
    response = client.post(
        f"/admin/pages/{dialogue.pk}/edit/", dialogue_form(target.organisation, "Entwurf")
    )
    latest = Page.objects.get(pk=dialogue.pk).get_latest_revision()
    return response, latest.content["title"] == "Entwurf"


def publish(client, own, target):
    dialogue = target.dialogue
    response = client.post(
        f"/admin/pages/{dialogue.pk}/edit/",
        dialogue_form(target.organisation, "Veröffentlicht", **{"action-publish": "publish"}),
    )
    return response, live_title(dialogue) == "Veröffentlicht"


def unpublish(client, own, target):
    response = client.post(f"/admin/pages/{target.dialogue.pk}/unpublish/")
    return response, not Page.objects.get(pk=target.dialogue.pk).live


def move_out(client, own, target):
    """Move the target's dialogue into the actor's own second procedure."""
    response = client.post(f"/admin/pages/{target.dialogue.pk}/move/{own.second.pk}/confirm/")
    return response, Page.objects.get(pk=target.dialogue.pk).get_parent().pk == own.second.pk


def move_in(client, own, target):
    """Move the actor's own dialogue into the target's second procedure."""
    response = client.post(f"/admin/pages/{own.dialogue.pk}/move/{target.second.pk}/confirm/")
    return response, Page.objects.get(pk=own.dialogue.pk).get_parent().pk == target.second.pk


def copy_out(client, own, target):
    response = client.post(
        f"/admin/pages/{target.dialogue.pk}/copy/",
        {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": own.second.pk},
    )
    return response, Page.objects.filter(slug="kopie").exists()


def copy_in(client, own, target):
    response = client.post(
        f"/admin/pages/{own.dialogue.pk}/copy/",
        {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": target.second.pk},
    )
    return response, Page.objects.filter(slug="kopie").exists()


def delete(client, own, target):
    response = client.post(f"/admin/pages/{target.dialogue.pk}/delete/")
    return response, not Page.objects.filter(pk=target.dialogue.pk).exists()


def revisions(client, own, target):
    dialogue = target.dialogue
    revision = dialogue.get_latest_revision()
    response = client.get(f"/admin/pages/{dialogue.pk}/revisions/{revision.pk}/view/")
    compare = client.get(f"/admin/pages/{dialogue.pk}/revisions/compare/earliest...latest/")
    shown = response.status_code == 200 and compare.status_code == 200
    return response, shown and dialogue.title.encode() in response.content


def history(client, own, target):
    dialogue = target.dialogue
    response = client.get(f"/admin/pages/{dialogue.pk}/history/")
    return response, response.status_code == 200 and b"Dialog" in response.content


ACTIONS = {
    "add": add,
    "edit": edit,
    "publish": publish,
    "unpublish": unpublish,
    "move out": move_out,
    "move in": move_in,
    "copy out": copy_out,
    "copy in": copy_in,
    "delete": delete,
    "revisions": revisions,
    "history": history,
}

ALLOWED, REFUSED = True, False

# role         organisation   outcome for every action
MATRIX = [
    (Role.EDITOR, "own", ALLOWED),
    (Role.EDITOR, "other", REFUSED),
    (Role.PLANNER, "own", REFUSED),
    (Role.PLANNER, "other", REFUSED),
    (Role.MODERATOR, "own", REFUSED),
    ("superuser", "own", ALLOWED),
    ("superuser", "other", ALLOWED),
]


def refused(response) -> bool:
    # Wagtail answers PermissionDenied with a redirect to the dashboard and a message; a
    # refused destination (copy, move) comes back as the form with an error.
    if response.status_code == 302:
        return (
            response["Location"] in ("/admin/", "/admin/login/") or "login" in response["Location"]
        )
    return response.status_code in (200, 403, 404)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("role", "whose", "allowed"), MATRIX)
def test_page_actions_stay_inside_the_organisation(client, trees, role, whose, allowed, action):
    client.force_login(acting(role, trees))

    response, happened = ACTIONS[action](client, trees["own"], trees[whose])

    if allowed:
        assert happened, (response.status_code, response.content.decode()[:3000])
        assert response.status_code in (200, 302)
    else:
        assert not happened
        assert refused(response), (response.status_code, response.get("Location"))


def test_the_wiesbaden_editor_cannot_add_and_publish_below_rp_darmstadts_procedure(client, trees):
    # The hole of issue #14: add_page on the shared index reached into RP Darmstadt's
    # procedure, and the after-create hook then granted Wiesbaden publish rights there.
    wiesbaden = trees["other"].organisation
    rp_procedure = trees["own"].procedure
    client.force_login(make_staff(wiesbaden, Role.EDITOR))

    form = client.get(f"/admin/pages/add/dialogues/dialoguepage/{rp_procedure.pk}/")
    response = client.post(
        f"/admin/pages/add/dialogues/dialoguepage/{rp_procedure.pk}/",
        dialogue_form(wiesbaden, **{"action-publish": "publish"}),
    )

    assert refused(form) and form.status_code != 200
    assert refused(response) and response.status_code != 200
    assert not rp_procedure.get_children().filter(slug="neuer-dialog").exists()


def test_an_editor_still_adds_a_procedure_under_the_shared_index(client, trees):
    rp = trees["own"].organisation
    client.force_login(make_staff(rp, Role.EDITOR))
    index = trees["own"].procedure.get_parent()

    response = client.get(f"/admin/pages/{index.pk}/add_subpage/")

    assert response.status_code in (200, 302)
    assert client.get(f"/admin/pages/add/cms/procedurepage/{index.pk}/").status_code == 200


def test_a_page_below_an_organisations_page_belongs_to_that_organisation(client, trees):
    rp_procedure = trees["own"].procedure
    wiesbaden = trees["other"].organisation
    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))

    response = client.post(
        f"/admin/pages/add/dialogues/dialoguepage/{rp_procedure.pk}/",
        dialogue_form(wiesbaden, **{"action-publish": "publish"}),
    )

    assert response.status_code == 200
    assert (
        "Seiten unterhalb einer Seite von Regierungspräsidium Darmstadt gehören zu "
        "Regierungspräsidium Darmstadt."
    ) in response.content.decode()
    assert not DialoguePage.objects.filter(slug="neuer-dialog").exists()
