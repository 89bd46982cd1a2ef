"""Fixed-window rate limits in the Django cache (Redis in production, shared by all hosts).

The client address is hashed before it becomes part of a cache key: counting needs no IP
address, not even in the cache. While the cache is unavailable (a Redis outage, see
beteiligung.cache) the limits let requests through: a short spell without limits is
better than a portal that refuses everyone.
"""

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpRequest

from beteiligung.cache import CacheUnavailable

logger = logging.getLogger(__name__)


def client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def hit(key: str, limit: int, window: int) -> bool:
    """Count one attempt under ``key``; True while the count stays within ``limit``."""
    key = f"ratelimit:{key}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    except CacheUnavailable:
        logger.warning("Rate limit %s not enforced: the cache is unavailable", key)
        return True
    return count <= limit


def over_limit(request: HttpRequest, scope: str, limit: int, window: int = 3600) -> bool:
    """Count one attempt of this client in ``scope``; True once it exceeds ``limit``."""
    return not hit(f"{scope}:{client_key(request)}", limit, window)
