from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Maps and incident reports")

    def ready(self) -> None:
        from maps.assets import use_self_hosted_assets

        use_self_hosted_assets()
