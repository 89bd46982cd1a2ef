"""The demo content, seeded once per test run and copied back in for each test that uses it.

``seed_demo`` takes seconds (3,000 incident reports, 3,000 map notes, surveys with answers);
running it for each of the ~60 tests that read the demo cost minutes. Instead the test
database is seeded once, every table is copied into snapshot tables beside it, and the
tables are put back to their state before seeding. A test that asks for the demo gets the
snapshot copied back with one ``INSERT … SELECT`` per table, inside its own transaction
(rolled back after the test) or, for browser tests, committed (flushed after the test as
usual). The copy stays in the database server, so values keep their exact types.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# The SQLite search index is a virtual FTS5 table that triggers on wagtailsearch_indexentry
# fill; copying it as well would index every page twice.
TRIGGER_FILLED = ("wagtailsearch_indexentry_fts",)

BEFORE, DEMO = "before", "demo"
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
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP SCHEMA IF EXISTS {quote('snapshot_' + kind)} CASCADE")
            cursor.execute(f"CREATE SCHEMA {quote('snapshot_' + kind)}")
        for table in _tables():
            copy = _copy_name(kind, table)
            if connection.vendor != "postgresql":
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")  # noqa: S608


def restore(kind: str = DEMO) -> None:
    """Make every table hold exactly what it held when the snapshot ``kind`` was taken."""
    quote = connection.ops.quote_name
    tables = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferrable: checked once, at the end.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table in tables:
            copy = _copy_name(kind, table)
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {copy}")  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
    cache.clear()


def build() -> None:
    """Seed the demo once and keep both states: before seeding and after."""
    with transaction.atomic():
        _save(BEFORE)
    with transaction.atomic():
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        _save(DEMO)
    restore(BEFORE)
