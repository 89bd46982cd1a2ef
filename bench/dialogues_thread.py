"""Render time, query count and size of a dialogue with 10 … 10,000 comments, and of one
with 1,000 comments in 5 threads, each as a ratio to a bare template view (bench/baseline.py).

    .venv/bin/python bench/dialogues_thread.py

Uses a throwaway SQLite file unless DATABASE_URL names another database (it must be a
scratch database: the benchmark adds dialogues and comments to it). A quarter of the
comments start a thread; the rest are replies on levels 2 and 3.
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.gettempdir()) / "dialogues_bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    SCRATCH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")
os.environ.setdefault("Q_LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import baseline  # noqa: E402

# (comments, threads); None: a quarter of the comments start a thread.
SIZES = [(10, None), (100, None), (1_000, None), (10_000, None), (1_000, 5)]


def build(size: int, home, organisation, people, threads: int | None = None):
    import datetime
    import random

    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from dialogues.models import Comment, DialoguePage, Support

    page = DialoguePage(
        title=f"Dialog mit {size} Beiträgen",
        slug=f"dialog-{size}-{threads or 'viele'}",
        question="Wie soll der Marktplatz künftig genutzt werden?",
        organisation=organisation,
    )
    home.add_child(instance=page)
    rng = random.Random(size)
    now = timezone.now()

    def comment(n: int, parent=None) -> Comment:
        text = f"Beitrag {n}: Mehr Bäume, Bänke und Schatten, siehe https://example.org/{n}"
        rendered = (
            {"text_html": Comment.render_text(text)} if hasattr(Comment, "render_text") else {}
        )
        return Comment(
            page=page,
            organisation=organisation,
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 1,
            author=rng.choice(people),
            text=text,
            # Numbered across all three levels, so a reply is always younger than its parent.
            created_at=now - datetime.timedelta(minutes=size - n),
            **rendered,
        )

    count = threads or max(1, size // 4)
    roots = Comment.objects.bulk_create([comment(n) for n in range(count)], batch_size=1000)
    rest = size - len(roots)
    second = Comment.objects.bulk_create(
        [comment(count + n, rng.choice(roots)) for n in range(rest // 2)], batch_size=1000
    )
    start = count + len(second)
    Comment.objects.bulk_create(
        [comment(start + n, rng.choice(second or roots)) for n in range(rest - len(second))],
        batch_size=1000,
    )
    replies = (
        Comment.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Comment.objects.filter(page=page).update(reply_count=Coalesce(Subquery(replies), 0))
    try:
        from dialogues.models import number_threads
    except ImportError:  # a checkout from before the stored places (a "before" run)
        pass
    else:
        number_threads(Comment.objects.filter(page=page))
    supported = rng.sample(roots, min(len(roots), 200))
    Support.objects.bulk_create(
        [Support(user=people[0], comment=c) for c in supported], ignore_conflicts=True
    )
    for c in supported:
        Comment.objects.filter(pk=c.pk).update(support_count=rng.randint(1, 50))
    return page


def measure(client: Client, url: str) -> tuple[float, int, int]:
    client.get(url)  # warm caches
    cpu, _wall, response = baseline.timed(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return cpu, len(captured), len(response.content)


def main() -> None:
    # No setup_test_environment(): its instrumented renderer copies the context on every
    # include and would dominate the figures of a recursive thread.
    baseline.install()
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)

    from allauth.account.models import EmailAddress

    from beteiligung.models import Organisation, User
    from beteiligung.roles import Role
    from cms.demo import home_page

    home = home_page()
    organisation, _ = Organisation.objects.get_or_create(slug="bench", name="Bench-Stadt")
    people = []
    for n in range(20):
        user, _ = User.objects.get_or_create(
            username=f"person{n}@bench.example",
            defaults={"email": f"person{n}@bench.example", "display_name": f"Person {n}"},
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        people.append(user)
    moderator, _ = User.objects.get_or_create(
        username="moderation@bench.example", email="moderation@bench.example"
    )
    organisation.add_member(moderator, Role.MODERATOR)
    anonymous, citizen, staff = Client(), Client(), Client()
    citizen.force_login(people[0])
    staff.force_login(moderator)

    bare = baseline.bare_ms(anonymous)
    print(baseline.header(bare))
    print(
        f"{'comments':>9} {'threads':>7}  {'view':>28}  {'CPU ms':>8}  {'ratio':>12}"
        f"  {'queries':>7}  {'KB':>6}"
    )
    for size, threads in SIZES:
        page = build(size, home, organisation, people, threads)
        rows = [
            ("dialogue, anonymous", anonymous, page.url),
            ("dialogue, citizen", citizen, page.url),
            ("dialogue, moderator", staff, page.url),
            ("most supported, citizen", citizen, page.url + "?sortierung=unterstuetzt"),
            ("most discussed, last page", citizen, page.url + "?sortierung=diskutiert&seite=9999"),
        ]
        for label, client, url in rows:
            ms, queries, size_bytes = measure(client, url)
            print(
                f"{size:>9} {threads or size // 4:>7}  {label:>28}  {ms:>8.1f}"
                f"  {baseline.ratio(ms, bare):>12}  {queries:>7}  {size_bytes / 1024:>6.0f}"
            )


if __name__ == "__main__":
    main()
