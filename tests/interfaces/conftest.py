"""Pages the interface tests read: a procedure open for statements and an event with seats,
published under SITE_URL https://beteiligung.example (the Site record says localhost)."""

import pytest
from django.core.cache import cache

from cms.procedures import PhaseKind
from tests.cms.conftest import make_procedure
from tests.events.conftest import event_index, in_days, make_event

SITE_URL = "https://beteiligung.example"

__all__ = ["event_index", "in_days", "make_event", "make_procedure"]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.WAGTAILAPI_BASE_URL = SITE_URL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "beteiligung.example"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def procedure(home, organisation):
    return make_procedure(home, organisation, PhaseKind.PARTICIPATION, slug="regionalplan")


@pytest.fixture
def event(event_index, organisation):
    return make_event(
        event_index, organisation, registration_enabled=True, capacity=3, ask_persons=True
    )
