from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    verbose_name = _("Maps and incident reports")

    def ready(self) -> None:
        from beteiligung import account_sections, privacy
        from maps import privacy as map_privacy

        account_sections.register("maps/account_section.html")
        privacy.register(
            "map_feedback",
            _("Notes on procedure maps"),
            export=map_privacy.export,
            erase=map_privacy.erase,
        )
        privacy.register(
            "reports",
            _("Incident reports"),
            export=map_privacy.export_reports,
            erase=map_privacy.erase_reports,
        )
        from maps.search import register as register_search

        register_search()

        from maps.alerts import register as register_alerts

        register_alerts()

        from maps import page_cache

        page_cache.connect()
