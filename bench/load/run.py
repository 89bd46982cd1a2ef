"""Load test: gunicorn + PostgreSQL + Redis with the demo data, measured with wrk.

    .venv/bin/python bench/load/run.py            (DURATION=20 USERS="50 100 200" by default)

Creates a scratch database (LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/beteiligung_load; sqlite:////tmp/load.sqlite3 for a file
that is removed afterwards), migrates it, runs seed_demo, starts
gunicorn (WORKERS×THREADS, default 4×4) with Redis as cache and task broker (REDIS_URL,
default redis://127.0.0.1:6379/14), then for each number of concurrent users loads each
page with wrk for DURATION seconds and prints requests/s, p50, p95 and errors. The bare
view /healthz/ (no database, no session) is the ceiling of this server on this machine.

Booking is measured separately by Python clients doing what a browser does: load the
appointment form (CSRF cookie), solve the proof of work, post the reservation. The proof of
work is shrunk and the per-IP rate limit lifted (bench.appointments_settings), because all
clients share one address; the figure is the server's cost of a reservation.
Needs Debian's wrk (`apt-get install wrk`). wrk and the Python clients share the two cores
with the server, so the figures are a lower bound of what a separate load host would see.
"""

import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/beteiligung_load"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.appointments_settings"
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")
os.environ.setdefault("LOG_LEVEL", "WARNING")
DURATION = int(os.environ.get("DURATION", "20"))
USERS = [int(n) for n in os.environ.get("USERS", "50 100 200").split()]
WORKERS = os.environ.get("WORKERS", "4")
THREADS = os.environ.get("THREADS", "4")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"


def admin_url() -> str:
    return DATABASE_URL.rsplit("/", 1)[0] + "/postgres"


def sqlite_file() -> Path | None:
    if DATABASE_URL.startswith("sqlite:///"):
        return Path(DATABASE_URL.removeprefix("sqlite:///"))
    return None


def recreate_database() -> None:
    if sqlite_file():
        sqlite_file().unlink(missing_ok=True)
        return
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database() -> None:
    if sqlite_file():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file()}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare() -> dict[str, str]:
    """Migrate, seed the demo and find one URL per page type."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()  # the scratch Redis database: no pages or maps left from another run
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # whitenoise, as in production
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"migrate + seed_demo: {time.perf_counter() - started:.0f} s")

    from cms.procedures import ProcedurePage
    from dialogues.models import DialoguePage

    procedure = ProcedurePage.objects.live().get(slug="regionalplan-suedhessen-2026")
    dialogue = DialoguePage.objects.live().first()
    return {
        "bare view /healthz/": "/healthz/",
        "home": "/",
        "procedure": procedure.url,
        "dialogue": dialogue.url,
        "procedure index": "/verfahren/",
        "event index": "/veranstaltungen/",
        "incident map data": "/meldungen/karte.json",
    }


def bookable() -> tuple[int, list[int]]:
    """A service at an office with free future slots, opened for the benchmark."""
    import datetime

    from django.utils import timezone

    from appointments.models import Service, Slot

    service = Service.objects.filter(offices__isnull=False).first()
    office = service.offices.first()
    office.min_notice_hours = 0
    office.max_active_bookings = 10**6
    office.save(update_fields=["min_notice_hours", "max_active_bookings"])
    start = timezone.now() + datetime.timedelta(days=1)
    Slot.objects.filter(office=office, start__gte=start).update(capacity=10**6)
    slots = Slot.objects.filter(office=office, start__gte=start).values_list("pk", flat=True)
    return service.pk, list(slots[:200])


def start_gunicorn() -> subprocess.Popen:
    import requests

    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "beteiligung.wsgi:application",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={WORKERS}",
            f"--threads={THREADS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, "CONN_MAX_AGE": "60"},
    )
    for _attempt in range(200):
        if process.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            requests.get(f"{BASE}/healthz/", timeout=5).raise_for_status()
            return process
        except requests.RequestException:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(path: str, users: int) -> tuple[float, float, float, int]:
    output = subprocess.run(
        [
            "wrk",
            f"--connections={users}",
            "--threads=2",
            f"--duration={DURATION}s",
            "--timeout=10s",
            f"--script={Path(__file__).with_name('report.lua')}",
            BASE + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    requests_, duration_us, p50, p95, _p99, errors, non_ok = map(int, line.split()[1:])
    return requests_ / (duration_us / 1e6), p50 / 1000, p95 / 1000, errors + non_ok


def book(service_id: int, slot_ids: list[int], users: int) -> tuple[float, float, float, int]:
    import requests

    from appointments import challenge

    deadline = time.perf_counter() + DURATION
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def user(number: int) -> None:
        session = requests.Session()
        rng = random.Random(number)
        attempt = 0
        while time.perf_counter() < deadline:
            attempt += 1
            url = f"{BASE}/termine/leistung/{service_id}/termin/{rng.choice(slot_ids)}/"
            try:
                page = session.get(url, timeout=30).text
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
                data = {
                    "csrfmiddlewaretoken": token,
                    "name": f"Person {number}",
                    "email": f"last{number}-{attempt}@example.org",
                    "reserve": "1",
                    "pow": challenge.solve(challenge.create_challenge()),
                }
                started = time.perf_counter()
                response = session.post(
                    url, data=data, allow_redirects=False, timeout=30, headers={"Referer": url}
                )
                elapsed = time.perf_counter() - started
                ok = response.status_code == 302
            except (requests.RequestException, AttributeError):
                elapsed, ok = 0.0, False
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return len(latencies) / elapsed, cuts[49] * 1000, cuts[94] * 1000, errors[0]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    recreate_database()
    server = None
    try:
        pages = prepare()
        service_id, slot_ids = bookable()
        server = start_gunicorn()
        for path in pages.values():  # warm caches and connections once
            subprocess.run(["wrk", "-c2", "-t1", "-d2s", BASE + path], capture_output=True)
        vendor = DATABASE_URL.split(":", 1)[0]
        print(f"gunicorn {WORKERS} workers × {THREADS} threads on {vendor}, {DURATION} s a row")
        print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        print(
            f"{'endpoint':<22} {'users':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}"
            f" {'% of /healthz/ just before':>27}"
        )
        ceiling_path = pages["bare view /healthz/"]
        for users in USERS:
            for name, path in pages.items():
                # The ceiling moves while the machine warms up under wrk; each page is set
                # against a /healthz/ run of its own, right before it.
                ceiling = wrk(ceiling_path, users)[0] if path != ceiling_path else None
                rps, p50, p95, errors = wrk(path, users)
                share = f"{100 * rps / ceiling:>26.0f}%" if ceiling else f"{'':>27}"
                print(
                    f"{name:<22} {users:>5} {rps:>8.0f} {p50:>8.0f} {p95:>8.0f} {errors:>7} {share}"
                )
            rps, p50, p95, errors = book(service_id, slot_ids, users)
            print(
                f"{'booking (reserve POST)':<22} {users:>5} {rps:>8.1f} {p50:>8.0f} {p95:>8.0f} {errors:>7}"
            )
            sys.stdout.flush()
        print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop_database()


if __name__ == "__main__":
    main()
