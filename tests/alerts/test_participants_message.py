"""Staff write to everyone who took part in a procedure and agreed to be contacted."""

import pytest
from django.core import mail
from django.urls import reverse

from beteiligung.roles import Role
from cms.procedures import PhaseKind
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(home, organisation):
    page = make_procedure(home, organisation, stage=PhaseKind.PARTICIPATION)
    make_statement(page, email="ja@example.org", contact_consent=True)
    make_statement(page, email="JA@example.org", contact_consent=True)  # the same person
    make_statement(page, email="nein@example.org", contact_consent=False)
    return page


@pytest.fixture
def commenter(procedure):
    from dialogues.models import Comment, CommentStatus

    author = make_user("kommentar@example.org")
    Comment.objects.create(
        page=procedure,
        author=author,
        text="Gute Idee.",
        status=CommentStatus.PUBLISHED,
        contact_consent=True,
    )
    return author


def url(procedure) -> str:
    return reverse("alerts_admin:participants_message", args=[procedure.pk])


def test_staff_see_the_count_and_a_preview_before_anything_is_sent(
    client, procedure, organisation, commenter
):
    client.force_login(make_staff(organisation, Role.EDITOR))
    data = {"subject": "Neue Unterlagen", "message": "<b>Die Pläne</b> sind online."}

    page = client.post(url(procedure), {**data, "action": "preview"}).content.decode()

    assert "2 Personen" in page
    assert "An 2 Personen senden" in page
    assert "&lt;b&gt;Die Pläne&lt;/b&gt;" in page
    assert mail.outbox == []


def test_sending_queues_one_mail_per_consenting_participant(
    client, procedure, organisation, commenter, django_capture_on_commit_callbacks
):
    client.force_login(make_staff(organisation, Role.EDITOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(procedure),
            {"subject": "Neue Unterlagen", "message": "Die Pläne sind online.", "action": "send"},
        )
    assert response.status_code == 302
    assert sorted(m.to[0].lower() for m in mail.outbox) == [
        "ja@example.org",
        "kommentar@example.org",
    ]
    assert "an dem Sie sich beteiligt haben" in mail.outbox[0].body


def test_staff_of_another_organisation_are_refused(client, procedure, other_organisation):
    client.force_login(make_staff(other_organisation, Role.EDITOR))
    response = client.get(url(procedure))
    assert response.status_code == 403


def test_a_citizen_does_not_reach_the_admin_form(client, procedure, citizen):
    client.force_login(citizen)
    assert client.get(url(procedure)).status_code in (302, 403)
