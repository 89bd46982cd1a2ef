"""Readiness checks behind /readyz/: database, cache, task broker and the outbox backlog.

Each check returns a short text for the answer and raises when it fails; /readyz/ names
every failed check so that an operator sees at once which part is down.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_q.brokers import get_broker


class CheckFailed(Exception):
    pass


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_cache() -> str:
    # The cache degrades silently during an outage (beteiligung.cache): a value written
    # must come back, or the cache is not working.
    key, value = "readyz:probe", secrets.token_hex(8)
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise CheckFailed("a value written to the cache did not come back")
    return "ok"


def check_broker() -> str:
    broker = get_broker()
    broker.ping()  # Redis: PING; the ORM broker answers through the database check
    return broker.info()


def outbox_backlog() -> int:
    """Mails of the durable outbox not yet accepted by the mail server."""
    from beteiligung.models import OutboxEmail, OutboxStatus

    return OutboxEmail.objects.filter(
        status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING]
    ).count()


def check_outbox() -> str:
    backlog = outbox_backlog()
    limit = settings.OUTBOX_BACKLOG_LIMIT
    if backlog > limit:
        raise CheckFailed(f"{backlog} queued, more than {limit}")
    return f"{backlog} queued"


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "outbox": check_outbox,
}


def readiness() -> tuple[bool, dict[str, str]]:
    results, ready = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure makes the host not ready
            ready = False
            results[name] = f"failed: {type(error).__name__}: {error}"[:300]
    return ready, results
