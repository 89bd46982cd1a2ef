"""Long threads: the dialogue shows the first replies of each thread, the rest is one link
away on pages of its own; the work per page does not grow with the comments."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Comment, number_threads
from dialogues.thread import THREAD_PAGE, THREAD_REPLIES
from tests.conftest import make_user
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db


def add_replies(page, root: Comment, author, count: int, start: int = 1) -> list[Comment]:
    """Replies written one minute apart, without the per-comment service (it is not what
    these tests are about and would make them slow)."""
    base = timezone.now() - datetime.timedelta(days=1)
    replies = Comment.objects.bulk_create(
        [
            Comment(
                page=page,
                organisation=root.organisation,
                parent=root,
                root=root,
                depth=2,
                author=author,
                text=f"Antwort Nummer {n}",
                text_html=Comment.render_text(f"Antwort Nummer {n}"),
                created_at=base + datetime.timedelta(minutes=n),
            )
            for n in range(start, start + count)
        ]
    )
    # bulk_create() skips save(), which gives each reply its place in the thread.
    number_threads(Comment.objects.filter(pk=root.pk))
    return replies


def add_threads(page, author, threads: int, replies: int) -> None:
    for n in range(threads):
        root = make_comment(page, author, text=f"Thema {n}")
        add_replies(page, root, author, replies)


def test_a_long_thread_shows_its_first_replies_and_links_to_the_rest(
    client, citizen, neighbour, dialogue
):
    root = make_comment(dialogue, citizen, text="Wurzel")
    add_replies(dialogue, root, neighbour, THREAD_REPLIES + 4)

    content = client.get(dialogue.url).content.decode()

    assert f"Antwort Nummer {THREAD_REPLIES}<" in content
    assert f"Antwort Nummer {THREAD_REPLIES + 1}<" not in content
    thread_url = reverse("dialogues:thread", args=[root.pk])
    assert f'<a href="{thread_url}">Ganze Diskussion lesen (4 weitere Antworten)</a>' in content


def test_a_short_thread_has_no_link_to_further_replies(client, citizen, neighbour, dialogue):
    root = make_comment(dialogue, citizen, text="Wurzel")
    add_replies(dialogue, root, neighbour, THREAD_REPLIES)

    content = client.get(dialogue.url).content.decode()

    assert "Ganze Diskussion lesen" not in content
    assert f"Antwort Nummer {THREAD_REPLIES}<" in content


def test_the_thread_page_shows_every_reply_page_by_page(client, citizen, neighbour, dialogue):
    root = make_comment(dialogue, citizen, text="Wurzel")
    add_replies(dialogue, root, neighbour, THREAD_PAGE + 5)
    url = reverse("dialogues:thread", args=[root.pk])

    first = client.get(url).content.decode()
    second = client.get(url + "?seite=2").content.decode()

    assert "Wurzel" in first and "Wurzel" in second
    assert "Antwort Nummer 1<" in first and f"Antwort Nummer {THREAD_PAGE}<" in first
    assert f"Antwort Nummer {THREAD_PAGE + 1}<" not in first
    assert f"{THREAD_PAGE + 5} Antworten auf diesen Beitrag" in first
    assert "Seite 1 von 2" in first
    assert all(f"Antwort Nummer {n}<" in second for n in range(THREAD_PAGE + 1, THREAD_PAGE + 6))
    assert f'href="{dialogue.url}#kommentar-{root.pk}"' in first


def test_the_thread_address_of_a_reply_leads_to_its_thread(client, citizen, neighbour, dialogue):
    root = make_comment(dialogue, citizen, text="Wurzel")
    [reply] = add_replies(dialogue, root, neighbour, 1)

    response = client.get(reverse("dialogues:thread", args=[reply.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:thread", args=[root.pk])


def test_the_thread_page_of_an_unpublished_page_is_not_found(client, citizen, dialogue):
    root = make_comment(dialogue, citizen, text="Wurzel")
    dialogue.unpublish()

    assert client.get(reverse("dialogues:thread", args=[root.pk])).status_code == 404


def test_an_official_answer_late_in_a_long_thread_still_stands_first(
    client, citizen, neighbour, moderator, dialogue
):
    root = make_comment(dialogue, citizen, text="Wurzel")
    add_replies(dialogue, root, neighbour, THREAD_REPLIES + 3)
    make_comment(dialogue, moderator, text="Die Antwort der Stadt", parent=root, official=True)

    content = client.get(dialogue.url).content.decode()

    thread = content.split('id="kommentar-', 2)[2]
    assert "Die Antwort der Stadt" in thread.split("Antwort Nummer 1<", 1)[0]
    assert "Offizielle Antwort der Verwaltung" in content


def test_an_official_answer_to_a_reply_beyond_the_first_names_whom_it_answers(
    client, citizen, neighbour, moderator, dialogue
):
    root = make_comment(dialogue, citizen, text="Wurzel")
    late = add_replies(dialogue, root, neighbour, THREAD_REPLIES + 3)[-1]
    make_comment(dialogue, moderator, text="Die Antwort der Stadt", parent=late, official=True)

    content = client.get(dialogue.url).content.decode()

    answer = content.split("Die Antwort der Stadt", 1)[0].rsplit("<article", 1)[1]
    assert f'<a href="#kommentar-{late.pk}">als Antwort an Nora Nachbar</a>' in answer


@pytest.mark.parametrize("threads,replies", [(10, 0), (50, 3), (2, 100)])
def test_a_citizen_s_dialogue_needs_at_most_20_queries_at_any_size(
    citizen_client, citizen, dialogue, django_assert_max_num_queries, threads, replies
):
    add_threads(dialogue, make_user("b@example.org"), threads, replies)
    citizen_client.get(dialogue.url)  # fills Wagtail's site and content type caches

    with django_assert_max_num_queries(20):
        response = citizen_client.get(dialogue.url)

    assert response.status_code == 200


def test_the_query_count_is_the_same_for_10_and_200_comments(citizen_client, citizen, dialogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    author = make_user("b@example.org")
    add_threads(dialogue, author, 5, 1)
    citizen_client.get(dialogue.url)
    with CaptureQueriesContext(connection) as few:
        citizen_client.get(dialogue.url)
    add_threads(dialogue, author, 10, 19)
    with CaptureQueriesContext(connection) as many:
        content = citizen_client.get(dialogue.url).content.decode()

    assert Comment.objects.filter(page=dialogue).count() == 210
    assert len(many) == len(few)
    assert content.count('class="comment-item"') <= 20 * (1 + THREAD_REPLIES)
