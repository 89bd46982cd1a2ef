"""Time and query count of the calendar feed (/veranstaltungen/kalender.ics) built from
scratch and served from its cache, build_calendar alone, and the event index, for 100,
500 and 2,000 upcoming events.

    .venv/bin/python bench/events_feed.py

Uses a throwaway SQLite file unless DATABASE_URL names another database (it must be a
scratch database: the benchmark adds events to it).
"""

import os
import statistics
import sys
import tempfile
import time
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

SIZES = [100, 500, 2_000]
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


def measure(client: Client, url: str, cold: bool = True) -> tuple[float, int, int]:
    from django.core.cache import cache

    client.get(url)  # warm the process caches (site root paths, VTIMEZONE)
    timings = []
    for _ in range(REPEAT):
        if cold:
            cache.clear()  # the feed's own cache: measure building it
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), len(queries), len(response.content)


def main() -> None:
    call_command("migrate", verbosity=0)
    setup_test_environment()
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
    existing = 0
    print(
        f"{'events':>7} {'feed ms':>8} {'queries':>7} {'feed KB':>8} {'cached ms':>9}"
        f" {'build ms':>9} {'index ms':>9} {'queries':>7}"
    )
    for size in SIZES:
        add_events(index, organisation, size - existing, existing)
        existing = size
        feed_time, feed_queries, feed_bytes = measure(client, "/veranstaltungen/kalender.ics")
        cached_time, _, _ = measure(client, "/veranstaltungen/kalender.ics", cold=False)
        events = list(EventPage.objects.listed())
        entries = [event.calendar_entry(event.url) for event in events]
        started = time.perf_counter()
        build_calendar(entries, name="Bench")
        build_time = time.perf_counter() - started
        index_time, index_queries, _ = measure(client, "/veranstaltungen/")
        print(
            f"{size:>7} {feed_time * 1000:>8.0f} {feed_queries:>7} {feed_bytes / 1024:>8.0f}"
            f" {cached_time * 1000:>9.1f} {build_time * 1000:>9.0f}"
            f" {index_time * 1000:>9.0f} {index_queries:>7}"
        )


if __name__ == "__main__":
    main()
