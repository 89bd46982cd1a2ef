"""The part of the iCal site feed that grows with the events, after one edit: the keys of
2,000 rows, one get_many, the join (events.calendar_feed); no database, CPU ms.

    .venv/bin/python bench/events_feed_pieces.py
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.utils import timezone  # noqa: E402

from beteiligung.ical import CalendarEntry, Party, feed_vevent, join_feed  # noqa: E402
from events.calendar_feed import _digest  # noqa: E402

NOW = timezone.now()
ROWS = [
    (i, f"Infoabend {i}", f"/home/veranstaltungen/infoabend-{i}/", NOW, NOW, i % 10 == 0)
    + ("Wir stellen den Entwurf vor.", "", "Bürgerhaus", "Hauptstraße 1")
    + (Decimal("49.872800"), Decimal("8.651200"), 0, False, NOW, "Bench-Behörde", "a@b.de")
    for i in range(2000)
]
PIECE = feed_vevent(
    CalendarEntry(uid="e@x", summary="Infoabend", start=NOW, end=NOW, organizer=Party("a@b.de"))
)


def run() -> bytes:
    keys = [f"events:vevent:bench:{row[0]}:{_digest(row)}" for row in ROWS]
    parts = cache.get_many(keys)
    return join_feed([parts[key] for key in keys], name="Bench", timed=True)


def main() -> None:
    cache._max_entries = 100_000  # the local-memory cache keeps 300 by default
    cache.set_many(dict.fromkeys((f"events:vevent:bench:{r[0]}:{_digest(r)}" for r in ROWS), PIECE))
    run()
    times = []
    for _ in range(5):
        started = time.process_time()
        run()
        times.append((time.process_time() - started) * 1000)
    load = os.getloadavg()[0]
    print(
        f"2,000 rows: keys, get_many, join {statistics.median(times):.1f} ms CPU; load {load:.1f}"
    )


if __name__ == "__main__":
    main()
