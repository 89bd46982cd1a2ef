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

import contextlib
import fcntl
import hashlib
import os
import signal
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
# The locks under which the SQLite file and the PostgreSQL template are made (``lock``).
SQLITE_LOCK, POSTGRES_LOCK = "migrate", "postgres-template"


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
    saved = saved_path()
    # One process migrates; the others wait for its file instead of migrating too.
    with lock(SQLITE_LOCK):
        connection.ensure_connection()
        if saved.exists():
            source = sqlite3.connect(saved)
            source.backup(connection.connection)
            source.close()
            return None
        _original_handle(self, *args, **options)
        partial = partial_path(os.getpid())
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
    saved = saved_path()
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


def postgres_template(url: str, *, locked: bool = False) -> str | None:
    """The name of a database on ``url``'s PostgreSQL server that these migrations have
    migrated, made by the first process that asks (under a lock shared by the machine's
    processes; ``locked``: the caller holds it); None when the cache is off. Copy it with
    ``CREATE DATABASE … TEMPLATE``."""
    if os.environ.get("TEST_DB_CACHE", "1") == "0":
        return None
    import psycopg

    template = f"{TEMPLATE_PREFIX}{_key()}"
    with (
        contextlib.nullcontext() if locked else lock(POSTGRES_LOCK),
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


def migrate_in_background() -> subprocess.Popen | None:
    """Before the xdist workers start (in the controlling process): migrate the database they
    will copy in a process of its own, so that the migration (about 30 s) runs while the
    workers start and collect instead of after it, with every worker waiting. The lock is
    taken here and handed to that process, so that no worker takes it first and migrates too.
    None when there is nothing to do (the cache is off, or the migrated copy exists)."""
    if os.environ.get("TEST_DB_CACHE", "1") == "0":
        return None
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith("postgres")
    if not postgres and url and not url.startswith("sqlite"):
        return None
    handle = lock(POSTGRES_LOCK if postgres else SQLITE_LOCK)
    try:
        if not postgres and saved_path().exists():
            return None
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "tests.migrated_db"],
            cwd=ROOT,
            pass_fds=[handle.fileno()],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        handle.close()  # the process holds the lock until it ends


def saved_path() -> Path:
    return FOLDER / f"{_key()}.sqlite3"


def partial_path(pid: int) -> Path:
    return saved_path().with_suffix(f".{pid}.partial")


def stop_background(process: subprocess.Popen) -> None:
    """At the end of the run: a migration still running (a run without database tests, or
    one cut short) is stopped, with the ``migrate`` it started, and leaves no file behind."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        partial = partial_path(process.pid)
        for path in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            path.unlink(missing_ok=True)


def _migrate_here() -> None:
    """``python -m tests.migrated_db``, holding the lock it inherited: make the PostgreSQL
    template or the saved SQLite file (migrated into a file of its own first)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        postgres_template(url, locked=True)
        return
    partial = partial_path(os.getpid())
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{partial}"}
    command = [sys.executable, "manage.py", "migrate", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    partial.replace(saved_path())


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
    django.setup()
    _migrate_here()
