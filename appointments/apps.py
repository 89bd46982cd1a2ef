from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from appointments import signals  # noqa: F401
        from beteiligung import account_sections

        account_sections.register("appointments/account_section.html")
