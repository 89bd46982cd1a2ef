"""Results page and exports of a 20-question survey with growing numbers of responses, as
CPU ms and as a ratio to a bare template view measured in the same run (bench/baseline.py).

"first view" is the first after a new response (the results are counted); "again" is the
median of 5 further views (the results come from the cache until the next response).

Usage: .venv/bin/python bench/surveys_results.py [sizes…]   (default 1000 10000)
Uses a throwaway SQLite file unless DATABASE_URL is set.
"""

import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="surveys_bench_media_"))
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import baseline  # noqa: E402
from beteiligung.models import Organisation, User  # noqa: E402
from cms.demo import home_page  # noqa: E402
from surveys.models import (  # noqa: E402
    ResultsVisibility,
    SurveyExportFile,
    SurveyFormField,
    SurveyPage,
    SurveySubmission,
)

OPTIONS = ["Eins", "Zwei", "Drei", "Vier", "Fünf"]
KINDS = [
    "radio", "dropdown", "checkboxes", "scale", "matrix", "ranking", "number", "date",
    "singleline", "multiline",
]  # fmt: skip


def build_survey(organisation) -> SurveyPage:
    questions = []
    for n in range(20):
        kind = KINDS[n % len(KINDS)]
        questions.append(
            SurveyFormField(
                label=f"Frage {n + 1}",
                field_type=kind,
                choices="\n".join(OPTIONS),
                items="A\nB\nC\nD",
                allow_other=kind == "radio",
                required=False,
            )
        )
    page = SurveyPage(
        title="Bench",
        slug=f"bench-{SurveyPage.objects.count()}",
        organisation=organisation,
        results_visibility=ResultsVisibility.LIVE,
    )
    page.form_fields = questions
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def answers(page: SurveyPage, rng: random.Random) -> dict:
    data = {}
    for q in page.questions():
        kind = q.field_type
        if kind in ("radio", "dropdown"):
            data[q.clean_name] = rng.choice(OPTIONS)
        elif kind == "checkboxes":
            data[q.clean_name] = rng.sample(OPTIONS, rng.randint(1, 3))
        elif kind == "scale":
            data[q.clean_name] = rng.randint(1, 5)
        elif kind == "matrix":
            data[q.clean_name] = {item: rng.randint(1, 5) for item in "ABCD"}
        elif kind == "ranking":
            data[q.clean_name] = rng.sample(OPTIONS, len(OPTIONS))
        elif kind == "number":
            data[q.clean_name] = rng.randint(0, 100)
        elif kind == "date":
            data[q.clean_name] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        else:
            data[q.clean_name] = rng.choice(["", "Eine längere Anmerkung zur Frage."])
    return data


def once(client: Client, url: str, ok=(200,)) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as captured:
        cpu, _wall, response = baseline.timed(lambda: client.get(url), repeat=1)
    assert response.status_code in ok, response.status_code
    return cpu, len(captured), len(response.content)


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    baseline.install()
    organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    organisation.ensure_roles()
    staff = User.objects.filter(username="bench-staff").first() or User.objects.create_user(
        "bench-staff", "bench@example.org", "x"
    )
    organisation.add_member(staff, "editor")
    client, public = Client(), Client()
    client.force_login(staff)
    rng = random.Random(1)
    bare = baseline.bare_ms(public)
    print(f"database: {connection.vendor}")
    print(baseline.header(bare))
    print(
        f"{'responses':>10} {'view':>24} {'CPU ms':>8} {'ratio':>12} {'queries':>8} {'bytes':>10}"
    )
    for size in sizes:
        page = build_survey(organisation)
        SurveySubmission.objects.bulk_create(
            (
                SurveySubmission(page=page, form_data=answers(page, rng), delete_after="2099-01-01")
                for _n in range(size)
            ),
            batch_size=1000,
        )
        results = f"/umfragen/{page.pk}/ergebnisse/"
        rows = []
        for label, url in [("results", results), ("filtered", results + "?filter=frage_1::Eins")]:
            rows.append((f"{label}, first view", *once(public, url)))
            cpu, _wall, response = baseline.timed(lambda url=url: public.get(url))
            with CaptureQueriesContext(connection) as captured:
                public.get(url)
            rows.append((f"{label}, again", cpu, len(captured), len(response.content)))
        SurveySubmission.objects.create(
            page=page, form_data=answers(page, rng), delete_after="2099-01-01"
        )
        rows.append(("results after 1 new", *once(public, results)))
        rows.append(("csv", *once(client, f"/umfragen/{page.pk}/export.csv")))
        # Above SURVEY_EXPORT_INLINE_MAX the click only queues the build; the task's own
        # time is measured by building the file here, as the worker does.
        queued = page.get_submissions().count() > settings.SURVEY_EXPORT_INLINE_MAX
        xlsx = "xlsx click (queued)" if queued else "xlsx"
        rows.append((xlsx, *once(client, f"/umfragen/{page.pk}/export.xlsx", ok=(200, 302))))
        if queued:
            export = SurveyExportFile.objects.filter(page=page).first()
            with CaptureQueriesContext(connection) as captured:
                cpu, _wall, _none = baseline.timed(export.build, repeat=1)
            rows.append(("xlsx built by the task", cpu, len(captured), export.file.size))
        for label, cpu, queries, length in rows:
            print(
                f"{size:>10} {label:>24} {cpu:>8.0f} {baseline.ratio(cpu, bare):>12}"
                f" {queries:>8} {length:>10}"
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
