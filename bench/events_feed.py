"""CPU time and query count of the calendar feed (/veranstaltungen/kalender.ics) built
from scratch ("cold": no cache at all), rebuilt after one event was edited (the other
VEVENTs come from their cache) and served from its cache, build_calendar alone, and the
event index, for 100, 500 and 2,000 upcoming events; each as a ratio to a bare template
view measured in the same run (bench/baseline.py).

    .venv/bin/python bench/events_feed.py [sizes…]   (default 100 500 2000)

Uses a throwaway SQLite file unless DATABASE_URL names another database (it must be a
scratch database: the benchmark adds events to it).
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.gettempdir()) / "events_bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    SCRATCH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench import baseline  # noqa: E402

SIZES = [int(arg) for arg in sys.argv[1:]] or [100, 500, 2_000]
REPEAT = 5


def add_events(index, organisation, count: int, start_number: int) -> None:
    import datetime

    from django.utils import timezone

    from events.models import EventPage

    base = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        for number in range(start_number, start_number + count):
            start = base + datetime.timedelta(days=1 + number % 300, hours=number % 9)
            # Created live without a revision: the benchmark measures reading, not editing.
            index.add_child(
                instance=EventPage(
                    title=f"Infoabend {number}",
                    slug=f"infoabend-{number}",
                    intro="Wir stellen den Entwurf vor und beantworten Ihre Fragen.",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    all_day=number % 10 == 0,
                    place_name="Bürgerhaus",
                    address="Hauptstraße 1, 64283 Darmstadt",
                    latitude="49.872800",
                    longitude="8.651200",
                    organisation=organisation,
                    live=True,
                )
            )
            index.refresh_from_db()


def clear_all() -> None:
    from django.core.cache import cache

    from beteiligung import ical

    cache.clear()
    if hasattr(ical, "clear_feed_cache"):
        ical.clear_feed_cache()


def edit_one(index) -> None:
    """What publishing one changed event does to the feed: a new title, a new publish time."""
    from django.utils import timezone

    from events.models import EventPage

    event = EventPage.objects.child_of(index).order_by("?").first()
    EventPage.objects.filter(pk=event.pk).update(
        title=event.title + " (geändert)", last_published_at=timezone.now()
    )
    # No cache.clear(): the feed notices the change by itself (its key is made of the
    # events' state), and clearing would also drop the VEVENTs kept for the other events.


def measure(client: Client, url: str, before=None) -> tuple[float, int, int]:
    client.get(url)  # warm the process caches (site root paths, VTIMEZONE)
    cpu, _wall, response = baseline.timed(lambda: client.get(url), before=before)
    assert response.status_code == 200, response.status_code
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return cpu, len(queries), len(response.content)


def main() -> None:
    call_command("migrate", verbosity=0)
    setup_test_environment()
    baseline.install()
    from beteiligung.ical import build_calendar
    from beteiligung.models import Organisation
    from cms.demo import home_page
    from events.models import EventIndexPage, EventPage

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Bench-Behörde"}
    )
    home = home_page()
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    client = Client()
    bare = baseline.bare_ms(client)
    print(baseline.header(bare))
    print(
        f"{'events':>7} {'cold ms':>8} {'ratio':>11} {'queries':>7} {'feed KB':>8}"
        f" {'1 edit ms':>9} {'ratio':>11} {'cached ms':>9} {'build ms':>9}"
        f" {'index ms':>9} {'ratio':>11} {'queries':>7}"
    )
    feed = "/veranstaltungen/kalender.ics"
    existing = 0
    for size in SIZES:
        add_events(index, organisation, size - existing, existing)
        existing = size
        cold, feed_queries, feed_bytes = measure(client, feed, before=clear_all)
        edited, _, _ = measure(client, feed, before=lambda: edit_one(index))
        cached, _, _ = measure(client, feed)
        events = list(EventPage.objects.listed())
        entries = [event.calendar_entry(event.url) for event in events]
        build, _wall, _ = baseline.timed(
            lambda entries=entries: build_calendar(entries, name="Bench"), before=clear_all
        )
        index_cpu, index_queries, _ = measure(client, "/veranstaltungen/")
        print(
            f"{size:>7} {cold:>8.0f} {baseline.ratio(cold, bare):>11} {feed_queries:>7}"
            f" {feed_bytes / 1024:>8.0f} {edited:>9.1f} {baseline.ratio(edited, bare):>11}"
            f" {cached:>9.1f} {build:>9.0f} {index_cpu:>9.0f}"
            f" {baseline.ratio(index_cpu, bare):>11} {index_queries:>7}"
        )


if __name__ == "__main__":
    main()
