from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistConfig(AppConfig):
    name = "assist"
    verbose_name = _("Weighing assistant")

    def ready(self) -> None:
        from assist.tasks import queue_placement
        from cms.signals import statement_submitted

        statement_submitted.connect(queue_placement, dispatch_uid="assist_queue_placement")
