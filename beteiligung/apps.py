from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BeteiligungConfig(AppConfig):
    name = "beteiligung"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from beteiligung.signals import sync_schedules

        post_migrate.connect(sync_schedules, sender=self)
