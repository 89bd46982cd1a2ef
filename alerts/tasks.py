"""Scheduled alert tasks. Each may run twice or be cut off mid-run: the keys of occurrences
and the unique deliveries keep every alert to one mail (alerts/services.py)."""

from alerts import services


def collect_and_dispatch() -> dict[str, int]:
    return services.collect_and_dispatch()


def send_daily_digests() -> int:
    return services.send_digests("daily")


def send_weekly_digests() -> int:
    return services.send_digests("weekly")


def erase_expired() -> dict[str, int]:
    return services.erase_expired()
