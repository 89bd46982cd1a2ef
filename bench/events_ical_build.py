"""build_calendar alone with 2,000 entries, no database: cold (a fresh process) and after
one entry changed (median of 5 edits), in CPU ms. The argument is the checkout to measure,
so the same script measures the code before and after a change:

    .venv/bin/python bench/events_ical_build.py /path/to/checkout
"""

import dataclasses
import datetime
import os
import statistics
import sys
import time

sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
import django

django.setup()
from django.utils import timezone  # noqa: E402

from beteiligung.ical import CalendarEntry, Party, build_calendar  # noqa: E402

now = timezone.now().replace(microsecond=0)
entries = [
    CalendarEntry(
        uid=f"event-{i}@x",
        summary=f"Infoabend {i}",
        start=now + datetime.timedelta(days=1 + i % 300, hours=i % 9),
        end=now + datetime.timedelta(days=1 + i % 300, hours=2 + i % 9),
        description="Wir stellen den Entwurf vor und beantworten Ihre Fragen.",
        location="Bürgerhaus, Hauptstraße 1, 64283 Darmstadt",
        url=f"https://example.org/veranstaltungen/infoabend-{i}/",
        geo=(49.8728, 8.6512),
        last_modified=now,
        organizer=Party("info@example.org", "Bench-Behörde"),
    )
    for i in range(2000)
]


def cpu(f):
    t = time.process_time()
    f()
    return (time.process_time() - t) * 1000


cold = cpu(lambda: build_calendar(entries, name="Bench"))
edits = []
for n in range(5):
    entries[n * 7] = dataclasses.replace(entries[n * 7], summary=f"geändert {n}")
    edits.append(cpu(lambda: build_calendar(entries, name="Bench")))
print(
    f"{sys.argv[1]}: 2,000 entries, cold {cold:.0f} ms CPU, after one edit {statistics.median(edits):.0f} ms CPU (median of 5); load {os.getloadavg()[0]:.1f}"
)
