from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    """The shared map layer: embedding folium maps, coordinate fields, area validation.

    It sits above the core and below ``cms`` and the feature apps, and imports none of them.
    """

    name = "geo"
    verbose_name = _("Maps")
