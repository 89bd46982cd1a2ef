"""The migrated test database, kept between test processes and runs: a file for SQLite, a
template database for PostgreSQL.

Every xdist worker gets its own in-memory SQLite database, and ``--reuse-db`` cannot keep
one in memory: each worker ran all migrations (Wagtail's, allauth's, ours), about a minute
of CPU each, before its first test. The first process to migrate saves the result under a
key made of every migration file's content and the SQLite version; the others (and later
runs) copy it in with SQLite's backup API in a fraction of a second. A changed migration
changes the key, so a stale schema is never used. ``TEST_DB_CACHE=0`` switches this off.

PostgreSQL keeps the test databases between runs with ``--reuse-db``, but ``--create-db`` (as
in CI) migrated each worker's database again, and the processes the tests start (the fault
tests' clusters, bench/cluster.py) each migrated one more. ``postgres_template`` migrates one
database per set of migrations on the server; the others are copied from it with ``CREATE
DATABASE … TEMPLATE`` in about a second.
"""

import fcntl
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.core.management.commands import migrate
from django.db import connection

FOLDER = Path(tempfile.gettempdir()) / "beteiligung-test-db"
ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PREFIX = "beteiligung_migrated_"


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


def on_server(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name``."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def postgres_template(url: str) -> str | None:
    """The name of a database on ``url``'s PostgreSQL server that these migrations have
    migrated, made by the first process that asks (under a lock shared by the machine's
    processes); None when the cache is off. Copy it with ``CREATE DATABASE … TEMPLATE``."""
    if os.environ.get("TEST_DB_CACHE", "1") == "0":
        return None
    import psycopg

    template = f"{TEMPLATE_PREFIX}{_key()}"
    with (
        lock("postgres-template"),
        psycopg.connect(on_server(url, "postgres"), autocommit=True) as db,
    ):
        # When each template was last asked for: another checkout's (other migrations) is
        # dropped only once it has not been used for a day.
        (FOLDER / f"{template}.used").touch()
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            return template
        # Under another name until migrated: a run stopped halfway leaves no half-migrated
        # template behind under the name that is reused.
        partial = f"{template}_partial"
        db.execute(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{partial}"')
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "beteiligung.settings",
            "DATABASE_URL": on_server(url, partial),
        }
        command = [sys.executable, "manage.py", "migrate", "-v0"]
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        db.execute(f'ALTER DATABASE "{partial}" RENAME TO "{template}"')
        stale = db.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [TEMPLATE_PREFIX.replace("_", "\\_") + "%", template],
        ).fetchall()
        for (name,) in stale:
            used = FOLDER / f"{name}.used"
            if not used.exists() or used.stat().st_mtime < time.time() - 86_400:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                used.unlink(missing_ok=True)
    return template
