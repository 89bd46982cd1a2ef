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
    its copy into a file of this run (``$TMPDIR/beteiligung-test-db/demo-<run>.sqlite3``;
    on PostgreSQL a folder ``demo-<run>.pgcopy`` with a binary ``COPY`` of each table); the
    other workers load it instead of seeding again.

The copies stay in the database server, so values keep their exact types.

A state is put back lazily and only where it was written: triggers on every table note in
``snapshot_dirty`` each table a statement wrote since the last put-back (a row ``:demo``
says the committed tables hold the demo). Before each test, ``put_back`` rewrites just the
written tables, or every table that differs when the test wants the other state. Tests
rolled back with their transaction leave no note, so a run of browser tests on the demo
costs the few tables each one wrote instead of the whole demo twice per test.
"""

import functools
import os
import shutil
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
WRITTEN = "snapshot_dirty"
HOLDS_DEMO = ":demo"
# Present while a run uses the database; a kept database (--reuse-db) that still has it was
# left mid-run (killed), in whatever state its last test wrote.
RUNNING = ":running"
# Tables that held rows when a snapshot was taken; the others need only their DELETE.
_filled: dict[str, list[str]] = {}
# Table names below come from Django's introspection, never from input (hence the noqa S608).


@functools.cache
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


def track_writes() -> None:
    """Triggers that note in ``snapshot_dirty`` every table a statement writes."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE UNLOGGED TABLE IF NOT EXISTS {WRITTEN} (name text PRIMARY KEY)")
            cursor.execute(
                "CREATE OR REPLACE FUNCTION snapshot_note_write() RETURNS trigger "  # noqa: S608
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"INSERT INTO {WRITTEN} VALUES (TG_TABLE_NAME) ON CONFLICT DO NOTHING; "
                "RETURN NULL; END $$"
            )
            for table in _tables():
                # One per statement, not per row: a bulk insert notes its table once.
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER snapshot_note_write AFTER INSERT OR UPDATE "
                    f"OR DELETE OR TRUNCATE ON {quote(table)} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION snapshot_note_write()"
                )
        else:
            # SQLite has row triggers only.
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {WRITTEN} (name text PRIMARY KEY)")
            for table in _tables():
                for event in ("INSERT", "UPDATE", "DELETE"):
                    trigger = quote(f"snapshot_note_{event.lower()}_{table}")
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {trigger} AFTER {event} ON "  # noqa: S608
                        f"{quote(table)} BEGIN INSERT OR IGNORE INTO {WRITTEN} "
                        f"VALUES ('{table}'); END"
                    )


def left_over() -> bool:
    """Whether an earlier run on this (kept) database ended without putting it back."""
    with connection.cursor() as cursor:
        if WRITTEN not in connection.introspection.table_names(cursor):
            return False
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {WRITTEN} WHERE name = %s)", [RUNNING])  # noqa: S608
        return cursor.fetchone()[0]


def restore(kind: str = DEMO) -> None:
    """Make every table hold exactly what it held when the snapshot ``kind`` was taken,
    rewriting only the tables written since the last put-back (all that differ, when the
    tables hold the other state).

    The id counters of the demo's rewritten tables are set to the demo's; the baseline leaves
    them where they are (as Django's flush does), so that ids are not handed out twice in one
    run."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM {WRITTEN}")  # noqa: S608
        written = {row[0] for row in cursor.fetchall()}
        current = DEMO if HOLDS_DEMO in written else BASELINE
        tables = {name for name in written if not name.startswith(":")}
        if current != kind:
            tables |= {*_filled[current], *_filled[kind]}
        tables &= set(_tables())
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferrable: checked once, at the end.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in sorted(tables):
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table in sorted(tables & set(_filled[kind])):
            copy = _copy_name(kind, table)
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {copy}")  # noqa: S608
        if kind == DEMO and tables:
            models = [
                m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables
            ]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        _note_state(cursor, kind)
    ContentType.objects.clear_cache()
    cache.clear()


def _note_state(cursor, kind: str) -> None:
    cursor.execute(f"DELETE FROM {WRITTEN} WHERE name <> %s", [RUNNING])  # noqa: S608
    if kind == DEMO:
        cursor.execute(f"INSERT INTO {WRITTEN} VALUES (%s)", [HOLDS_DEMO])  # noqa: S608


def start_run() -> None:
    """Keep the migrated state as the baseline (migrate's own writes are no test's)."""
    with transaction.atomic():
        _save(BASELINE)
        with connection.cursor() as cursor:
            _note_state(cursor, BASELINE)
            cursor.execute(f"INSERT INTO {WRITTEN} VALUES (%s)", [RUNNING])  # noqa: S608


def end_run() -> None:
    """The baseline, for the next run on a kept database."""
    put_back(BASELINE)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WRITTEN}")  # noqa: S608


def holds() -> str:
    """The state the tables hold, as far as put-backs and seeding know."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {WRITTEN} WHERE name = %s)", [HOLDS_DEMO])  # noqa: S608
        return DEMO if cursor.fetchone()[0] else BASELINE


def put_back(kind: str) -> bool:
    """Before a test, committed: the state it starts from; whether it was put back. A browser of the test before may
    still be sending a request as its page closes (Wagtail releases the editing session with
    a beacon), and SQLite's shared in-memory database then refuses with "database table is
    locked" until that request is done; the put-back is tried again for up to five seconds."""
    if kind not in _filled:
        return False  # the demo is not built yet: its fixture builds it and puts it in place
    deadline = time.monotonic() + 5
    while True:
        try:
            restore(kind)
            return True
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _seed() -> None:
    with transaction.atomic():
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        _save(DEMO)
        with connection.cursor() as cursor:
            _note_state(cursor, DEMO)


def _shared_path() -> Path | None:
    """Where this run's workers share the seeded demo: a SQLite file, or for PostgreSQL a
    folder with a binary ``COPY`` of each table; None when there are no other workers."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        return None
    if connection.vendor == "postgresql":
        return migrated_db.FOLDER / f"demo-{migrated_db.key()}-{run}.pgcopy"
    if connection.vendor != "sqlite" or migrated_db.saved_database() is None:
        return None
    return migrated_db.FOLDER / f"demo-{migrated_db.key()}-{run}.sqlite3"


def _export(path: Path) -> None:
    """Write the demo's copies where the other workers of this run read them."""
    partial = path.with_suffix(f".{os.getpid()}.partial")
    if connection.vendor == "postgresql":
        _export_postgres(partial)
    else:
        _export_sqlite(partial)
    partial.replace(path)
    # What earlier runs left: a day is far longer than any run that could still read it.
    for old in migrated_db.FOLDER.glob("demo-*"):
        if old == path or old.stat().st_mtime > time.time() - 86400:
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def _export_sqlite(partial: Path) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # ATTACH works outside a transaction only; the connection is in autocommit here.
        cursor.execute("ATTACH DATABASE %s AS shared", [str(partial)])
        try:
            for table in _filled[DEMO]:
                name = quote(f"snapshot_{DEMO}__{table}")
                cursor.execute(f"CREATE TABLE shared.{name} AS SELECT * FROM main.{name}")  # noqa: S608
        finally:
            cursor.execute("DETACH DATABASE shared")


def _export_postgres(partial: Path) -> None:
    """A file per table, with the rows in PostgreSQL's binary ``COPY`` format."""
    partial.mkdir()
    with connection.cursor() as cursor:
        for table in _filled[DEMO]:
            copy = f"COPY {_copy_name(DEMO, table)} TO STDOUT (FORMAT binary)"
            with open(partial / table, "wb") as file, cursor.cursor.copy(copy) as rows:
                for data in rows:
                    file.write(data)


def _load(path: Path) -> None:
    """Take the demo's copies from where another worker of this run wrote them."""
    if connection.vendor == "postgresql":
        _load_postgres(path)
    else:
        _load_sqlite(path)


def _load_sqlite(path: Path) -> None:
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


def _load_postgres(path: Path) -> None:
    """The copies get the columns of their tables (as ``_save`` makes them), then the rows."""
    quote = connection.ops.quote_name
    schema = quote(f"snapshot_{DEMO}")
    tables = sorted(file.name for file in path.iterdir())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema}")
        for table in tables:
            copy = _copy_name(DEMO, table)
            cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)} WITH NO DATA")  # noqa: S608
            with cursor.cursor.copy(f"COPY {copy} FROM STDIN (FORMAT binary)") as rows:
                rows.write((path / table).read_bytes())
    _filled[DEMO] = tables


def build() -> None:
    """Seed the demo once and keep it; the tables hold the demo (seeded) or the baseline
    (read from another worker's file)."""
    shared = _shared_path()
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
