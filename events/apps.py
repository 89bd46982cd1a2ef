from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from beteiligung import account_sections, privacy
        from events import privacy as registration_privacy
        from events.models import EventPage

        page_published.connect(_event_published, sender=EventPage)
        account_sections.register("events/account_section.html")
        privacy.register(
            "events",
            _("Event registrations"),
            export=registration_privacy.export,
            erase=registration_privacy.erase,
        )

        from events.search import register as register_search

        register_search()

        from events.alerts import register as register_alerts

        register_alerts()

        from events import page_cache

        page_cache.connect()


def _event_published(sender, instance, **kwargs) -> None:
    from events.services import event_published

    event_published(instance)
