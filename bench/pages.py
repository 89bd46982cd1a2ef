"""CPU time and queries of the pages anonymous visitors see, against a bare template view
measured in the same run, cold (caches emptied before each request) and cached.

    .venv/bin/python bench/pages.py                 (REPEAT=9 by default)

Runs on a throwaway SQLite file with the demo content (seed_demo) unless DATABASE_URL names
another database (a scratch one: seed_demo writes to it), with DEBUG off, through Django's
test client in this one process. "CPU ms" is the median process time of one request;
"% of bare" is the bare view's time divided by the page's (the share of the bare view's
throughput the page would reach); "base template" is the portal's layout with an empty
content block, so its difference to the bare view is what the layout costs every page. A second table
does the same for a logged-in citizen, against a bare view that loads the session and user.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.gettempdir()) / "pages_bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    SCRATCH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="pages_bench_media_"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "9"))


def measure(url: str, *, cold: bool, user=None) -> tuple[float, int, str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(url)  # templates compiled, connections open
    timings, queries, state = [], 0, ""
    for _ in range(REPEAT):
        if cold:
            cache.clear()
        if user is None:
            # A new visitor each time, through the same client: a new Client loads the
            # whole middleware again (WhiteNoise lists every static file then), about 30 ms
            # that no server pays per request and that hid the pages' own cost.
            client.cookies.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.process_time()
            response = client.get(url)
            timings.append(time.process_time() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries, state = len(captured), response.get("X-Cache", "–")
    return statistics.median(timings) * 1000, queries, state


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "bench.pages_urls"
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from cms.procedures import ProcedurePage
    from dialogues.models import Comment, DialoguePage

    procedure = ProcedurePage.objects.live().get(slug="regionalplan-suedhessen-2026")
    dialogue = DialoguePage.objects.live().first()
    comments = Comment.objects.filter(page=dialogue).count()
    rows = [
        ("/healthz/", "/healthz/"),
        ("bare template view", "/bench/bare/"),
        ("base template (empty)", "/bench/base/"),
        ("home", "/"),
        ("procedure page", procedure.url),
        (f"dialogue ({comments} comments)", dialogue.url),
        ("/verfahren/", "/verfahren/"),
        ("/veranstaltungen/", "/veranstaltungen/"),
    ]
    bare_ms = {}
    print(f"median of {REPEAT}, anonymous visitor, CPU time of one request")
    print(f"{'page':<26} {'':>6} {'CPU ms':>8} {'queries':>7} {'% of bare':>9} {'X-Cache':>7}")
    for cold in (True, False):
        bare_ms[cold] = measure("/bench/bare/", cold=cold)[0]
        for label, url in rows:
            ms, queries, state = measure(url, cold=cold)
            share = 100 * bare_ms[cold] / ms if ms else 0
            print(
                f"{label:<26} {'cold' if cold else 'cached':>6} {ms:>8.2f} {queries:>7} "
                f"{share:>8.1f}% {state:>7}"
            )

    # Logged in, nothing is cached whole; the reference is the bare view that also loads
    # the session and the user (2 queries), as every page for a logged-in visitor does, so
    # the base template's row shows what the layout itself adds.
    from beteiligung.models import User

    citizen = User.objects.get(email="buergerin@example.org")
    print(f"\nmedian of {REPEAT}, logged in ({citizen.email}), CPU time of one request")
    print(f"{'page':<26} {'CPU ms':>8} {'queries':>7} {'+ms over bare':>13}")
    reference = measure("/bench/bare-user/", cold=False, user=citizen)[0]
    for label, url in [("bare view, user loaded", "/bench/bare-user/"), *rows[2:]]:
        ms, queries, _state = measure(url, cold=False, user=citizen)
        print(f"{label:<26} {ms:>8.2f} {queries:>7} {ms - reference:>+13.2f}")


if __name__ == "__main__":
    main()
