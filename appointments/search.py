"""Site search: bookable services, each leading to the start of its booking."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from appointments.models import Service
from beteiligung import search
from beteiligung.search import Hit, Query


def find_services(query: Query, limit: int) -> tuple[list[Hit], int]:
    services = Service.objects.filter(active=True).only("pk", "name", "description")
    return search.scored(
        query,
        services,
        limit,
        texts=lambda service: (service.name, service.description),
        make_hit=lambda service, score: Hit(
            service.name,
            f"{reverse('appointments:index')}?leistung={service.pk}",
            score,
            service.description,
        ),
    )


def register() -> None:
    search.register("appointments", _("Appointments"), find_services, order=50)
