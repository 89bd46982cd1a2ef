"""Size and build time of the weighing report (PDF and DOCX) for 100, 1,000 and 10,000
statements, and the ratio to the weighing table's first page (a bare admin view).

    .venv/bin/python bench/cms_report.py [SIZES...]

Uses a throwaway SQLite file unless DATABASE_URL names another database (it must be a
scratch database: the benchmark adds procedures and statements to it).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.gettempdir()) / "cms_report_bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    SCRATCH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="cms_report_bench_media_"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SIZES = [int(arg) for arg in sys.argv[1:]] or [100, 1_000, 10_000]
TOPICS = ["Windenergie", "Verkehr", "Naturschutz", "Siedlung", "Landwirtschaft", ""]


def build(size: int, home, organisation):
    import datetime
    import random

    from django.utils import timezone

    from cms.procedures import (
        ConsiderationResult,
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
        title=f"Regionalplan mit {size} Stellungnahmen",
        slug=f"report-{size}",
        summary="Benchmark",
        organisation=organisation,
        phases=[
            Phase(
                kind=PhaseKind.PARTICIPATION,
                title="Auslegung",
                start=now - 30 * day,
                end=now - 10 * day,
            ),
        ],
    )
    index.add_child(instance=page)
    rng = random.Random(size)
    results = list(ConsiderationResult.values)
    Statement.objects.bulk_create(
        [
            Statement(
                procedure=page,
                # Typical lengths: most a paragraph, some a page.
                text="Bitte den Grünzug „Am Wäldchen“ erhalten – er ist wichtig. "
                * rng.choice([3, 6, 12, 40]),
                name=f"Person {n}",
                email=f"person{n}@example.org",
                topic=rng.choice(TOPICS),
                status=StatementStatus.WEIGHED,
                result=rng.choice(results),
                response="Der Anregung wird gefolgt; der Abstand wird vergrößert. "
                * rng.choice([1, 3, 8]),
                submitted_at=now - 10 * day - rng.random() * 19 * day,
            )
            for n in range(size)
        ],
        batch_size=1000,
    )
    return ProcedurePage.objects.select_related("organisation").get(pk=page.pk)


def timed(func) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    return time.perf_counter() - start, time.process_time() - cpu, value


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)

    from beteiligung.models import Organisation, User
    from beteiligung.roles import Role
    from cms.demo import home_page
    from cms.report import build_report

    home = home_page()
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench",
        name="Regierungspräsidium Bench",
        defaults={"address": "Luisenplatz 2\n64283 Darmstadt", "phone": "06151 12-0"},
    )
    planner, _ = User.objects.get_or_create(
        username="planner@bench.example", email="planner@bench.example"
    )
    organisation.add_member(planner, Role.PLANNER)
    staff = Client()
    staff.force_login(planner)

    print(
        f"{'statements':>10}  {'format':>6}  {'wall s':>8}  {'CPU s':>7}  {'size':>10}  "
        f"{'pages':>6}  CPU ratio to the weighing table"
    )
    for size in SIZES:
        procedure = build(size, home, organisation)
        url = f"/admin/abwaegung/{procedure.pk}/"
        staff.get(url)
        _wall, bare, _response = timed(lambda url=url: staff.get(url))
        for fmt in ("pdf", "docx"):
            wall, seconds, content = timed(
                lambda fmt=fmt, procedure=procedure: build_report(procedure, fmt, anonymised=True)
            )
            pages = ""
            if fmt == "pdf":
                import io

                from pypdf import PdfReader

                pages = str(len(PdfReader(io.BytesIO(content)).pages))
            print(
                f"{size:>10}  {fmt:>6}  {wall:>8.1f}  {seconds:>7.1f}  {len(content) / 1e6:>7.2f} MB"
                f"  {pages:>6}  {seconds / bare:>5.0f}× ({bare * 1000:.0f} ms CPU)"
            )


if __name__ == "__main__":
    main()
