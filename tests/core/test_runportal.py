"""`manage.py runportal` stops the task cluster and the web server when it is stopped."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from beteiligung.management.commands.runportal import STOP_TIMEOUT
from tests import migrated_db

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, read from /proc (children of children too)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def migrated_copy(path: Path) -> Path:
    """A migrated database for the portal: on an empty one the cluster's broker fails to read
    its queue and waits ten seconds before it looks again, and stopping waited for that. A
    copy of the suite's migrated file when there is one, else the task queue's tables alone."""
    if saved := migrated_db.saved_database():
        shutil.copy(saved, path)
    else:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
        command = [sys.executable, "manage.py", "migrate", "django_q", "-v0"]
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    return path


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_it_stops_the_cluster_and_the_web_server_on_a_signal(tmp_path, signum):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{migrated_copy(tmp_path / 'db.sqlite3')}",
        "Q_WORKERS": "1",
    }
    errors = tmp_path / "stderr.txt"
    portal = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runportal", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors.open("w"),
    )
    try:
        deadline = time.monotonic() + 120  # a guard against a hang, not a speed test
        while not port_open(port):
            assert portal.poll() is None, "runportal ended before serving"
            assert time.monotonic() < deadline, "the web server did not start"
            time.sleep(0.3)
        children = descendants(portal.pid)
        assert len(children) >= 3  # qcluster with its worker, runserver and its reloader

        portal.send_signal(signum)
        assert portal.wait(timeout=STOP_TIMEOUT + 30) is not None
        # The cluster and the server stopped by themselves: runportal killed neither after
        # its STOP_TIMEOUT (it says so when it has to).
        assert "was killed" not in errors.read_text()

        time.sleep(0.5)
        assert [pid for pid in children if alive(pid)] == []
        assert not port_open(port)
    finally:
        if portal.poll() is None:
            portal.kill()
