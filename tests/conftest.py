"""Shared builders and fixtures: a citizen, staff of an organisation, the demo page tree,
and the real browser (Debian's Chromium via Playwright) with ``axe_check``, the reusable
accessibility gate: it runs axe-core (WCAG 2.0/2.1 A and AA) in the open page and fails
with the violations. The ``page`` fixture records every request to another host."""

import datetime
import os
import shutil
from collections.abc import Iterator

import pytest
import time_machine
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.test import TransactionTestCase
from django.utils import timezone, translation
from django_q.conf import Conf
from modelsearch import index
from modelsearch import signal_handlers as search_signals
from playwright.sync_api import sync_playwright
from wagtail.signal_handlers import (
    connect_reference_index_signal_handlers,
    disconnect_reference_index_signal_handlers,
)

from beteiligung.models import Organisation, User
from beteiligung.roles import Role
from tests import demo_snapshot, migrated_db


def pytest_configure(config) -> None:
    """In the process that controls the xdist workers: start migrating the database the workers
    copy (tests/migrated_db.py) before they start."""
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        config._background_migration = migrated_db.migrate_in_background()


def pytest_unconfigure(config) -> None:
    if process := getattr(config, "_background_migration", None):
        migrated_db.stop_background(process)


@pytest.fixture(autouse=True)
def _fast_and_synchronous(settings, monkeypatch):
    # Rate limits count in the cache; every test starts with none used.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test client loads the middleware anew, and WhiteNoise would then list every file
    # the static finders know (15 % of the CPU time of a run of the view tests); looked up per
    # request instead, as in development.
    settings.WHITENOISE_AUTOREFRESH = True
    # django-q2 runs each task through its real worker code in this process; the queue
    # tests in tests/core/test_queue.py switch this off to go through the broker.
    monkeypatch.setattr(Conf, "SYNC", True)
    # A request in English leaves English active in this thread; texts a test creates
    # (model defaults such as a survey's thank-you text) are German, as in the portal.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _indexes_only_where_read(request) -> Iterator[None]:
    """Wagtail updates its search index and its reference index ("usage") on every save of a
    page, image or snippet, through a task for each: 14 % of the Python CPU of the tests of
    cms, events and dialogues on PostgreSQL, most of it for pages a test only needs to exist.
    Tests that read either index (the portal's search, the admin's usage views) are marked
    ``indexed`` and keep both up to date; the demo is seeded with both (its session fixture
    is set up before this one). Elsewhere the signal handlers are disconnected for the test,
    in every thread (a live server's too)."""
    if request.node.get_closest_marker("indexed"):
        yield
        return
    searched = [
        model
        for model in index.get_indexed_models()
        if post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
    ]
    for model in searched:
        post_delete.disconnect(search_signals.post_delete_signal_handler, sender=model)
    disconnect_reference_index_signal_handlers()
    try:
        yield
    finally:
        connect_reference_index_signal_handlers()
        for model in searched:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
            post_delete.connect(search_signals.post_delete_signal_handler, sender=model)


def attachments_of(message) -> list[tuple[str, str, str]]:
    """(filename, content, content type) of a sent mail's attachments. The outbox attaches
    a calendar file with its method (``text/calendar; method=CANCEL``) as a ready MIME part,
    other files as Django's (filename, content, mimetype) tuples."""
    found = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            found.append(tuple(attachment))
            continue
        content = attachment.get_payload(decode=True).decode(attachment.get_content_charset())
        params = "".join(f"; {k}={v}" for k, v in attachment.get_params()[1:] if k != "charset")
        found.append((attachment.get_filename(), content, attachment.get_content_type() + params))
    return found


def queries_on_a_miss(client, path: str) -> int:
    """The queries of ``path`` as the first visitor after a change finds it: nothing cached
    (page, footer, routing)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def make_user(email: str = "citizen@example.org", *, verified: bool = True, **fields) -> User:
    user = User.objects.create_user(
        username=email, email=email, password="secret-pass-123", **fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_organisation(name: str = "Stadt Musterstadt") -> Organisation:
    organisation = Organisation.objects.create(name=name)
    organisation.ensure_roles()
    return organisation


def make_staff(
    organisation: Organisation, role: str = Role.EDITOR, email: str | None = None
) -> User:
    user = make_user(email or f"{role}@{organisation.slug}.example")
    organisation.add_member(user, role)
    return user


@pytest.fixture
def citizen(db) -> User:
    return make_user("citizen@example.org", display_name="Clara Citizen")


@pytest.fixture
def organisation(db) -> Organisation:
    return make_organisation("Stadt Musterstadt")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return make_organisation("Gemeinde Anderswo")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings) -> None:
    """The migrated database is copied in when another process or run has made it
    (tests/migrated_db.py: a file for SQLite, a template for PostgreSQL). PostgreSQL commits without waiting for the write-ahead log to
    reach the disk: a test database need not survive a power cut, and the suite commits
    thousands of times (each browser test, each migration)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
        # Each worker's database is copied from one migrated template (tests/migrated_db.py);
        # Django's migrate then finds nothing to do.
        if template := migrated_db.postgres_template(os.environ["DATABASE_URL"]):
            database.setdefault("TEST", {})["TEMPLATE"] = template
    # pytest-django's django_db_setup creates the test database right after this fixture.
    migrated_db.install()


def _leave_for_put_back(self) -> None:
    """TransactionTestCase's teardown: nothing, instead of Django's flush; the next test puts
    back what this one wrote (``pytest_runtest_setup``, tests/demo_snapshot.py)."""
    if self.serialized_rollback or self.available_apps is not None:
        return _django_flush(self)
    for alias in self._databases_names(include_mirrors=False):
        if alias != DEFAULT_DB_ALIAS:
            raise NotImplementedError(f"No baseline snapshot of the database {alias!r}.")
    global _writes_left
    _writes_left = True
    return None


_django_flush = TransactionTestCase._fixture_teardown
_db_blocker = None
# Whether a test committed writes that are not yet put back. Committed data of a module's
# fixture (tests/security/test_page_permissions.py holds its trees in a transaction around
# the module's tests) is no test's and stays while the tests that share it run.
_writes_left = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    """Before any fixture of the test: the tables hold the demo if it asks for it, the
    baseline otherwise, put back where a test before committed writes."""
    global _writes_left
    if _db_blocker is None:
        return
    wanted = demo_snapshot.DEMO if "demo" in item.fixturenames else demo_snapshot.BASELINE
    with _db_blocker.unblock():
        if (_writes_left or demo_snapshot.holds() != wanted) and demo_snapshot.put_back(wanted):
            _writes_left = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[None]:
    """pytest-django's test database, with its migrated state kept as the baseline that
    every test starts from (tests/demo_snapshot.py)."""
    global _db_blocker
    from cms.demo import home_page

    migrated_db.uninstall()
    with django_db_blocker.unblock():
        if demo_snapshot.left_over():
            raise pytest.UsageError(
                "The kept test database still holds an earlier run's writes; "
                "run once with --create-db."
            )
        # Every portal has its home page; building it for each of the hundreds of tests that
        # hang pages below it cost 0.18 s each.
        home_page()
        demo_snapshot.track_writes()
        demo_snapshot.start_run()
    TransactionTestCase._fixture_teardown = _leave_for_put_back
    _db_blocker = django_db_blocker
    yield
    _db_blocker = None
    TransactionTestCase._fixture_teardown = _django_flush
    with django_db_blocker.unblock():
        demo_snapshot.end_run()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker) -> None:
    from django.test.utils import override_settings

    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    sync, Conf.SYNC = Conf.SYNC, True
    try:
        with django_db_blocker.unblock(), fast:
            demo_snapshot.build()
    finally:
        Conf.SYNC = sync


@pytest.fixture
def demo(_demo_snapshot, db) -> None:
    """The demo content (``seed_demo``), built once per run and copied in for this test.

    Usually already in place, committed, before the test (``pytest_runtest_setup``); the
    first time, copied in here, inside the test's transaction or committed in a browser
    test (``transactional_db``, ``live_server``)."""
    demo_snapshot.restore()


@pytest.fixture
def home(db):
    """The home page, part of the migrated state every test starts from (django_db_setup)."""
    from cms.models import HomePage

    return HomePage.objects.get()


# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests
# themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's chromium-headless-shell (scripts/system-packages installs it): the suite's 132
# browser tests took 35 % less time than with the full browser's headless mode. TEST_CHROMIUM
# names another binary, e.g. /usr/bin/chromium.
CHROMIUM = (
    os.environ.get("TEST_CHROMIUM")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Every rule still runs and every violation comes back with all its elements; only the
    # passes and the rules that did not apply are no longer collected node by node and sent
    # through Playwright (axe's advice for large pages; the check reads the violations).
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.foreign_requests = []
    # For helpers that set a session cookie for this server (tests.e2e.conftest).
    page.live_server_url = live_server.url

    def record(request) -> None:
        if not request.url.startswith((live_server.url, "data:", "blob:")):
            page.foreign_requests.append(request.url)

    page.on("request", record)
    yield page
    context.close()


def log_in_browser(page, live_server, user) -> None:
    """Give the browser the session of a user logged in through the test client."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def axe_check():
    axe = Axe()

    def check(page) -> None:
        results = axe.run(page, options=WCAG_AA)
        violations = results.response["violations"]
        assert violations == [], results.generate_report()

    return check


@pytest.fixture
def midday() -> Iterator[datetime.datetime]:
    """Today at 11:00 in Berlin, with the clock running on: for tests about what is still
    to come today and what has passed, which near midnight would fall on two days."""
    today = timezone.localdate()
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(11)))
    with time_machine.travel(noon, tick=True):
        yield noon
