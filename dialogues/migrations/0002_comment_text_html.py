from django.db import migrations, models
from django.template.defaultfilters import linebreaksbr, urlize


def render_existing(apps, schema_editor) -> None:
    # The same rendering as Comment.render_text(); historical models have no methods.
    Comment = apps.get_model("dialogues", "Comment")
    batch = []
    for comment in Comment.objects.exclude(text="").only("pk", "text").iterator(chunk_size=2000):
        comment.text_html = str(linebreaksbr(urlize(comment.text, autoescape=True), autoescape=True))
        batch.append(comment)
        if len(batch) >= 2000:
            Comment.objects.bulk_update(batch, ["text_html"])
            batch = []
    Comment.objects.bulk_update(batch, ["text_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="text_html",
            field=models.TextField(blank=True, editable=False, verbose_name="comment as HTML"),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop, elidable=True),
    ]
