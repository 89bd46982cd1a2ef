"""The yardstick every benchmark measures in its own run: a bare template view.

The figures of one machine mean little on another, and less when other work shares its
cores; a view that renders a one-line template through the same middleware, measured in
the same run, gives each figure a ratio that travels (``× bare``).

    from bench import baseline          # after django.setup()
    baseline.install()                  # adds /__bare__/ in front of the project's URLs
    bare = baseline.bare_ms(client)     # CPU ms of the bare view, median of 5
    cpu, wall, response = baseline.timed(lambda: client.get(url))
    print(baseline.ratio(cpu, bare))    # "12.3× bare"

Times are CPU time of this process (``time.process_time``), as in issue #18: they do not
grow when a neighbour takes the other core. Wall time is returned too.
"""

import os
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import clear_url_caches, include, path

REPEAT = 5
BARE_URL = "/__bare__/"
_TEMPLATE = None


def bare_view(request: HttpRequest) -> HttpResponse:
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = engines["django"].from_string(
            "<!doctype html><html lang=de><title>{{ title }}</title><p>{{ title }}</p></html>"
        )
    return HttpResponse(_TEMPLATE.render({"title": "Bare"}, request))


urlpatterns = [path("__bare__/", bare_view), path("", include("beteiligung.urls"))]


def install() -> None:
    settings.ROOT_URLCONF = "bench.baseline"
    settings.ALLOWED_HOSTS = ["*"]
    clear_url_caches()


def timed(call: Callable, repeat: int = REPEAT, before: Callable | None = None):
    """Median CPU ms and wall ms of ``call`` over ``repeat`` runs, and its last result."""
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        if before:
            before()
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = call()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    return statistics.median(cpu), statistics.median(wall), result


def bare_ms(client) -> float:
    client.get(BARE_URL)
    cpu, _wall, response = timed(lambda: client.get(BARE_URL), repeat=21)
    assert response.status_code == 200, response.status_code
    return cpu


def ratio(ms: float, bare: float) -> str:
    return f"{ms / bare:.1f}× bare" if bare else "–"


def header(bare: float) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"bare template view: {bare:.2f} ms CPU (median of 21); load average {load}"
