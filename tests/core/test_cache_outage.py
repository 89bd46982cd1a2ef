"""A Redis outage degrades the portal (no cache, no rate limits) instead of failing it."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from beteiligung.ratelimit import over_limit

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/15"
REDIS = "redis://127.0.0.1:6379/15"


def use_redis(settings, location: str) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "beteiligung.cache.DegradingRedisCache", "LOCATION": location}
    }


def test_pages_that_use_the_cache_are_served_while_redis_is_unreachable(home, settings):
    use_redis(settings, UNREACHABLE)
    client = Client()

    # The map data and the event feed are cached; the home page is the site's front door.
    for url in ["/", "/meldungen/karte.json", "/veranstaltungen/kalender.ics"]:
        assert client.get(url).status_code == 200, url


def test_rate_limits_let_requests_through_while_redis_is_unreachable(settings, caplog):
    use_redis(settings, UNREACHABLE)
    request = RequestFactory().post("/")

    refused = [over_limit(request, "test:outage", limit=1) for _ in range(3)]

    assert refused == [False, False, False]
    assert "not enforced" in caplog.text


def test_rate_limits_count_in_a_reachable_redis(settings):
    use_redis(settings, REDIS)
    cache.clear()
    request = RequestFactory().post("/")

    refused = [over_limit(request, "test:redis", limit=2) for _ in range(3)]

    assert refused == [False, False, True]
    assert cache.get("missing", "default") == "default"
    cache.clear()
