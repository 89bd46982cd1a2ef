"""Time to compute a day's alerts for 100,000 followers, and the ratio to a bare view.

    .venv/bin/python bench/alerts.py [followers]

40 procedures (each with a planning area, topics and four phases) of 5 organisations, placed
so that on the measured day 10 participation phases begin, 10 deadlines come near and 6
results are published, plus 8 new procedures and 20 new events. 100,000 confirmed follows
without an account: 40 % circles (1–25 km) around random points in Hessen, 25 % procedures,
15 % organisations, 15 % topics, 5 % municipalities by name; 60 % immediate, 30 % daily,
10 % weekly. Measured: the scheduled run (collect, match, write deliveries, render and
queue the mails into the outbox), the same run again (which must find nothing new), and the
daily digest. The bare view is /healthz/ through the same test client.

Uses a throwaway SQLite file unless DATABASE_URL names another database (it must be a
scratch database: the benchmark adds pages and follows to it).
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.gettempdir()) / "alerts_bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    SCRATCH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

FOLLOWERS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
TOPICS = [
    "Radverkehr",
    "Windkraft",
    "Wohnen",
    "Schule",
    "Lärmschutz",
    "Grünflächen",
    "Parken",
    "Wasser",
    "Gewerbe",
    "Klima",
]
TOWNS = ["Darmstadt", "Wiesbaden", "Kassel", "Gießen", "Fulda", "Marburg", "Hanau", "Offenbach"]
# Hessen, roughly.
LAT, LON = (49.4, 51.6), (7.8, 10.2)
DAY = datetime.timedelta(days=1)


def square(lat: float, lon: float, size: float = 0.05) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + size, lat],
                [lon + size, lat + size],
                [lon, lat + size],
                [lon, lat],
            ]
        ],
    }


def build(now: datetime.datetime, rng: random.Random):
    from cms.demo import home_page
    from cms.procedures import Phase, PhaseKind, ProcedureIndexPage, ProcedurePage
    from events.models import EventPage
    from tests.conftest import make_organisation

    home = home_page()
    index = ProcedureIndexPage(title="Verfahren", slug="verfahren")
    home.add_child(instance=index)
    organisations = [make_organisation(f"Kreis {n}") for n in range(5)]
    procedures = []
    for number in range(40):
        kind = number % 4  # 0: opens today, 1: deadline near, 2: results today, 3: quiet
        if kind == 0:
            participation_start = now - datetime.timedelta(hours=rng.randint(1, 20))
        elif kind == 1:
            participation_start = now + DAY * 2 - DAY * 30
        else:
            participation_start = now - DAY * rng.randint(40, 60)
        participation_end = participation_start + DAY * 30
        start = participation_start - DAY * 5
        phases = [
            Phase(
                kind=PhaseKind.INFORMATION,
                title="Information",
                start=start,
                end=participation_start,
            ),
            Phase(
                kind=PhaseKind.PARTICIPATION,
                title="Beteiligung",
                start=participation_start,
                end=participation_end,
            ),
            Phase(
                kind=PhaseKind.EVALUATION,
                title="Auswertung",
                start=participation_end,
                end=participation_end + DAY * 30,
            ),
            Phase(
                kind=PhaseKind.RESULT,
                title="Ergebnis",
                start=participation_end + DAY * 30,
                end=participation_end + DAY * 60,
            ),
        ]
        town = TOWNS[number % len(TOWNS)]
        page = ProcedurePage(
            title=f"Bebauungsplan {town} {number}",
            slug=f"plan-{number}",
            summary="Ein neues Quartier mit Wohnungen, Schule und Radwegen.",
            organisation=organisations[number % 5],
            planning_area=square(rng.uniform(*LAT), rng.uniform(*LON)),
            area_description=f"{town}, Innenstadt",
            phases=phases,
            results_published_at=now - datetime.timedelta(hours=3) if kind == 2 else None,
        )
        index.add_child(instance=page)
        page.tags.add(*rng.sample(TOPICS, 2))
        # Eight procedures are new today, the others were published weeks ago.
        published = now - datetime.timedelta(hours=2) if number < 8 else now - DAY * 40
        ProcedurePage.objects.filter(pk=page.pk).update(
            first_published_at=published, last_published_at=published
        )
        procedures.append(page)
    for number in range(20):
        parent = procedures[number]
        start = now + DAY * 10
        event = EventPage(
            title=f"Infoabend {number}",
            slug=f"infoabend-{number}",
            intro="Wir stellen den Entwurf vor.",
            start=start,
            end=start + datetime.timedelta(hours=2),
            place_name="Bürgerhaus",
            latitude=f"{rng.uniform(*LAT):.6f}",
            longitude=f"{rng.uniform(*LON):.6f}",
            organisation=parent.organisation,
        )
        parent.add_child(instance=event)
        EventPage.objects.filter(pk=event.pk).update(
            first_published_at=now - datetime.timedelta(hours=1)
        )
    return organisations, procedures


def add_followers(count: int, organisations, procedures, rng: random.Random) -> None:
    from taggit.models import Tag

    from alerts.models import FollowKind, Frequency, Subscription

    slugs = list(Tag.objects.values_list("slug", flat=True))
    frequencies = [Frequency.IMMEDIATE] * 6 + [Frequency.DAILY] * 3 + [Frequency.WEEKLY]
    confirmed = timezone.now()
    rows = []
    for number in range(count):
        share = number % 20
        fields = {}
        if share < 8:
            fields = {
                "kind": FollowKind.AREA,
                "place": "Punkt",
                "latitude": f"{rng.uniform(*LAT):.6f}",
                "longitude": f"{rng.uniform(*LON):.6f}",
                "radius_km": rng.choice([1, 2, 5, 10, 25]),
            }
        elif share < 13:
            fields = {"kind": FollowKind.PROCEDURE, "procedure_id": rng.choice(procedures).pk}
        elif share < 16:
            fields = {"kind": FollowKind.ORGANISATION, "organisation": rng.choice(organisations)}
        elif share < 19:
            fields = {"kind": FollowKind.TOPIC, "topic": rng.choice(slugs)}
        else:
            fields = {"kind": FollowKind.AREA, "place": rng.choice(TOWNS)}
        subscription = Subscription(
            email=f"person{number}@bench.example",
            frequency=rng.choice(frequencies),
            confirmed_at=confirmed,
            **fields,
        )
        subscription.target = subscription.target_key()
        rows.append(subscription)
    Subscription.objects.bulk_create(rows, batch_size=5000)


def timed(func, *args, count_queries: bool = False):
    """Time one call; the query log (which formats every statement, the outbox's large
    INSERTs too) only where asked, so that it does not weigh on the timing."""
    if not count_queries:
        started = time.perf_counter()
        result = func(*args)
        return result, time.perf_counter() - started, None
    connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = func(*args)
        elapsed = time.perf_counter() - started
    return result, elapsed, len(queries)


def bare_view_ms() -> float:
    client = Client()
    client.get("/healthz/")
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        client.get("/healthz/")
        timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[len(timings) // 2] * 1000


def main() -> None:
    from alerts import services
    from alerts.models import Delivery
    from beteiligung.models import OutboxEmail

    setup_test_environment()
    call_command("migrate", verbosity=0)
    rng = random.Random(21)
    now = timezone.now()
    started = time.perf_counter()
    organisations, procedures = build(now, rng)
    add_followers(FOLLOWERS, organisations, procedures, rng)
    print(
        f"setup: {FOLLOWERS:,} followers, 40 procedures, 20 events "
        f"({time.perf_counter() - started:.1f} s), database {connection.vendor}"
    )

    counts, first, _queries = timed(services.collect_and_dispatch, now)
    deliveries = Delivery.objects.count()
    waiting = Delivery.objects.filter(sent_at=None).count()
    mails = OutboxEmail.objects.count()
    _again, second, second_queries = timed(services.collect_and_dispatch, now, count_queries=True)
    assert OutboxEmail.objects.count() == mails, "the second run queued mails again"
    digests, digest_time, _queries = timed(services.send_digests, "daily")
    bare = bare_view_ms()

    print(f"occurrences of the day: {counts['occurrences']}")
    print(f"deliveries: {deliveries:,} ({mails:,} mails at once, {waiting:,} for digests)")
    print(
        f"the day's run (collect, match, deliver, render, queue): {first:.2f} s, "
        f"{first * 1000 / max(deliveries, 1):.3f} ms per delivery"
    )
    print(f"the same run again (nothing new): {second:.2f} s, {second_queries} queries")
    print(f"daily digests: {digests:,} mails in {digest_time:.2f} s")
    print(
        f"bare view /healthz/: {bare:.2f} ms (median of 200); the day's run = "
        f"{first * 1000 / bare:,.0f} bare views, one delivery = "
        f"{first * 1000 / max(deliveries, 1) / bare:.2f} bare views"
    )


if __name__ == "__main__":
    main()
