"""A fixed-window rate limit in the Django cache (Redis in production, shared by all hosts)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _limits() -> tuple[int, int, int]:
    # (per user, per IP, window in seconds); settings may override, read at call time.
    return getattr(settings, "DIALOGUES_RATE_LIMIT", (5, 20, 60))


def _hit(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow_comment(request: HttpRequest) -> bool:
    """Count one comment for the user and the IP address; False when either is over."""
    per_user, per_ip, window = _limits()
    user_ok = _hit(f"dialogues:rl:user:{request.user.pk}", per_user, window)
    ip_ok = _hit(f"dialogues:rl:ip:{client_ip(request)}", per_ip, window)
    return user_ok and ip_ok
