"""New dialogues for the alerts, and commenters of a procedure who may be contacted."""

from alerts import sources
from alerts.procedures import new_page_items
from dialogues.models import Comment, CommentStatus, DialoguePage


def new_dialogues(since, now) -> list[sources.Item]:
    return new_page_items(DialoguePage, "dialogue", since, now)


def commenters(procedure) -> list[sources.Participant]:
    """Authors of comments on the procedure or its pages who agreed to hear from its staff."""
    rows = (
        Comment.objects.filter(
            page__path__startswith=procedure.path,
            contact_consent=True,
            author__isnull=False,
        )
        .exclude(status=CommentStatus.DELETED)
        .values_list("author__email", "author__display_name")
        .distinct()
    )
    return [sources.Participant(email, name) for email, name in rows if email]


def register() -> None:
    sources.register("dialogues", new_dialogues)
    sources.register_participants("dialogues", commenters)
