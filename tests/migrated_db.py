"""The migrated SQLite test database, kept as a file between test processes and runs.

Every xdist worker gets its own in-memory SQLite database, and ``--reuse-db`` cannot keep
one in memory: each worker ran all migrations (Wagtail's, allauth's, ours), about a minute
of CPU each, before its first test. The first process to migrate saves the result under a
key made of every migration file's content and the SQLite version; the others (and later
runs) copy it in with SQLite's backup API in a fraction of a second. A changed migration
changes the key, so a stale schema is never used. ``TEST_DB_CACHE=0`` switches this off.
"""

import fcntl
import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management.commands import migrate
from django.db import connection

FOLDER = Path(tempfile.gettempdir()) / "beteiligung-test-db"


def _key() -> str:
    digest = hashlib.sha256(sqlite3.sqlite_version.encode())
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _applies() -> bool:
    name = connection.settings_dict["NAME"]
    return (
        os.environ.get("TEST_DB_CACHE", "1") != "0"
        and connection.vendor == "sqlite"
        and connection.creation.is_in_memory_db(name)
    )


_original_handle = migrate.Command.handle


def _handle(self, *args, **options):
    if not _applies():
        return _original_handle(self, *args, **options)
    FOLDER.mkdir(exist_ok=True)
    saved = FOLDER / f"{_key()}.sqlite3"
    # One process migrates; the others wait for its file instead of migrating too.
    with open(FOLDER / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        connection.ensure_connection()
        if saved.exists():
            source = sqlite3.connect(saved)
            source.backup(connection.connection)
            source.close()
            return None
        _original_handle(self, *args, **options)
        partial = saved.with_suffix(f".{os.getpid()}.partial")
        target = sqlite3.connect(partial)
        connection.connection.backup(target)
        target.close()
        partial.replace(saved)
    return None


def saved_database() -> Path | None:
    """The saved migrated SQLite database of these migrations, if a test process has made
    one (``django_db_setup`` does when the run has database tests); None when there is none
    or the cache is off. Tests that start processes of their own copy it instead of running
    ``migrate`` again."""
    if os.environ.get("TEST_DB_CACHE", "1") == "0":
        return None
    saved = FOLDER / f"{_key()}.sqlite3"
    return saved if saved.exists() else None


def key() -> str:
    """The key of the migrations (and SQLite version) the saved database belongs to."""
    return _key()


def lock(name: str):
    """An exclusive lock shared by every process of this machine (xdist workers, runs)."""
    FOLDER.mkdir(exist_ok=True)
    handle = open(FOLDER / f"{name}.lock", "w")  # noqa: SIM115 (closed by the caller's with)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def install() -> None:
    """From now until ``uninstall``, ``migrate`` of an in-memory SQLite test database loads
    the saved database for these migrations if there is one, else migrates and saves it."""
    migrate.Command.handle = _handle


def uninstall() -> None:
    migrate.Command.handle = _original_handle
