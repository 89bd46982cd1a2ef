"""The planners' map with 1,000, 10,000 and 50,000 map notes: server CPU time (median of 5,
with its ratio to a bare template view measured in the same run, bench/baseline.py) and
query count of the page and of its data endpoint, payload size (plain and gzip), and the time
Chromium needs until the clusters are drawn.

    .venv/bin/python bench/maps_planner.py [sizes...]      (default: 1000 10000 50000)
    .venv/bin/python bench/maps_planner.py --no-browser     (server figures only)

Uses a throwaway SQLite file unless DATABASE_URL names another database (it must be a
scratch database: the benchmark adds a procedure and map notes to it). Browser timing uses
Playwright with the Chromium at /usr/bin/chromium (or PLAYWRIGHT_CHROMIUM).
"""

import datetime
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.gettempdir()) / "maps_planner_bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    SCRATCH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="maps_planner_bench_media_"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")
# Playwright's sync API runs an event loop; Django's ORM calls here are not inside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import baseline  # noqa: E402

REPEAT = 5
BROWSER_REPEAT = 3


def build_procedure(home, organisation):
    from cms.demo import SUEDHESSEN_AREA
    from cms.procedures import Phase, PhaseKind, ProcedureIndexPage, ProcedurePage
    from maps import demo
    from maps.models import FeedbackCategory

    index = ProcedureIndexPage.objects.first()
    if index is None:
        index = ProcedureIndexPage(title="Verfahren", slug="verfahren")
        home.add_child(instance=index)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    page = ProcedurePage(
        title="Planungskarte Benchmark",
        slug="planungskarte-benchmark",
        summary="Benchmark",
        organisation=organisation,
        planning_area=SUEDHESSEN_AREA,
        sub_areas=demo.sub_areas_geojson(),
        map_feedback=True,
        phases=[
            Phase(
                kind=PhaseKind.INFORMATION, title="Info", start=now - 60 * day, end=now - 30 * day
            ),
            Phase(
                kind=PhaseKind.PARTICIPATION, title="Auslegung", start=now - 30 * day, end=now + day
            ),
        ],
    )
    index.add_child(instance=page)
    FeedbackCategory.objects.bulk_create(
        [
            FeedbackCategory(procedure=page, name=name, colour=colour, icon=icon, sort_order=n)
            for n, (name, colour, icon) in enumerate(demo.FEEDBACK_CATEGORIES)
        ]
    )
    return ProcedurePage.objects.get(pk=page.pk)


def measure(client: Client, url: str) -> tuple[float, int, bytes]:
    """CPU ms (median of 5), queries and body of one request."""
    client.get(url)  # warm caches (templates, folium)
    cpu, _wall, response = baseline.timed(lambda: client.get(url), repeat=REPEAT)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return cpu, len(captured), response.content


def browser_times(server_url: str, cookie, url: str, expected: int) -> list[float]:
    """Seconds from navigation until every item is counted and the clusters are on screen."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        for _ in range(BROWSER_REPEAT):
            context = browser.new_context()
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": server_url}])
            page = context.new_page()
            start = time.perf_counter()
            page.goto(server_url + url)
            page.wait_for_function(
                "expected => {"
                " const s = document.querySelector('[data-planner-status]');"
                " return s && s.textContent.trim() === expected + ' / ' + expected"
                " && document.querySelector('.marker-cluster, .leaflet-marker-icon'); }",
                arg=expected,
                timeout=120_000,
            )
            times.append(time.perf_counter() - start)
            context.close()
        browser.close()
    return times


def main(sizes: list[int], with_browser: bool) -> None:
    setup_test_environment()
    baseline.install()
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)

    from beteiligung.models import Organisation, User
    from beteiligung.roles import Role
    from cms.demo import home_page
    from maps import demo

    home = home_page()
    organisation, _ = Organisation.objects.get_or_create(slug="bench", name="Bench-Behörde")
    planner, _ = User.objects.get_or_create(
        username="planner@bench.example", email="planner@bench.example"
    )
    organisation.add_member(planner, Role.PLANNER)
    client = Client()
    client.force_login(planner)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    procedure = build_procedure(home, organisation)
    page_url = f"/admin/karte/{procedure.pk}/"
    data_url = f"/admin/karte/{procedure.pk}/daten.json"

    server = None
    if with_browser:
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error

    bare = baseline.bare_ms(client)
    print(baseline.header(bare))
    header = (
        f"{'notes':>7} | {'request':<28} | {'CPU ms':>11} | {'ratio':>12} | {'queries':>7} | "
        f"{'bytes':>10} | {'gzip bytes':>10}"
    )
    print(header)
    print("-" * len(header))
    have = 0
    try:
        for size in sizes:
            demo.create_contributions(procedure, size - have, seed_value=have)
            have = size
            for label, url in [
                ("planners' map page", page_url),
                ("daten.json", data_url),
                ("daten.json, one category", data_url + "?category=1"),
                ("planners' map, text search", page_url + "?q=Radweg"),
            ]:
                ms, queries, body = measure(client, url)
                print(
                    f"{size:>7} | {label:<28} | {ms:>11.1f} | {baseline.ratio(ms, bare):>12} |"
                    f" {queries:>7} | "
                    f"{len(body):>10} | {len(gzip.compress(body, 6)):>10}"
                )
            if server is not None:
                times = browser_times(f"http://127.0.0.1:{server.port}", cookie, page_url, size)
                print(
                    f"{size:>7} | {'browser: clusters drawn':<28} | "
                    f"{statistics.median(times) * 1000:>11.1f} | {'wall':>12} | {'':>7} |"
                    f" {'':>10} | {'':>10}"
                )
    finally:
        if server is not None:
            server.terminate()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main([int(a) for a in args] or [1_000, 10_000, 50_000], "--no-browser" not in sys.argv)
