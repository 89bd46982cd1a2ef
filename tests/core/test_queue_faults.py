"""Faults the outbox and the scheduled tasks survive, with a real ``manage.py qcluster``
subprocess, the real broker (ORM here; Redis when REDIS_URL is set, as in CI) and real SMTP
(aiosmtpd): a mail server that is down, and a cluster killed with SIGKILL.

The cluster runs against a database of its own (a copy of a migrated SQLite file, or a
PostgreSQL database made from a migrated template when DATABASE_URL names PostgreSQL);
tests/core/fault_scenarios.py fills it through the portal's services.
"""

import asyncio
import collections
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from email.message import Message as EmailMessage
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from tests import migrated_db, redis_dbs

pytestmark = pytest.mark.queue

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
REMINDED = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.25)


class Inbox(Message):
    """A mail server that keeps what it accepts. ``delay`` slows down each mail before
    its DATA, so that a cluster can be killed while it is sending."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.delay = delay
        self.messages: list[EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message) -> None:
        self.messages.append(message)

    def outbox_ids(self) -> collections.Counter:
        return collections.Counter(int(m["X-Outbox-ID"]) for m in self.messages)


def postgres_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def psycopg_admin():
    import psycopg

    return psycopg.connect(postgres_url("postgres"), autocommit=True)


def run_manage(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> dict:
    """A migrated database the tests copy their own from. Running ``migrate`` cost a minute
    of wall time per xdist worker (each runs some of this module's tests). SQLite copies the
    file the suite saved when it migrated its own test database (tests/migrated_db.py; the
    module alone, with no database test before it, migrates a file of its own); PostgreSQL
    copies the template the test databases are made from."""
    url = os.environ.get("DATABASE_URL", "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "beteiligung.settings"}
    if url.startswith("postgres"):
        template = migrated_db.postgres_template(url)
        if template is None:
            template = f"{urlsplit(url).path.lstrip('/')}_faults_template_{os.getpid()}"
            with psycopg_admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{template}"')
            run_manage({**env, "DATABASE_URL": postgres_url(template)}, "migrate", "-v0")
        return {"postgres": template}
    saved = migrated_db.saved_database()
    if saved is not None:
        return {"sqlite": saved}
    path = tmp_path_factory.mktemp("faults") / "template.sqlite3"
    run_manage({**env, "DATABASE_URL": f"sqlite:///{path}"}, "migrate", "-v0")
    return {"sqlite": path}


class Portal:
    """A database of its own, the cluster processes started against it, and SQL to look."""

    def __init__(self, migrated: dict, tmp_path: Path, smtp_port: int) -> None:
        self.tmp_path = tmp_path
        self.clusters: list[subprocess.Popen] = []
        if "postgres" in migrated:
            base = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "beteiligung"
            name = f"{base}_faults_{os.getpid()}"
            with psycopg_admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated["postgres"]}"')
            self.name, self.url = name, postgres_url(name)
        else:
            self.path = tmp_path / "portal.sqlite3"
            shutil.copy(migrated["sqlite"], self.path)
            self.name, self.url = None, f"sqlite:///{self.path}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "beteiligung.settings",
            "DATABASE_URL": self.url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_TIMEOUT": "5",
            "EMAIL_OUTBOX_RETRY_SECONDS": "1",
            "EMAIL_OUTBOX_LEASE_SECONDS": "5",
            "Q_WORKERS": str(WORKERS),
            "Q_POLL": "0.2",
            "Q_LOG_LEVEL": "INFO",
        }
        if os.environ.get("REDIS_URL"):
            import redis

            self.env["REDIS_URL"] = redis_dbs.fault_test_url()
            # The broker's queue and the cache: nothing left from an earlier test.
            redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()

    def run(self, scenario: str, *args: int) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "tests.core.fault_scenarios", scenario, *map(str, args)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start_cluster(self) -> subprocess.Popen:
        log = open(self.tmp_path / f"cluster-{len(self.clusters)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_path = Path(log.name)
        self.clusters.append(process)
        return process

    def sweep_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Queue the outbox sweep every two seconds until ``condition`` holds: the scheduler
        queues it every minute, and django-q2's scheduler looks only every 30 s, which made
        each of these tests wait half a minute or more for the clock. One process queues
        them all (a process per sweep cost three seconds of CPU each to start Django)."""
        sweeper = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "tests.core.fault_scenarios", "queue_sweep_every", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + timeout
            while not condition():
                assert sweeper.poll() is None, sweeper.stderr.read().decode()
                if time.monotonic() > deadline:
                    raise AssertionError(f"not within {timeout:.0f} s: {what}")
                time.sleep(0.25)
        finally:
            sweeper.kill()
            sweeper.wait()

    def kill(self, cluster: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        """Kill the cluster and its workers at once, as a machine that loses power."""
        if cluster.poll() is None:
            os.killpg(cluster.pid, sig)
            cluster.wait(timeout=30)

    def query(self, sql: str) -> list[tuple]:
        if self.name is None:
            with sqlite3.connect(self.path, timeout=20) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()

    def outbox(self) -> list[tuple]:
        return self.query("SELECT id, status, attempts FROM beteiligung_outboxemail ORDER BY id")

    def close(self) -> None:
        for cluster in self.clusters:
            if cluster.poll() is None:
                # To the leader only: it stops its workers itself (see runportal.stop).
                cluster.send_signal(signal.SIGTERM)
                try:
                    cluster.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(cluster.pid, signal.SIGKILL)
                    cluster.wait()
        if self.name is not None:
            with psycopg_admin() as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def portal(migrated, tmp_path, smtp_port):
    portal = Portal(migrated, tmp_path, smtp_port)
    yield portal
    portal.close()


@pytest.fixture
def start_smtp(smtp_port):
    controllers = []

    def start(delay: float = 0.0) -> Inbox:
        inbox = Inbox(delay)
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def test_mails_written_while_the_mail_server_is_down_arrive_once_each_when_it_is_back(
    portal, start_smtp
):
    portal.run("one_mail_of_each_kind")
    outbox = portal.outbox()
    assert len(outbox) == 4
    portal.start_cluster()
    # The cluster tried each one at once and the server refused: all still waiting.
    wait_until(
        lambda: all(
            status == "queued" and attempts >= 1 for _id, status, attempts in portal.outbox()
        ),
        60,
        "every mail tried once",
    )

    inbox = start_smtp()
    # The outbox sweep (every minute) sends them.
    portal.sweep_until(
        lambda: all(status == "sent" for _id, status, _attempts in portal.outbox()),
        90,
        "every mail sent after the server came back",
    )
    assert inbox.outbox_ids() == collections.Counter(row[0] for row in outbox)
    recipients = sorted(m["To"] for m in inbox.messages)
    assert recipients == [
        "booking@example.org",
        "event@example.org",
        "report@example.org",
        "statement@example.org",
    ]
    subjects = " | ".join(m["Subject"] for m in inbox.messages)
    for words in ("Termin", "Anmeldung", "Meldung", "Stellungnahme"):
        assert words in subjects


def test_a_cluster_killed_mid_batch_delivers_all_forty_mails_after_a_restart(portal, start_smtp):
    portal.run("registrations", 40)
    ids = [row[0] for row in portal.outbox()]
    assert len(ids) == 40
    inbox = start_smtp(delay=0.15)

    first = portal.start_cluster()
    wait_until(lambda: len(inbox.messages) >= 8, 60, "the first mails sent")
    # Half a mail later: the workers are busy with the next ones. (Killed the moment the server
    # has accepted a mail, before its worker marked it sent, that one mail comes twice.)
    time.sleep(0.07)
    portal.kill(first)
    delivered_before_kill = len(inbox.messages)
    assert delivered_before_kill < 40

    portal.start_cluster()
    # The restarted cluster sends what was still queued; the sweep sends the mails the killed
    # workers held, once their lease (5 s here) is over.
    portal.sweep_until(
        lambda: all(status == "sent" for _id, status, _attempts in portal.outbox()),
        90,
        "every mail sent after the restart",
    )
    delivered = inbox.outbox_ids()
    assert set(delivered) == set(ids)
    duplicates = {pk: count for pk, count in delivered.items() if count > 1}
    print(
        f"\n40 mails, SIGKILL after {delivered_before_kill} delivered: "
        f"{len(inbox.messages)} delivered in all, duplicates {duplicates or 'none'}"
    )
    # At least once: only a mail the server had accepted when its worker died can come twice,
    # so at most one per worker.
    assert sum(count - 1 for count in duplicates.values()) <= WORKERS


def test_a_reminder_run_killed_midway_is_made_good_by_the_next_run_once_per_person(portal):
    portal.env["EMAIL_URL"] = "dummymail://"
    portal.run("reminder_run", REMINDED)

    first = portal.start_cluster()
    wait_until(
        lambda: "events.tasks.send_reminders" in first.log_path.read_text(),
        60,
        "the reminder run started",
    )
    # Kill it as soon as a first reminder is on record, or after 0.2 s of work when no
    # progress shows (the run is one transaction): in the middle of the run either way. On a
    # quiet machine the whole run takes about a second, so 1.5 s came too late.
    started = time.monotonic()
    wait_until(
        lambda: (
            time.monotonic() - started > 0.2
            or portal.query(
                "SELECT count(*) FROM events_registration WHERE reminded_at IS NOT NULL"
            )
            != [(0,)]
        ),
        10,
        "the first reminder, or 0.2 s",
    )
    portal.kill(first)
    finished = portal.query(
        "SELECT count(*) FROM django_q_task WHERE func = 'events.tasks.send_reminders'"
    )
    assert finished == [(0,)], "the run had finished before the kill"

    # The next hourly run.
    portal.start_cluster()
    portal.run("queue_reminders")
    wait_until(
        lambda: (
            portal.query(
                "SELECT count(*) FROM django_q_task WHERE func = 'events.tasks.send_reminders'"
            )
            == [(1,)]
        ),
        90,
        "the next reminder run finished",
    )
    reminded = portal.query(
        "SELECT count(*) FROM events_registration WHERE reminded_at IS NOT NULL"
    )
    assert reminded == [(REMINDED,)]
    # SQL, not a Django process (three seconds of CPU to start); SQLite keeps JSON as text.
    recipients = [
        json.loads(to) if isinstance(to, str) else to
        for (to,) in portal.query(
            "SELECT \"to\" FROM beteiligung_outboxemail WHERE subject LIKE '%Erinnerung%'"
        )
    ]
    per_person = collections.Counter(to[0] for to in recipients)
    assert len(per_person) == REMINDED
    assert set(per_person.values()) == {1}
