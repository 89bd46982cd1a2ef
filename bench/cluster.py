"""Beyond one machine: two app servers and two task clusters against one PostgreSQL and one
Redis, as docs/deployment.md describes.

    .venv/bin/python bench/cluster.py [--clients 40] [--slots 5]

Starts two gunicorn servers on two loopback ports and two ``manage.py qcluster`` processes,
all with the same DATABASE_URL and REDIS_URL, then checks and prints:

1. Booking race: ``--clients`` clients, half on each server, book ``--slots`` slots of one
   seat each at the same moment: every slot is booked exactly once, 0 overbooked; every
   booking's confirmation mail leaves the outbox exactly once (one of the two clusters).
2. Schedules: every django-q2 schedule is made due at once; with two clusters' schedulers
   racing, each produces exactly one run for the period.
3. Shared cache: what is cached today is a value, not a page (there is no page cache yet):
   the event calendar feed (``/veranstaltungen/kalender.ics``, cached 5 minutes under a key
   that changes when an event is published) and the spent proof-of-work challenges of the
   booking form. The feed fetched through server A is served from Redis through server B; an
   event published afterwards is in the feed of both at once; a challenge spent on server A
   is refused on server B.

Exits 1 when a check fails. Uses its own scratch database (CLUSTER_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bet_cluster_bench; dropped and recreated, as a copy of
CLUSTER_TEMPLATE_DATABASE when that names a migrated database on the same server, else
migrated) and Redis database (CLUSTER_REDIS_URL, default redis://127.0.0.1:6379/14; flushed).
"""

import argparse
import datetime
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bet_cluster_bench"
)
REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/14")
HOST = "portal.test"  # behind the proxy both servers see the same Host
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_SETTINGS_MODULE": "bench.appointments_settings",
    "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
    "Q_WORKERS": "2",
    "Q_LOG_LEVEL": "ERROR",
    "EMAIL_URL": "dummymail://",
}
os.environ.update({k: ENV[k] for k in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")})
os.environ["ALLOWED_HOSTS"] = ENV["ALLOWED_HOSTS"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_database(template: str | None) -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            connection.execute(f'CREATE DATABASE "{name}"')


class Processes:
    """The servers and clusters this script started; stopped with everything they started."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []
        # The servers' and clusters' own output, kept out of the figures.
        self.log = open(os.environ.get("CLUSTER_LOG", os.devnull), "a")  # noqa: SIM115

    def start(self, *args: str) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=ENV, start_new_session=True, stdout=self.log, stderr=self.log
        )
        self.started.append(process)
        return process

    def stop(self) -> None:
        """A qcluster gets SIGTERM on its leader only, as runportal stops it: its sentinel
        resets SIGTERM to the default, so a signal to the whole group killed the sentinel
        at once and left the leader waiting for children until the timeout (22 s of the
        bench's 67). A gunicorn's whole group gets it."""
        from beteiligung.management.commands.runportal import signal_group

        for process in self.started:
            if process.poll() is None:
                if "qcluster" in process.args:
                    process.send_signal(signal.SIGTERM)
                else:
                    signal_group(process, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                sys.stderr.write(f"{process.args[-1]} did not stop within 10 s and was killed\n")
            # What is left of the group (the leader may be gone before its workers).
            signal_group(process, signal.SIGKILL)
            process.wait()


def wait_for_server(port: int, process: subprocess.Popen) -> None:
    import requests

    for _attempt in range(200):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited")
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz/", timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn on port {port} did not start")


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--slots", type=int, default=5)
    options = parser.parse_args()

    # A migrated database on the same server to copy (the test suite's, tests/migrated_db.py)
    # saves the minute of CPU that migrating takes.
    template = os.environ.get("CLUSTER_TEMPLATE_DATABASE")
    recreate_database(template)
    if not template:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=ENV, check=True
        )

    import django

    django.setup()
    import redis
    import requests
    from django.db.models import Count, F, Q
    from django.utils import timezone
    from django_q.models import Schedule, Task

    from appointments import challenge
    from appointments.models import Booking, Office, Service, Slot
    from beteiligung.models import Organisation, OutboxEmail, OutboxStatus
    from cms.demo import home_page
    from events.models import EventIndexPage, EventPage

    redis.Redis.from_url(REDIS_URL).flushdb()
    # Migrating left every schedule due; the clusters' first tick would run them all, and
    # on a busy machine some of those runs start only after check 2 made them due again,
    # counting twice. Nothing is due until check 2 says so.
    Schedule.objects.update(next_run=timezone.now() + datetime.timedelta(days=1))
    organisation = Organisation.objects.create(name="Kreis Cluster", slug="kreis-cluster")
    office = Office.objects.create(
        organisation=organisation,
        name="Kreisverwaltung",
        address="Markt 1",
        min_notice_hours=0,
        max_active_bookings=1000,
    )
    service = Service.objects.create(organisation=organisation, name="Fahrzeug zulassen")
    service.offices.add(office)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    slots = Slot.objects.bulk_create(
        Slot(
            office=office,
            start=start + datetime.timedelta(minutes=15 * n),
            end=start + datetime.timedelta(minutes=15 * (n + 1)),
            capacity=1,
        )
        for n in range(options.slots)
    )
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home_page().add_child(instance=index)
    index.save_revision().publish()
    event = EventPage(
        title="Infoabend Alpha",
        start=start,
        end=start + datetime.timedelta(hours=2),
        intro="Wir stellen den Entwurf vor.",
        place_name="Bürgerhaus",
        address="Hauptstraße 1, 64283 Darmstadt",
        organisation=organisation,
    )
    index.add_child(instance=event)
    event.save_revision().publish()

    ports = [free_port(), free_port()]
    processes = Processes()
    failures: list[str] = []
    try:
        for port in ports:
            server = processes.start(
                str(ROOT / ".venv/bin/gunicorn"),
                "beteiligung.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            )
            wait_for_server(port, server)
        for _number in range(2):
            processes.start(sys.executable, "manage.py", "qcluster")
        print(
            f"two gunicorn servers (ports {ports[0]}, {ports[1]}), two qclusters, "
            f"one PostgreSQL ({DATABASE_URL}), one Redis ({REDIS_URL})"
        )

        # 1. The booking race.
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        go = threading.Barrier(options.clients)

        def book(number: int) -> None:
            port = ports[number % 2]
            slot = slots[number % len(slots)]
            session = requests.Session()
            url = f"http://127.0.0.1:{port}/termine/leistung/{service.pk}/termin/{slot.pk}/"
            page = session.get(url, headers={"Host": HOST}, timeout=60).text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            payload = {
                "csrfmiddlewaretoken": token,
                "name": f"Person {number}",
                "email": f"person{number}@example.org",
                "reserve": "1",
                "pow": challenge.solve(challenge.create_challenge()),
            }
            go.wait()
            response = session.post(
                url,
                data=payload,
                allow_redirects=False,
                timeout=60,
                headers={"Host": HOST, "Referer": f"http://{HOST}{url.split(str(port), 1)[1]}"},
            )
            with lock:
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        threads = [threading.Thread(target=book, args=(n,)) for n in range(options.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        bookings = Booking.objects.filter(slot__office=office)
        overbooked = (
            Slot.objects.filter(office=office)
            .annotate(holding=Count("bookings", filter=Q(bookings__holds_seat=True)))
            .filter(
                Q(booked__gt=F("capacity")) | Q(holding__gt=F("capacity")) | ~Q(holding=F("booked"))
            )
            .count()
        )
        print(
            f"1. booking race: {options.clients} clients on {options.slots} one-seat slots, "
            f"half through each server: responses {dict(sorted(statuses.items()))} "
            f"(302 booked, 409 taken) in {wall:.1f} s"
        )
        print(f"   bookings {bookings.count()}, overbooked slots {overbooked}")
        if overbooked or bookings.count() != options.slots:
            failures.append("booking race")
        emails = OutboxEmail.objects.all()
        wait_until(lambda: emails.filter(status=OutboxStatus.SENT).count() >= bookings.count(), 90)
        sent = emails.filter(status=OutboxStatus.SENT)
        once = sent.filter(attempts=1).count()
        print(
            f"   outbox: {emails.count()} mails, {sent.count()} sent, {once} at the first "
            f"attempt (each row is claimed by one cluster only)"
        )
        if sent.count() != bookings.count():
            failures.append("booking mails")

        # 2. Each schedule once per period, with two schedulers racing.
        schedules = list(Schedule.objects.exclude(repeats=0))
        made_due = timezone.now()
        Schedule.objects.update(next_run=made_due - datetime.timedelta(seconds=1))
        runs = Task.objects.filter(started__gte=made_due)

        def all_ran() -> bool:
            return runs.values("group").distinct().count() >= len(schedules)

        wait_until(all_ran, 100)
        time.sleep(5)  # a second scheduler tick that wrongly ran them again would show now
        per_schedule = {s.name: runs.filter(group=s.name).count() for s in schedules}
        print(
            f"2. schedules: {len(schedules)} made due at once; runs per schedule with two "
            f"clusters: {sorted(set(per_schedule.values()))}"
        )
        wrong = {name: count for name, count in per_schedule.items() if count != 1}
        if wrong:
            print(f"   not exactly once: {wrong}")
            failures.append("schedules")

        # 3. The shared cache.
        def feed(port: int) -> str:
            return requests.get(
                f"http://127.0.0.1:{port}/veranstaltungen/kalender.ics",
                headers={"Host": HOST},
                timeout=60,
            ).text

        first = feed(ports[0])
        keys = redis.Redis.from_url(REDIS_URL).keys("*events:feed:*")
        second = feed(ports[1])
        keys_after = redis.Redis.from_url(REDIS_URL).keys("*events:feed:*")
        shared = first == second and len(keys) == 1 and keys == keys_after
        event.title = "Infoabend Beta"
        event.save_revision().publish()
        seen = ["Infoabend Beta" in feed(port) for port in ports]
        print(
            f"3. cache: the feed cached through server A is the one key server B serves "
            f"({len(keys_after)} key in Redis): {shared}; after a publish both servers "
            f"show the new title: {seen}"
        )
        spent = challenge.solve(challenge.create_challenge())
        url = f"/termine/leistung/{service.pk}/termin/{slots[0].pk}/"

        def post_with(port: int, pow_payload: str) -> int:
            session = requests.Session()
            page = session.get(
                f"http://127.0.0.1:{port}{url}", headers={"Host": HOST}, timeout=60
            ).text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            response = session.post(
                f"http://127.0.0.1:{port}{url}",
                data={
                    "csrfmiddlewaretoken": token,
                    "name": "Replay",
                    "email": "replay@example.org",
                    "reserve": "1",
                    "pow": pow_payload,
                },
                headers={"Host": HOST, "Referer": f"http://{HOST}{url}"},
                allow_redirects=False,
                timeout=60,
            )
            return response.status_code

        spend = post_with(ports[0], spent)  # verified and spent; the slot itself is taken
        replay = post_with(ports[1], spent)
        print(
            f"   a proof of work spent on server A ({spend}: slot taken), replayed on "
            f"server B: {replay} (400: refused as already used)"
        )
        if not shared or not all(seen):
            failures.append("shared cache")
        if (spend, replay) != (409, 400):
            failures.append("spent challenge")
    finally:
        processes.stop()
    print("all checks passed" if not failures else f"FAILED: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
