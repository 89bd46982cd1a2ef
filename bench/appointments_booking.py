"""Appointment booking under load, and slot generation.

    .venv/bin/python bench/appointments_booking.py [--booking-only]

1. Slot generation for 20 offices × 180 days (Mon–Fri 8–12 plus Thu 14–18, 15-minute
   slots): first run and an idempotent second run.
2. 50 concurrent clients book through gunicorn (4 workers × 4 threads) on PostgreSQL:
   each client loads the details page (CSRF cookie), solves the proof of work and posts
   the reservation for a random slot out of a small set, so most attempts collide.
   Prints bookings per second, p50/p95 latency of the reservation request and the number
   of overbookings (slots with more seats taken than they have), which must be 0.

Needs PostgreSQL; uses its own scratch database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/appointments_bench), which it drops and recreates.
"""

import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/appointments_bench")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.appointments_settings"
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")

CLIENTS = 50
ATTEMPTS_PER_CLIENT = 10
CONTESTED_SLOTS = 40
CAPACITY = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()


def recreate_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


recreate_database()

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402

from appointments import challenge, signals  # noqa: E402
from appointments.models import Booking, Office, OpeningRule, Service, Slot  # noqa: E402
from appointments.slots import generate_slots  # noqa: E402
from beteiligung.models import Organisation  # noqa: E402


def bench_generation(organisation) -> None:
    # Generate explicitly and time it; the signal would queue the same work.
    post_save.disconnect(signals.regenerate_for_rule, sender=OpeningRule)
    post_save.disconnect(signals.regenerate_for_office, sender=Office)
    offices = []
    for number in range(20):
        office = Office.objects.create(
            organisation=organisation, name=f"Bürgerbüro {number}", address="Markt 1"
        )
        for weekday in range(5):
            OpeningRule.objects.create(
                office=office,
                weekday=weekday,
                start_time="08:00",
                end_time="12:00",
                slot_minutes=15,
                capacity=2,
                valid_from=datetime.date.today(),
            )
        OpeningRule.objects.create(
            office=office,
            weekday=3,
            start_time="14:00",
            end_time="18:00",
            slot_minutes=15,
            capacity=2,
            valid_from=datetime.date.today(),
        )
        offices.append(office)
    for label in ("first run", "second run (idempotent)"):
        started = time.perf_counter()
        results = [generate_slots(office) for office in offices]
        elapsed = time.perf_counter() - started
        created = sum(r.created for r in results)
        print(
            f"slot generation, 20 offices × 180 days, {label}: {elapsed:.2f} s, "
            f"{created} slots created, {Slot.objects.count()} slots in total"
        )
    post_save.connect(signals.regenerate_for_rule, sender=OpeningRule)
    post_save.connect(signals.regenerate_for_office, sender=Office)


def start_gunicorn() -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "beteiligung.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "4",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "CONN_MAX_AGE": "60"},
    )
    for _attempt in range(100):
        if process.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            requests.get(f"http://127.0.0.1:{PORT}/termine/", timeout=10).raise_for_status()
            return process
        except requests.RequestException:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def client_run(number: int, service: Service, slot_ids: list[int], out: dict) -> None:
    session = requests.Session()
    base = f"http://127.0.0.1:{PORT}/termine/leistung/{service.pk}/termin"
    rng = random.Random(number)
    for attempt in range(ATTEMPTS_PER_CLIENT):
        slot_id = rng.choice(slot_ids)
        page = session.get(f"{base}/{slot_id}/", timeout=30).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        payload = {
            "csrfmiddlewaretoken": token,
            "name": f"Person {number}",
            "email": f"person{number}-{attempt}@example.org",
            "reserve": "1",
            "pow": challenge.solve(challenge.create_challenge()),
        }
        started = time.perf_counter()
        response = session.post(
            f"{base}/{slot_id}/",
            data=payload,
            allow_redirects=False,
            timeout=30,
            headers={"Referer": f"{base}/{slot_id}/"},
        )
        elapsed = time.perf_counter() - started
        with out["lock"]:
            out["latencies"].append(elapsed)
            out["statuses"][response.status_code] = out["statuses"].get(response.status_code, 0) + 1


def bench_booking(organisation) -> None:
    office = Office.objects.create(
        organisation=organisation,
        name="Kreisverwaltung",
        address="Im Lichtenholz 60",
        min_notice_hours=0,
        max_active_bookings=1000,
    )
    service = Service.objects.create(organisation=organisation, name="Fahrzeug zulassen")
    service.offices.add(office)
    start = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(days=2)
    slots = Slot.objects.bulk_create(
        Slot(
            office=office,
            start=start + datetime.timedelta(minutes=15 * n),
            end=start + datetime.timedelta(minutes=15 * (n + 1)),
            capacity=CAPACITY,
        )
        for n in range(CONTESTED_SLOTS)
    )
    slot_ids = [slot.pk for slot in slots]
    server = start_gunicorn()
    out = {"lock": threading.Lock(), "latencies": [], "statuses": {}}
    try:
        threads = [
            threading.Thread(target=client_run, args=(n, service, slot_ids, out))
            for n in range(CLIENTS)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    latencies = sorted(out["latencies"])
    booked = Booking.objects.filter(slot__office=office).count()
    overbooked = (
        Slot.objects.filter(office=office)
        .annotate(holding=Count("bookings", filter=Q(bookings__holds_seat=True)))
        .filter(
            Q(booked__gt=F("capacity")) | Q(holding__gt=F("capacity")) | ~Q(holding=F("booked"))
        )
        .count()
    )
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"booking: {CLIENTS} concurrent clients × {ATTEMPTS_PER_CLIENT} attempts on "
        f"{CONTESTED_SLOTS} slots × {CAPACITY} seats, gunicorn 4 workers × 4 threads, "
        f"PostgreSQL"
    )
    print(f"  responses: {dict(sorted(out['statuses'].items()))} (302 booked, 409 taken)")
    print(f"  wall time {wall:.1f} s (includes page loads and client-side proof of work)")
    print(
        f"  reservation requests: {len(latencies) / wall:.1f}/s, successful bookings "
        f"{booked / wall:.1f}/s"
    )
    print(
        f"  reservation latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(
        f"  bookings {booked} of {CONTESTED_SLOTS * CAPACITY} seats; overbooked slots: {overbooked}"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench-Kreis", slug="bench-kreis")
    if "--booking-only" not in sys.argv:
        bench_generation(organisation)
    bench_booking(organisation)


if __name__ == "__main__":
    main()
