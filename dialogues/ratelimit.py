"""Comments: a limit per user and one per client address (beteiligung.ratelimit)."""

from django.conf import settings
from django.http import HttpRequest

from beteiligung.ratelimit import client_key, hit


def _limits() -> tuple[int, int, int]:
    # (per user, per IP, window in seconds); settings may override, read at call time.
    return settings.DIALOGUES_RATE_LIMIT


def allow_comment(request: HttpRequest) -> bool:
    """Count one comment for the user and the IP address; False when either is over."""
    per_user, per_ip, window = _limits()
    user_ok = hit(f"dialogues:user:{request.user.pk}", per_user, window)
    ip_ok = hit(f"dialogues:ip:{client_key(request)}", per_ip, window)
    return user_ok and ip_ok
