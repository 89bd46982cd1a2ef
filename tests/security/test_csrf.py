"""Every form that changes something refuses a POST without the CSRF token."""

import pytest
from django.test import Client

from beteiligung.roles import Role
from tests.conftest import make_staff
from tests.dialogues.conftest import make_comment, make_dialogue
from tests.maps.conftest import make_category, make_contribution, make_feedback_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_anonymous_forms_refuse_posts_without_a_token(csrf_client, home, organisation):
    procedure = make_feedback_procedure(home, organisation)
    category = make_category(organisation)
    urls = [
        procedure.url,  # statement form
        "/meldungen/neu/",
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
        "/termine/",
    ]
    for url in urls:
        response = csrf_client.post(url, {"text": "x", "category": category.pk})
        assert response.status_code == 403, url


def test_citizen_actions_refuse_posts_without_a_token(csrf_client, citizen, home, organisation):
    procedure = make_feedback_procedure(home, organisation)
    note = make_contribution(procedure, citizen)
    dialogue = make_dialogue(home, organisation)
    comment = make_comment(dialogue, make_staff(organisation))
    csrf_client.force_login(citizen)
    urls = [
        f"/kartenhinweise/{procedure.pk}/",
        f"/kommentare/seite/{dialogue.pk}/neu/",
        f"/kommentare/{comment.pk}/unterstuetzen/",
        f"/kommentare/{comment.pk}/melden/",
        f"/kommentare/{note.comment_id}/loeschen/",
        "/konto/",
        "/konto/loeschen/",
    ]
    for url in urls:
        assert csrf_client.post(url, {"text": "x"}).status_code == 403, url


def test_staff_actions_refuse_posts_without_a_token(csrf_client, home, organisation):
    procedure = make_feedback_procedure(home, organisation)
    csrf_client.force_login(make_staff(organisation, Role.MODERATOR))
    for url in ["/admin/kommentare/", f"/admin/abwaegung/{procedure.pk}/veroeffentlichen/"]:
        assert csrf_client.post(url, {}).status_code == 403, url
