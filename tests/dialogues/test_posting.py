"""Writing comments and replies on a dialogue page."""

import pytest
from django.urls import reverse

from dialogues.models import COMMENT_MAX_LENGTH, Comment, CommentStatus
from tests.conftest import make_user
from tests.dialogues.conftest import make_comment, make_dialogue

pytestmark = pytest.mark.django_db


def post(client, page, text: str, **extra):
    return client.post(reverse("dialogues:post", args=[page.pk]), {"text": text, **extra})


def test_the_dialogue_page_shows_the_question_and_invites_to_log_in(client, dialogue):
    response = client.get(dialogue.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Wie soll der Marktplatz künftig genutzt werden?" in content
    assert f'<a href="/konto/login/?next={dialogue.url}">Melden Sie sich an</a> oder' in content


def test_a_verified_citizen_publishes_a_comment(citizen_client, citizen, dialogue):
    response = post(citizen_client, dialogue, "Mehr Bäume und Bänke, bitte.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#kommentar-{comment.pk}")
    assert comment.author == citizen
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.organisation == dialogue.organisation
    page = citizen_client.get(dialogue.url).content.decode()
    assert "Mehr Bäume und Bänke, bitte." in page
    assert "Clara Citizen" in page


def test_an_anonymous_visitor_is_sent_to_the_login(client, dialogue):
    response = post(client, dialogue, "Hallo")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_an_unverified_account_cannot_post(client, dialogue):
    user = make_user("neu@example.org", verified=False)
    client.force_login(user)
    response = post(client, dialogue, "Ich bin neu hier.")
    assert response.status_code == 403
    assert "bestätigen Sie Ihre E-Mail-Adresse" in response.content.decode()
    assert not Comment.objects.exists()
    assert "E-Mail-Adresse" in client.get(dialogue.url).content.decode()


def test_too_long_text_is_rejected_in_german_and_kept(citizen_client, dialogue):
    text = "x" * (COMMENT_MAX_LENGTH + 5)
    response = post(citizen_client, dialogue, text)
    content = response.content.decode()
    assert response.status_code == 400
    assert "höchstens 2000" in content
    assert text in content
    assert "5 Zeichen zu viel" in content
    assert not Comment.objects.exists()


def test_the_form_states_the_limit_and_the_remaining_characters(citizen_client, dialogue):
    content = citizen_client.get(dialogue.url).content.decode()
    assert "2000 von 2000 Zeichen übrig" in content
    assert 'maxlength="' not in content.split("comment-form")[1].split("</form>")[0]


def test_a_line_break_counts_as_one_character(citizen_client, dialogue):
    text = "a\r\n" * (COMMENT_MAX_LENGTH // 2 - 1) + "ab"
    response = post(citizen_client, dialogue, text)
    assert response.status_code == 302
    assert len(Comment.objects.get().text) <= COMMENT_MAX_LENGTH


def test_the_honeypot_rejects_bots(citizen_client, dialogue):
    response = post(citizen_client, dialogue, "Kaufen Sie jetzt!", website="http://spam.example")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_script_and_markup_are_escaped_and_links_made_safe(citizen_client, dialogue):
    text = '<script>alert("x")</script> <b>fett</b> <a href="javascript:1">klick</a> https://www.wiesbaden.de/marktplatz'
    post(citizen_client, dialogue, text)
    content = citizen_client.get(dialogue.url).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert "<b>fett</b>" not in content
    assert "&lt;b&gt;fett&lt;/b&gt;" in content
    assert '<a href="javascript:1">' not in content
    assert (
        '<a href="https://www.wiesbaden.de/marktplatz" rel="nofollow">'
        "https://www.wiesbaden.de/marktplatz</a>"
    ) in content


def test_replies_nest_three_levels_and_deeper_replies_stay_at_level_three(
    citizen_client, citizen, neighbour, dialogue
):
    first = make_comment(dialogue, neighbour, "Ebene eins")
    citizen_client.post(reverse("dialogues:reply", args=[first.pk]), {"text": "Ebene zwei"})
    second = Comment.objects.get(text="Ebene zwei")
    citizen_client.post(reverse("dialogues:reply", args=[second.pk]), {"text": "Ebene drei"})
    third = Comment.objects.get(text="Ebene drei")
    citizen_client.post(reverse("dialogues:reply", args=[third.pk]), {"text": "Ebene vier"})
    fourth = Comment.objects.get(text="Ebene vier")

    assert (second.parent, second.depth, second.root) == (first, 2, first)
    assert (third.parent, third.depth, third.root) == (second, 3, first)
    assert (fourth.parent, fourth.depth, fourth.in_reply_to) == (second, 3, third)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reply_count == 1
    assert second.reply_count == 2

    content = citizen_client.get(dialogue.url).content.decode()
    assert content.index("Ebene eins") < content.index("Ebene zwei") < content.index("Ebene drei")
    assert "comment-depth-3" in content
    assert "als Antwort an Clara Citizen" in content
    assert "1 Antwort" in content and "2 Antworten" in content


def test_the_reply_form_keeps_the_text_on_error(citizen_client, neighbour, dialogue):
    first = make_comment(dialogue, neighbour)
    response = citizen_client.post(
        reverse("dialogues:reply", args=[first.pk]), {"text": "y" * 2001}
    )
    assert response.status_code == 400
    assert "y" * 2001 in response.content.decode()


def test_top_level_comments_are_paginated_and_sorted(citizen_client, citizen, neighbour, dialogue):
    comments = [make_comment(dialogue, neighbour, f"Beitrag {i:02d}") for i in range(25)]
    comments[3].toggle_support(citizen)
    make_comment(dialogue, citizen, "Antwort", parent=comments[7])

    newest = citizen_client.get(dialogue.url).content.decode()
    assert "Beitrag 24" in newest and "Beitrag 04" not in newest
    assert "Seite 1 von 2" in newest
    second = citizen_client.get(dialogue.url + "?seite=2").content.decode()
    assert "Beitrag 04" in second
    oldest = citizen_client.get(dialogue.url + "?sortierung=aelteste").content.decode()
    assert oldest.index("Beitrag 00") < oldest.index("Beitrag 01")
    supported = citizen_client.get(dialogue.url + "?sortierung=unterstuetzt").content.decode()
    assert supported.index("Beitrag 03") < supported.index("Beitrag 24")
    discussed = citizen_client.get(dialogue.url + "?sortierung=diskutiert").content.decode()
    assert discussed.index("Beitrag 07") < discussed.index("Beitrag 24")


def test_a_closed_dialogue_is_read_only_and_says_so(citizen_client, neighbour, home, organisation):
    import datetime

    from django.utils import timezone

    closed = make_dialogue(
        home,
        organisation,
        slug="geschlossen",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    old = make_comment(closed, neighbour, "Alter Beitrag")
    content = citizen_client.get(closed.url).content.decode()
    assert "Dieser Dialog ist beendet" in content
    assert "Alter Beitrag" in content
    assert "/neu/" not in content
    assert "/antworten/" not in content
    assert "/unterstuetzen/" not in content

    response = post(citizen_client, closed, "Zu spät")
    assert response.status_code == 403
    assert "Dieser Dialog ist beendet" in response.content.decode()
    response = citizen_client.post(reverse("dialogues:reply", args=[old.pk]), {"text": "Zu spät"})
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_a_dialogue_that_has_not_opened_rejects_comments(citizen_client, home, organisation):
    import datetime

    from django.utils import timezone

    later = make_dialogue(
        home, organisation, slug="bald", opens_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert post(citizen_client, later, "Zu früh").status_code == 403
    assert not Comment.objects.exists()


def test_a_dialogue_that_has_not_opened_says_from_when_in_german(
    citizen_client, home, organisation
):
    import datetime

    from django.utils import timezone

    opens = timezone.make_aware(datetime.datetime(2030, 12, 1, 14, 30))
    later = make_dialogue(home, organisation, slug="bald", opens_at=opens)

    html = citizen_client.get(later.url).content.decode()

    assert "Sie können ab 1. Dezember 2030, 14:30 Uhr mitdiskutieren." in html
