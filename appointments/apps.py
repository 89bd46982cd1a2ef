from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from appointments import privacy as booking_privacy
        from appointments import signals  # noqa: F401
        from beteiligung import account_sections, privacy

        account_sections.register("appointments/account_section.html")
        privacy.register(
            "appointments",
            _("Appointments"),
            export=booking_privacy.export,
            erase=booking_privacy.erase,
        )
        from appointments.search import register as register_search

        register_search()
