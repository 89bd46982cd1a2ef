"""Time the public map data and Open311 requests.json with growing numbers of reports.

Run: .venv/bin/python bench/maps_reports.py [sizes...]   (default: 5000 20000 50000)
Uses a throwaway SQLite file unless DATABASE_URL is set (then that database is used and
its incident reports are replaced).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from beteiligung.models import Organisation  # noqa: E402
from maps import demo  # noqa: E402
from maps.models import Report, ReportCategory, ReportUpdate  # noqa: E402


def setup_categories() -> list[ReportCategory]:
    organisation, _ = Organisation.objects.get_or_create(
        slug="wiesbaden", defaults={"name": "Landeshauptstadt Wiesbaden"}
    )
    categories = []
    for data in demo.CATEGORIES:
        category, _ = ReportCategory.objects.update_or_create(
            service_code=data["service_code"], defaults={**data, "organisation": organisation}
        )
        categories.append(category)
    return categories


def measure(
    client: Client, path: str, runs: int = 5, clear_cache: bool = True, headers=None
) -> tuple:
    times, queries, size = [], 0, 0
    for _ in range(runs):
        if clear_cache:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path, headers=headers or {})
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
        queries, size = len(captured), len(response.content)
    return statistics.median(times) * 1000, queries, size


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    categories = setup_categories()
    ReportUpdate.objects.all().delete()
    Report.objects.all().delete()
    client = Client()
    print(f"database: {connection.vendor}")
    header = (
        f"{'reports':>8} | {'endpoint':<48} | {'ms (median)':>11} | {'queries':>7} | {'bytes':>9}"
    )
    print(header)
    print("-" * len(header))
    have = 0
    for size in sizes:
        demo.create_reports(categories, size - have, seed_value=have)
        have = size
        rows = [
            ("/meldungen/karte.json (cold)", "/meldungen/karte.json", True),
            ("/meldungen/karte.json (cached)", "/meldungen/karte.json", False),
            ("/meldungen/karte.json (cached, gzip)", "/meldungen/karte.json", None),
            ("/open311/v2/requests.json (90 days, 1000)", "/open311/v2/requests.json", True),
            (
                "/open311/v2/requests.json?status=open&start..",
                "/open311/v2/requests.json?status=open&start_date=2000-01-01",
                True,
            ),
            ("/meldungen/?status=open&seite=20", "/meldungen/?status=open&seite=20", True),
        ]
        for label, path, cold in rows:
            headers = {"Accept-Encoding": "gzip"} if cold is None else {}
            ms, queries, nbytes = measure(client, path, clear_cache=bool(cold), headers=headers)
            print(f"{size:>8} | {label:<48} | {ms:>11.1f} | {queries:>7} | {nbytes:>9}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5000, 20000, 50000])
