"""An organisation can require a second editor's approval before its pages go live."""

import pytest
from django.test import Client
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from beteiligung.models import OrganisationApprovalTask
from beteiligung.roles import Role
from dialogues.models import DialoguePage
from tests.cms.conftest import make_index, make_procedure
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogue(home, organisation, other_organisation) -> DialoguePage:
    index = make_index(home)
    organisation.grant_shared_index(index)
    other_organisation.grant_shared_index(index)
    procedure = make_procedure(home, organisation)
    page = DialoguePage(
        title="Marktplatz", slug="marktplatz", question="Was meinen Sie?", organisation=organisation
    )
    procedure.add_child(instance=page)
    page.save_revision().publish()
    for granted in (procedure, page):
        organisation.grant_page(granted)
    return page


def switch_approval(organisation, on: bool) -> None:
    organisation.requires_approval = on
    organisation.save()


def edit_form(page, title: str, action: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "organisation": page.organisation_id,
            "question": page.question,
            "introduction": rich_text(""),
            "opens_at": "",
            "closes_at": "",
            "moderation": "post",
            "edit_window_minutes": "15",
            "flag_threshold": "3",
            action: "on",
        }
    )


def approve(client, page):
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )


def logged_in(user) -> Client:
    # A browser of its own: the submitter's "submitted" message stays in the first one.
    client = Client()
    client.force_login(user)
    return client


def awaits_review(client, title: str) -> bool:
    """True when the dashboard lists the page under "Awaiting your review"."""
    html = client.get("/admin/").content.decode()
    panel = html.partition('id="awaiting-review')[2]
    return title in panel.partition("</section>")[0]


def live_title(page) -> str:
    return Page.objects.get(pk=page.pk).title


def test_with_approval_on_an_editor_submits_instead_of_publishing(client, organisation, dialogue):
    switch_approval(organisation, True)
    client.force_login(make_staff(organisation, Role.EDITOR, "anna@example.org"))

    form = client.get(f"/admin/pages/{dialogue.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in form
    assert 'name="action-submit"' in form

    client.post(
        f"/admin/pages/{dialogue.pk}/edit/", edit_form(dialogue, "Sofort", "action-publish")
    )
    assert live_title(dialogue) == "Marktplatz"

    response = client.post(
        f"/admin/pages/{dialogue.pk}/edit/", edit_form(dialogue, "Neuer Markt", "action-submit")
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(dialogue.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert live_title(dialogue) == "Marktplatz"


def test_a_second_editor_of_the_organisation_approves(client, organisation, dialogue):
    switch_approval(organisation, True)
    submitter = make_staff(organisation, Role.EDITOR, "anna@example.org")
    client.force_login(submitter)
    client.post(
        f"/admin/pages/{dialogue.pk}/edit/", edit_form(dialogue, "Neuer Markt", "action-submit")
    )

    second = logged_in(make_staff(organisation, Role.EDITOR, "ben@example.org"))
    assert awaits_review(second, "Neuer Markt")
    response = approve(second, dialogue)

    assert response.status_code == 302
    assert live_title(dialogue) == "Neuer Markt"


def test_the_submitter_cannot_approve_their_own_page(client, organisation, dialogue):
    switch_approval(organisation, True)
    anna = make_staff(organisation, Role.EDITOR, "anna@example.org")
    client.force_login(anna)
    client.post(
        f"/admin/pages/{dialogue.pk}/edit/", edit_form(dialogue, "Neuer Markt", "action-submit")
    )

    assert not awaits_review(logged_in(anna), "Neuer Markt")
    response = approve(client, dialogue)
    assert response.status_code == 302
    assert "keinen Zugang" in client.get(response["Location"]).content.decode()
    client.post(
        f"/admin/pages/{dialogue.pk}/edit/",
        {**edit_form(dialogue, "Neuer Markt", "action-workflow-action"),
         "workflow-action-name": "approve"},
    )  # fmt: skip

    assert live_title(dialogue) == "Marktplatz"
    assert Page.objects.get(pk=dialogue.pk).workflow_in_progress


def test_an_editor_of_another_organisation_cannot_approve(
    client, organisation, other_organisation, dialogue
):
    switch_approval(organisation, True)
    client.force_login(make_staff(organisation, Role.EDITOR, "anna@example.org"))
    client.post(
        f"/admin/pages/{dialogue.pk}/edit/", edit_form(dialogue, "Neuer Markt", "action-submit")
    )

    other = logged_in(make_staff(other_organisation, Role.EDITOR, "carla@example.org"))
    response = approve(other, dialogue)

    assert response.status_code in (302, 403)
    assert live_title(dialogue) == "Marktplatz"
    assert not awaits_review(other, "Neuer Markt")


def test_switching_approval_off_lets_editors_publish_again(client, organisation, dialogue):
    switch_approval(organisation, True)
    switch_approval(organisation, False)
    client.force_login(make_staff(organisation, Role.EDITOR, "anna@example.org"))

    client.post(
        f"/admin/pages/{dialogue.pk}/edit/", edit_form(dialogue, "Sofort", "action-publish")
    )

    assert live_title(dialogue) == "Sofort"
    assert Page.objects.get(pk=dialogue.pk).get_workflow() != organisation.approval_workflow


def test_a_new_page_of_an_organisation_with_approval_gets_the_workflow(
    client, organisation, dialogue
):
    switch_approval(organisation, True)
    procedure = dialogue.get_parent()
    client.force_login(make_staff(organisation, Role.EDITOR, "anna@example.org"))

    client.post(
        f"/admin/pages/add/dialogues/dialoguepage/{procedure.pk}/",
        edit_form(DialoguePage(slug="neu", question="Neu?", organisation=organisation),
                  "Neu", "action-submit"),
    )  # fmt: skip

    page = DialoguePage.objects.get(slug="neu")
    assert not page.live and page.workflow_in_progress
    task = page.get_workflow().workflow_tasks.get().task.specific
    assert isinstance(task, OrganisationApprovalTask)
    assert list(task.groups.all()) == [organisation.group(Role.EDITOR)]
