"""Serve the portal locally: the django-q2 cluster and the development server together."""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

# Long enough for the cluster to let its worker finish on a busy machine.
STOP_TIMEOUT = 30


class Command(BaseCommand):
    help = "Start the task cluster (qcluster) and the web server; stop both with Ctrl-C."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host: str, port: str, **options) -> None:
        manage = [sys.executable, "manage.py"]
        # Each child leads its own process group: runserver's autoreloader and qcluster's
        # workers are grandchildren, and stopping a group reaches them as well.
        children = [
            subprocess.Popen([*manage, "qcluster"], start_new_session=True),  # noqa: S603
            subprocess.Popen(  # noqa: S603
                [*manage, "runserver", f"{host}:{port}"], start_new_session=True
            ),
        ]
        stop_requested: list[int] = []

        def request_stop(signum: int, frame) -> None:
            stop_requested.append(signum)

        previous = {
            signum: signal.signal(signum, request_stop)
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            while not stop_requested and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            stop(children)
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def stop(children: list[subprocess.Popen]) -> None:
    """Ask the cluster and the web server to stop, then SIGKILL what is left after a while.

    The cluster (first child) gets SIGTERM on its leader only: its sentinel resets SIGTERM to
    the default, so a signal to the whole group killed the sentinel at once and left the leader
    waiting for children nobody stopped, until the timeout. The web server's group gets
    it, because runserver's autoreloader would otherwise leave the serving child behind."""
    cluster, *servers = children
    cluster.send_signal(signal.SIGTERM)
    for child in servers:
        signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            signal_group(child, signal.SIGKILL)
            child.wait()
            # args[2] is the command: qcluster or runserver.
            sys.stderr.write(
                f"runportal: {child.args[2]} did not stop within {STOP_TIMEOUT} s and was killed\n"
            )
        # The leader may be gone while its group still has members (qcluster's workers).
        signal_group(child, signal.SIGKILL)


def signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(child.pid, signum)
