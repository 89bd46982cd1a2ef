"""The thread shows what I did (supports), keeps long threads short and pins official answers."""

import re

import pytest
from django.urls import reverse

from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def support_button(content: str, comment) -> str:
    action = reverse("dialogues:support", args=[comment.pk])
    form = content.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return re.search(r"<button[^>]*>.*?</button>", form, re.S).group(0)


def test_the_support_button_shows_that_i_supported_and_takes_it_back(
    citizen_client, neighbour, dialogue
):
    comment = make_comment(dialogue, neighbour)
    url = reverse("dialogues:support", args=[comment.pk])

    before = support_button(citizen_client.get(dialogue.url).content.decode(), comment)
    assert 'aria-pressed="false"' in before and ">Unterstützen<" in before

    citizen_client.post(url)
    content = citizen_client.get(dialogue.url).content.decode()
    pressed = support_button(content, comment)
    assert 'aria-pressed="true"' in pressed and ">Unterstützt<" in pressed
    assert "button-secondary" in pressed and "button-small" in pressed
    assert "1 Unterstützung" in content

    citizen_client.post(url)
    after = support_button(citizen_client.get(dialogue.url).content.decode(), comment)
    assert 'aria-pressed="false"' in after


def test_only_the_first_two_replies_are_open_and_the_rest_wait_behind_a_summary(
    client, citizen, neighbour, dialogue
):
    root = make_comment(dialogue, citizen, text="Wurzel")
    for number in range(1, 6):
        make_comment(dialogue, neighbour, text=f"Antwort Nummer {number}", parent=root)

    content = client.get(dialogue.url).content.decode()

    open_part, details = content.split('<details class="comment-more">', 1)
    assert "Antwort Nummer 1" in open_part and "Antwort Nummer 2" in open_part
    assert "Antwort Nummer 3" not in open_part
    assert "<summary>3 weitere Antworten</summary>" in details
    assert all(f"Antwort Nummer {n}" in details for n in (3, 4, 5))


def test_a_short_thread_has_nothing_to_unfold(client, citizen, neighbour, dialogue):
    root = make_comment(dialogue, citizen)
    make_comment(dialogue, neighbour, text="Nur eine Antwort", parent=root)

    content = client.get(dialogue.url).content.decode()
    assert "Nur eine Antwort" in content
    assert "<details" not in content


def test_an_official_answer_is_marked_and_stands_first_in_its_thread(
    client, citizen, neighbour, moderator, dialogue
):
    root = make_comment(dialogue, citizen, text="Wurzel")
    for number in range(1, 4):
        make_comment(dialogue, neighbour, text=f"Antwort Nummer {number}", parent=root)
    make_comment(dialogue, moderator, text="Die Verwaltung antwortet", parent=root, official=True)

    content = client.get(dialogue.url).content.decode()

    open_part = content.split('<details class="comment-more">', 1)[0]
    assert open_part.index("Die Verwaltung antwortet") < open_part.index("Antwort Nummer 1")
    assert "Offizielle Antwort der Verwaltung" in open_part


def test_an_official_comment_stands_at_the_top_of_the_dialogue_in_every_sort(
    client, citizen, neighbour, moderator, dialogue
):
    make_comment(dialogue, moderator, text="Hinweis der Verwaltung", official=True)
    make_comment(dialogue, citizen, text="Später geschrieben")

    for sort in ("neueste", "aelteste", "unterstuetzt", "diskutiert"):
        content = client.get(f"{dialogue.url}?sortierung={sort}").content.decode()
        assert content.index("Hinweis der Verwaltung") < content.index("Später geschrieben")
