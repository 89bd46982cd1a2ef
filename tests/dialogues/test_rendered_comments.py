"""Comments keep their HTML from the moment they are saved: escaped, with links."""

import importlib

import pytest
from django.apps import apps

from dialogues.models import Comment
from tests.dialogues.conftest import make_comment

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script> "onmouseover=alert(2) </script> =HYPERLINK("x")'


def test_hostile_text_is_stored_escaped_and_shown_escaped(client, citizen, dialogue):
    comment = make_comment(dialogue, citizen, text=HOSTILE)

    comment.refresh_from_db()
    assert "<script>" not in comment.text_html and "</script>" not in comment.text_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in comment.text_html
    assert "&quot;onmouseover=alert(2)" in comment.text_html
    content = client.get(dialogue.url).content.decode()
    assert "<script>alert(1)" not in content
    assert '"onmouseover=' not in content
    assert comment.text_html in content


def test_web_addresses_become_nofollow_links_and_line_breaks_stay(client, citizen, dialogue):
    comment = make_comment(dialogue, citizen, text="Siehe https://example.org/plan\nDanke")

    comment.refresh_from_db()
    assert comment.text_html == (
        'Siehe <a href="https://example.org/plan" rel="nofollow">https://example.org/plan</a>'
        "<br>Danke"
    )
    assert comment.text_html in client.get(dialogue.url).content.decode()


def test_an_edited_comment_shows_its_new_text(client, citizen, dialogue):
    comment = make_comment(dialogue, citizen, text="Alter Text")

    comment.edit("Neuer Text mit <b>Fett</b>")

    comment.refresh_from_db()
    assert comment.text_html == "Neuer Text mit &lt;b&gt;Fett&lt;/b&gt;"
    content = client.get(dialogue.url).content.decode()
    assert "Neuer Text mit &lt;b&gt;Fett&lt;/b&gt;" in content
    assert "Alter Text" not in content


def test_a_deleted_comment_keeps_no_html_of_its_words(citizen, dialogue):
    comment = make_comment(dialogue, citizen, text="Bitte löschen")

    comment.delete_by_author()

    comment.refresh_from_db()
    assert comment.text == "" and comment.text_html == ""


def test_a_comment_written_without_save_is_still_shown_escaped(client, citizen, dialogue):
    # bulk_create() skips save(); the page renders such a comment's text on the fly.
    [comment] = Comment.objects.bulk_create(
        [Comment(page=dialogue, author=citizen, text="<i>ohne save</i>")]
    )

    assert "&lt;i&gt;ohne save&lt;/i&gt;" in client.get(dialogue.url).content.decode()
    assert comment.text_html == ""


def test_the_migration_renders_the_comments_written_before_it(citizen, dialogue):
    comment = make_comment(dialogue, citizen, text="Vorher <b>geschrieben</b> https://example.org")
    Comment.objects.filter(pk=comment.pk).update(text_html="")
    migration = importlib.import_module("dialogues.migrations.0002_comment_text_html")

    migration.render_existing(apps, None)

    comment.refresh_from_db()
    assert comment.text_html == Comment.render_text(comment.text)
    assert "&lt;b&gt;geschrieben&lt;/b&gt;" in comment.text_html
