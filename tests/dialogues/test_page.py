"""The dialogue page type: where it may live, how editors create it, what it shows."""

import datetime

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms.models import HomePage
from cms.procedures import ProcedurePage
from dialogues.models import DialoguePage, Flag, ModerationLog
from dialogues.tasks import erase_expired
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def test_a_dialogue_lives_under_the_home_page_or_a_procedure():
    assert set(DialoguePage.allowed_parent_page_models()) == {HomePage, ProcedurePage}
    assert DialoguePage.allowed_subpage_models() == []


def test_an_editor_creates_a_dialogue_for_their_organisation(client, home, organisation, editor):
    organisation.grant_page(home)
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/dialogues/dialoguepage/{home.pk}/",
        nested_form_data(
            {
                "title": "Radverkehr",
                "slug": "radverkehr",
                "organisation": organisation.pk,
                "question": "Wo fehlen Radwege?",
                "introduction": rich_text("<p>Sagen Sie es uns.</p>"),
                "opens_at": "",
                "closes_at": "",
                "moderation": "pre",
                "edit_window_minutes": "30",
                "flag_threshold": "5",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = DialoguePage.objects.get(slug="radverkehr")
    assert page.live and page.organisation == organisation
    policy = page.comment_policy()
    assert policy.premoderated and policy.edit_window_minutes == 30
    assert policy.flag_threshold == 5


def test_the_page_shows_the_closing_date(client, home, organisation):
    from tests.dialogues.conftest import make_dialogue

    closes = timezone.now() + datetime.timedelta(days=3)
    page = make_dialogue(home, organisation, closes_at=closes)
    content = client.get(page.url).content.decode()
    assert "Offen für Beiträge" in content
    assert f"bis {timezone.localtime(closes):%-d.}" in content


def test_old_reports_and_log_entries_are_erased(dialogue, citizen, neighbour):
    comment = make_comment(dialogue, neighbour)
    comment.flag(citizen, "spam", threshold=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Flag.objects.update(delete_after=yesterday)
    ModerationLog.objects.update(delete_after=yesterday)
    assert erase_expired() == 2
    assert not Flag.objects.exists() and not ModerationLog.objects.exists()
