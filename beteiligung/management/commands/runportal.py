"""Serve the portal locally: the django-q2 cluster and the development server together."""

import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the task cluster (qcluster) and the web server; stop both with Ctrl-C."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host: str, port: str, **options) -> None:
        manage = [sys.executable, "manage.py"]
        cluster = subprocess.Popen([*manage, "qcluster"])  # noqa: S603
        try:
            subprocess.call([*manage, "runserver", f"{host}:{port}"])  # noqa: S603
        except KeyboardInterrupt:
            pass
        finally:
            cluster.terminate()
            cluster.wait(timeout=20)
