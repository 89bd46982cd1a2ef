from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues and comments")

    def ready(self) -> None:
        from beteiligung import account_sections, privacy
        from dialogues import privacy as dialogue_privacy

        account_sections.register("dialogues/account_section.html")
        privacy.register(
            "dialogues",
            _("Comments in dialogues"),
            export=dialogue_privacy.export,
            erase=dialogue_privacy.erase,
        )
        from dialogues.search import register as register_search

        register_search()

        from dialogues.alerts import register as register_alerts

        register_alerts()

        from dialogues import page_cache

        page_cache.connect()

        from django.db.models.signals import post_delete

        from dialogues.models import Comment, comment_deleted

        post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="dialogues_numbering")
