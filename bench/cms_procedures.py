"""Time and query count of the procedure page, the procedure index and the weighing table
with 10, 1,000 and 10,000 statements.

    .venv/bin/python bench/cms_procedures.py

Uses a throwaway SQLite file unless DATABASE_URL names another database (it must be a
scratch database: the benchmark adds procedures and statements to it).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.gettempdir()) / "cms_bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    SCRATCH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="cms_bench_media_"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SIZES = [10, 1_000, 10_000]
REPEAT = 5


def build(size: int, home, organisation, planner):
    import datetime
    import random

    from django.utils import timezone

    from cms.demo import SUEDHESSEN_AREA
    from cms.procedures import (
        Phase,
        PhaseKind,
        ProcedureIndexPage,
        ProcedurePage,
        Statement,
        StatementStatus,
    )

    index = ProcedureIndexPage.objects.first()
    if index is None:
        index = ProcedureIndexPage(title="Verfahren", slug="verfahren")
        home.add_child(instance=index)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    page = ProcedurePage(
        title=f"Plan mit {size} Stellungnahmen",
        slug=f"plan-{size}",
        summary="Benchmark",
        organisation=organisation,
        planning_area=SUEDHESSEN_AREA,
        phases=[
            Phase(
                kind=PhaseKind.INFORMATION, title="Info", start=now - 30 * day, end=now - 10 * day
            ),
            Phase(
                kind=PhaseKind.PARTICIPATION,
                title="Auslegung",
                start=now - 10 * day,
                end=now + 20 * day,
            ),
        ],
    )
    index.add_child(instance=page)
    rng = random.Random(size)
    Statement.objects.bulk_create(
        [
            Statement(
                procedure=page,
                text="Bitte den Grünzug erhalten. " * 5,
                name=f"Person {n}",
                email=f"person{n}@example.org",
                status=rng.choice([StatementStatus.SUBMITTED, StatementStatus.WEIGHED]),
                result="noted",
                response="Zur Kenntnis genommen.",
                submitted_at=now - rng.random() * 9 * day,
                latitude=round(rng.uniform(49.8, 50.1), 6) if n % 3 == 0 else None,
                longitude=round(rng.uniform(8.5, 8.9), 6) if n % 3 == 0 else None,
                assigned_to=planner if n % 2 else None,
            )
            for n in range(size)
        ],
        batch_size=1000,
    )
    return page


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm caches (templates, folium)
    timings, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings) * 1000, queries


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)

    from beteiligung.models import Organisation, User
    from beteiligung.roles import Role
    from cms.demo import home_page

    home = home_page()
    organisation, _ = Organisation.objects.get_or_create(slug="bench", name="Bench-Behörde")
    planner, _ = User.objects.get_or_create(
        username="planner@bench.example", email="planner@bench.example"
    )
    organisation.add_member(planner, Role.PLANNER)
    anonymous, staff = Client(), Client()
    staff.force_login(planner)

    print(f"{'statements':>10}  {'page':>22}  {'ms':>8}  {'queries':>7}")
    for size in SIZES:
        page = build(size, home, organisation, planner)
        rows = [
            ("procedure page", anonymous, page.url),
            ("procedure index", anonymous, "/verfahren/"),
            ("weighing table", staff, f"/admin/abwaegung/{page.pk}/"),
            (
                "weighing, filtered",
                staff,
                f"/admin/abwaegung/{page.pk}/?located=yes&status=weighed",
            ),
        ]
        for label, client, url in rows:
            ms, queries = measure(client, url)
            print(f"{size:>10}  {label:>22}  {ms:>8.1f}  {queries:>7}")


if __name__ == "__main__":
    main()
