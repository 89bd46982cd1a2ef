"""The account page lists one's dialogues; export and deletion include the comments."""

import pytest
from django.urls import reverse

from beteiligung.privacy import delete_account, export_user_data
from dialogues.models import Comment, Follow, Support
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def test_the_account_page_lists_my_comments_and_follows(citizen_client, citizen, dialogue):
    make_comment(dialogue, citizen, "Mein Vorschlag zum Markt")
    citizen_client.post(reverse("dialogues:follow", args=[dialogue.pk]))
    content = citizen_client.get(reverse("account_profile")).content.decode()
    assert "Meine Dialoge" in content
    assert "Mein Vorschlag zum Markt" in content
    assert f'href="{dialogue.url}#kommentare"' in content


def test_the_export_contains_my_comments(citizen, dialogue):
    make_comment(dialogue, citizen, "Exportiere mich")
    data = export_user_data(citizen)
    comments = [r for r in data["dialogues"]["records"] if r["type"] == "comment"]
    assert comments[0]["text"] == "Exportiere mich"


def test_deleting_the_account_keeps_the_debate_anonymously(client, citizen, neighbour, dialogue):
    own = make_comment(dialogue, citizen, "Bleibt lesbar")
    other = make_comment(dialogue, neighbour, "Von Nora")
    other.toggle_support(citizen)
    delete_account(citizen)

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.author is None
    assert other.support_count == 0
    assert not Support.objects.exists()
    assert not Follow.objects.filter(page=dialogue, user__email="citizen@example.org").exists()
    content = client.get(dialogue.url).content.decode()
    assert "Bleibt lesbar" in content
    assert "Clara Citizen" not in content
    assert Comment.objects.count() == 2
