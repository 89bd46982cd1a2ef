from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from beteiligung import privacy
        from surveys import privacy as survey_privacy

        privacy.register(
            "surveys",
            _("Survey answers"),
            export=survey_privacy.export,
            erase=survey_privacy.erase,
        )
        from surveys.search import register as register_search

        register_search()

        from surveys.alerts import register as register_alerts

        register_alerts()

        from surveys import page_cache

        page_cache.connect()
