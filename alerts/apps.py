from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from alerts import privacy as alert_privacy
        from beteiligung import account_sections, privacy

        account_sections.register("alerts/account_section.html")
        privacy.register(
            "alerts",
            _("Follows and alerts"),
            export=alert_privacy.export,
            erase=alert_privacy.erase,
        )
