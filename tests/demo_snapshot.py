"""The database states the tests start from, kept as copies inside the test database.

Two states are kept per test run (and xdist worker):

``baseline``
    the migrated database as the migrations leave it (content types, permissions, Wagtail's
    root page and default site). Django flushes every table after a transactional test
    (``live_server``, ``transactional_db``) and re-creates content types and permissions;
    that cost 1.5–3 seconds per browser test. Putting the baseline back with one ``DELETE``
    and, for the few tables that hold rows, one ``INSERT … SELECT`` per table costs about a
    tenth of a second, and each transactional test starts from the same state as every
    other test instead of an emptier one.
``demo``
    the demo content (``seed_demo``), which takes seconds (3,000 incident reports, 3,000 map
    notes, surveys with answers); running it for each of the ~60 tests that read the demo
    cost minutes. It is seeded once, copied, and the tables are put back to the baseline.
    A test that asks for the demo gets the copy put back inside its own transaction (rolled
    back after the test) or, for browser tests, committed (the baseline is put back after
    the test). On SQLite under xdist the first worker to need the demo seeds it and writes
    its copy into a file of this run (``$TMPDIR/beteiligung-test-db/demo-<run>.sqlite3``);
    the other workers load that file instead of seeding again. PostgreSQL seeds per worker.

The copies stay in the database server, so values keep their exact types.
"""

import os
import time
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import OperationalError, connection, transaction

from tests import migrated_db

# The SQLite search index is a virtual FTS5 table that triggers on wagtailsearch_indexentry
# fill; copying it as well would index every page twice.
TRIGGER_FILLED = ("wagtailsearch_indexentry_fts",)

BASELINE, DEMO = "baseline", "demo"
# Tables that held rows when a snapshot was taken; the others need only their DELETE.
_filled: dict[str, list[str]] = {}
# Table names below come from Django's introspection, never from input (hence the noqa S608).


def _tables() -> list[str]:
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(name for name in names if name not in TRIGGER_FILLED)


def _copy_name(kind: str, table: str) -> str:
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # A schema of its own: prefixed names could pass PostgreSQL's 63-character limit.
        return f"{quote('snapshot_' + kind)}.{quote(table)}"
    return quote(f"snapshot_{kind}__{table}")


def _save(kind: str) -> None:
    quote = connection.ops.quote_name
    filled = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP SCHEMA IF EXISTS {quote('snapshot_' + kind)} CASCADE")
            cursor.execute(f"CREATE SCHEMA {quote('snapshot_' + kind)}")
        for table in _tables():
            copy = _copy_name(kind, table)
            if connection.vendor != "postgresql":
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")  # noqa: S608
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {copy})")  # noqa: S608
            if cursor.fetchone()[0]:
                filled.append(table)
    _filled[kind] = filled


def restore(kind: str = DEMO, *, reset_sequences: bool = True) -> None:
    """Make every table hold exactly what it held when the snapshot ``kind`` was taken.

    ``reset_sequences=False`` leaves the id counters where they are (as Django's flush
    does), so that ids are not handed out twice in one run."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferrable: checked once, at the end.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table in _filled[kind]:
            copy = _copy_name(kind, table)
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {copy}")  # noqa: S608
        if reset_sequences:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)
    ContentType.objects.clear_cache()
    cache.clear()


def save_baseline() -> None:
    with transaction.atomic():
        _save(BASELINE)


def restore_baseline() -> None:
    """After a browser test: the browser may still be sending a request as its page closes
    (Wagtail releases the editing session with a beacon), and SQLite's shared in-memory
    database then refuses the restore with "database table is locked" until that request is
    done; the restore is tried again for up to five seconds."""
    deadline = time.monotonic() + 5
    while True:
        try:
            restore(BASELINE, reset_sequences=False)
            return
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _seed() -> None:
    with transaction.atomic():
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        _save(DEMO)


def _shared_file() -> Path | None:
    """Where this run's workers share the seeded demo; None when they cannot (PostgreSQL:
    each worker has a database of its own on the server) or need not (no xdist)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None or connection.vendor != "sqlite" or migrated_db.saved_database() is None:
        return None
    return migrated_db.FOLDER / f"demo-{migrated_db.key()}-{run}.sqlite3"


def _export(path: Path) -> None:
    """Write the demo's copies into a file of their own (SQLite)."""
    quote = connection.ops.quote_name
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with connection.cursor() as cursor:
        # ATTACH works outside a transaction only; the connection is in autocommit here.
        cursor.execute("ATTACH DATABASE %s AS shared", [str(partial)])
        try:
            for table in _filled[DEMO]:
                name = quote(f"snapshot_{DEMO}__{table}")
                cursor.execute(f"CREATE TABLE shared.{name} AS SELECT * FROM main.{name}")  # noqa: S608
        finally:
            cursor.execute("DETACH DATABASE shared")
    partial.replace(path)
    # Files of earlier runs: a day is far longer than any run that could still read one.
    for old in migrated_db.FOLDER.glob("demo-*.sqlite3"):
        if old != path and old.stat().st_mtime < time.time() - 86400:
            old.unlink(missing_ok=True)


def _load(path: Path) -> None:
    """Take the demo's copies from the file another worker of this run wrote."""
    quote = connection.ops.quote_name
    prefix = f"snapshot_{DEMO}__"
    with connection.cursor() as cursor:
        cursor.execute("ATTACH DATABASE %s AS shared", [str(path)])
        try:
            cursor.execute("SELECT name FROM shared.sqlite_master WHERE type = 'table'")
            names = sorted(row[0] for row in cursor.fetchall())
            for name in names:
                cursor.execute(f"DROP TABLE IF EXISTS main.{quote(name)}")
                cursor.execute(
                    f"CREATE TABLE main.{quote(name)} AS SELECT * FROM shared.{quote(name)}"  # noqa: S608
                )
        finally:
            cursor.execute("DETACH DATABASE shared")
    _filled[DEMO] = [name.removeprefix(prefix) for name in names]


def build() -> None:
    """Seed the demo once and keep it; the tables go back to the baseline."""
    shared = _shared_file()
    if shared is None:
        _seed()
    else:
        # The other workers wait for the one that seeds (seeding twice on two cores takes
        # as long as seeding once and waiting) and then read its file.
        with migrated_db.lock("demo"):
            if shared.exists():
                _load(shared)
            else:
                _seed()
                _export(shared)
    restore(BASELINE)
