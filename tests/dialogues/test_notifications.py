"""Follows, reply and official-answer e-mails, and unsubscribing without a login."""

import pytest
from django.core import mail
from django.urls import reverse

from dialogues.models import Follow
from dialogues.services import unsubscribe_token
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def links_in(message) -> list[str]:
    return [word for word in message.body.split() if "/kommentare/abbestellen/" in word]


def test_the_author_gets_an_email_when_someone_replies(
    client, citizen, neighbour, dialogue, django_capture_on_commit_callbacks
):
    comment = make_comment(dialogue, citizen, "Meine Idee")
    client.force_login(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dialogues:reply", args=[comment.pk]), {"text": "Gute Idee!"})
    assert [m.to for m in mail.outbox] == [["citizen@example.org"]]
    message = mail.outbox[0]
    assert "Neue Antwort" in message.subject
    assert "Gute Idee!" in message.body
    assert "Nora Nachbar" in message.body
    assert links_in(message)
    assert message.alternatives[0][1] == "text/html"


def test_replying_to_oneself_sends_nothing(
    citizen_client, citizen, dialogue, django_capture_on_commit_callbacks
):
    comment = make_comment(dialogue, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        citizen_client.post(reverse("dialogues:reply", args=[comment.pk]), {"text": "Nachtrag"})
    assert mail.outbox == []


def test_followers_get_an_email_about_an_official_answer(
    client, citizen, neighbour, moderator, dialogue, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    client.post(reverse("dialogues:follow", args=[dialogue.pk]))
    assert Follow.objects.get(user=citizen).answers
    assert "Nicht mehr folgen" in client.get(dialogue.url).content.decode()
    make_comment(dialogue, neighbour, "Ohne Folgen")  # authors do not follow answers by default

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dialogues:post", args=[dialogue.pk]),
            {"text": "Die Stadt plant einen Wochenmarkt.", "official": "on"},
        )
    assert [m.to for m in mail.outbox] == [["citizen@example.org"]]
    assert "Offizielle Antwort" in mail.outbox[0].subject
    assert "Die Stadt plant einen Wochenmarkt." in mail.outbox[0].body
    assert links_in(mail.outbox[0])


def test_following_again_stops_following(citizen_client, citizen, dialogue):
    citizen_client.post(reverse("dialogues:follow", args=[dialogue.pk]))
    citizen_client.post(reverse("dialogues:follow", args=[dialogue.pk]))
    follow = Follow.objects.filter(user=citizen).first()
    assert follow is None or not follow.answers


def test_the_unsubscribe_link_works_without_login(
    client, citizen, neighbour, dialogue, django_capture_on_commit_callbacks
):
    comment = make_comment(dialogue, citizen, "Meine Idee")
    make_comment(dialogue, neighbour, "Erste Antwort", parent=comment)
    link = f"/kommentare/abbestellen/{unsubscribe_token(citizen.pk, dialogue.pk, 'replies')}/"

    response = client.get(link)
    assert response.status_code == 200
    assert "Abbestellen" in response.content.decode()
    assert Follow.objects.get(user=citizen).replies
    response = client.post(link)
    assert "Erledigt" in response.content.decode()
    assert not Follow.objects.filter(user=citizen, replies=True).exists()

    with django_capture_on_commit_callbacks(execute=True):
        make_comment(dialogue, neighbour, "Zweite Antwort", parent=comment)
    assert mail.outbox == []


def test_a_link_from_the_email_unsubscribes(
    client, citizen, neighbour, dialogue, django_capture_on_commit_callbacks
):
    comment = make_comment(dialogue, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(dialogue, neighbour, "Antwort", parent=comment)
    path = "/" + links_in(mail.outbox[0])[0].split("/", 3)[3]
    client.post(path)
    assert not Follow.objects.filter(user=citizen).exists()


def test_a_forged_token_is_refused(client, citizen, dialogue):
    make_comment(dialogue, citizen)
    token = unsubscribe_token(citizen.pk, dialogue.pk, "replies")
    response = client.post(f"/kommentare/abbestellen/{token[:-3]}abc/")
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()
    assert Follow.objects.get(user=citizen).replies


def test_the_email_links_to_the_comment_on_the_site(
    client, citizen, neighbour, dialogue, settings, django_capture_on_commit_callbacks
):
    comment = make_comment(dialogue, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        reply = make_comment(dialogue, neighbour, "Antwort", parent=comment)
    assert f"{settings.SITE_URL}{dialogue.url}#kommentar-{reply.pk}" in mail.outbox[0].body
