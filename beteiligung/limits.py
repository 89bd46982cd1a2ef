"""Limits per e-mail address that cannot be sidestepped with another spelling of it.

``normalise_email`` folds the spellings that reach the same mailbox at (nearly) every
provider: upper/lower case and a ``+tag`` in the local part (``Anna+1@Example.org`` is
``anna@example.org``). Dots are left alone: only Gmail ignores them, and at other providers
``a.meier`` and ``ameier`` are two people; we would rather let one Gmail user have a few
more bookings than refuse a stranger.

``lock_address`` serialises count-then-insert per address, so that two requests at the same
moment cannot both pass a limit that only one of them may pass.
"""

import hashlib

from django.db import connection
from django.db.models import Q


def normalise_email(email: str) -> str:
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    return f"{local.split('+', 1)[0]}@{domain}"


def same_address(email: str, field: str = "email") -> Q:
    """A filter for every stored spelling of the address (any case, any +tag)."""
    key = normalise_email(email)
    local, at, domain = key.rpartition("@")
    if not at:
        return Q(**{f"{field}__iexact": key})
    return Q(**{f"{field}__iexact": key}) | Q(
        **{f"{field}__istartswith": f"{local}+", f"{field}__iendswith": f"@{domain}"}
    )


def lock_address(scope: str, email: str) -> None:
    """Hold a lock on the normalised address until the surrounding transaction ends.

    PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of scope and address.
    SQLite needs none: the portal opens its transactions with BEGIN IMMEDIATE (settings),
    which takes the database's single write lock before the count.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"{scope}:{normalise_email(email)}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
