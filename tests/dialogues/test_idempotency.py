"""Unsubscribing twice (a double click, the link opened again) shows the same success."""

from dialogues.models import Follow
from dialogues.services import unsubscribe_token
from tests.dialogues.conftest import make_comment


def test_unsubscribing_twice_shows_the_same_success_page(client, citizen, neighbour, dialogue):
    comment = make_comment(dialogue, citizen, "Meine Idee")
    make_comment(dialogue, neighbour, "Erste Antwort", parent=comment)
    link = f"/kommentare/abbestellen/{unsubscribe_token(citizen.pk, dialogue.pk, 'replies')}/"

    first, second = client.post(link), client.post(link)

    for response in (first, second):
        assert response.status_code == 200
        assert "Erledigt" in response.content.decode()
    assert not Follow.objects.filter(user=citizen, replies=True).exists()
