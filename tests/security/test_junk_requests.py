"""Every URL pattern of the portal, filled with junk, answers without a server error.

The walker visits each pattern of the URL resolver (the Wagtail admin, allauth, the
Open311 API and the feature apps) and every page of the demo tree (Wagtail's catch-all
route), puts junk into each path parameter (huge numbers, NUL bytes, quotes, very long and
unicode text) and into the query parameters the views read, and sends GET requests and
POSTs with broken bodies as an anonymous visitor, a citizen and a staff member. Every
answer must be below 500; an HTML answer must be German (``lang="de"``), an error page a
German sentence. Run it on PostgreSQL too, where NUL bytes reach the database:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bet_errors``.
"""

import itertools
import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from wagtail.models import Page

from appointments.models import Service
from beteiligung.demo import ADMIN_EMAIL
from beteiligung.models import Organisation, User
from maps.models import ApiKey

pytestmark = pytest.mark.django_db

HUGE = str(10**25)
# What a path segment may carry; the test client unquotes it before routing.
JUNK_TEXT = ["%00", quote("'\"<>"), "x" * 5000, quote("ünï€😀\u202e"), "-1", HUGE]
JUNK_NUMBER = [HUGE, "0", "9" * 40]
JUNK_SLUG = ["x" * 5000, HUGE, "-"]
JUNK_VALUES = [
    "\x00",
    '"',
    "'\"<>",
    HUGE,
    "-" + HUGE,
    "NaN",
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "2026-99999999999999999999",
    "x" * 5000,
    "ünï€😀\u202e",
    "\x07\x1b[31m",
]
# Query parameters the views read from request.GET (grep request.GET and the filter forms).
QUERY_NAMES = [
    "q", "seite", "page", "monat", "tag", "start_date", "end_date", "status",
    "service_code", "service_request_id", "filter", "sortierung", "kommentar", "format",
    "zeit", "angemeldet", "entwurf", "lat", "lon", "category", "kategorie", "von", "bis",
    "topic", "verfahren", "next", "danke", "anonym", "erledigt", "search", "p", "ordering",
    "limit", "offset", "type", "fields", "html_path", "child_of", "id", "ids", "order",
]  # fmt: skip
# Form fields the portal's forms read; a POST sends junk in all of them at once.
FORM_NAMES = [
    "name", "email", "text", "description", "lat", "long", "lon", "latitude", "longitude",
    "place", "address", "address_string", "category", "service_code", "persons", "needs",
    "consent", "privacy", "message", "phone", "submitter_kind", "reason", "display_name",
    "password", "slot", "action", "abschnitt", "aktion", "tag", "api_key", "pow", "draft",
    "next", "language", "first_name", "last_name", "attribute[x]", "duplicates_checked",
]  # fmt: skip
BROKEN_BODIES = [
    ("multipart/form-data", b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'),
    ("multipart/form-data; boundary=x", b"--x\r\nbroken"),
    ("application/json", b'{"name": "\\u0000", "broken'),
    ("text/plain", b"\x00\xff\xfe"),
]
GERMAN = re.compile(
    r"\b(der|die|das|und|nicht|Sie|Seite|Anfrage|ist|ein|eine|bitte|zu)\b", re.IGNORECASE
)
ENGLISH_DEFAULTS = ["Bad Request (400)", "Server Error (500)", "<h1>Forbidden", "Not Found</h1>"]
# Wagtail's deliberate error page, for checking the admin's error reporting.
SKIP = {"/admin/failwhale/"}
# Failures inside Wagtail 8's own admin views, reachable by staff only; left to Wagtail:
# choosers look up a non-numeric or too large id unchecked, the image chooser filters its
# search by a field it does not index, and the SQLite full-text backend fails on "<" or a
# lone quote in an admin search (our own search keeps words only).
ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?([^()]*(?:\([^()]*\)[^()]*)*)\)")


def pattern_routes() -> list[str]:
    """Every URL pattern as one route string (regex patterns keep their regex parts)."""
    routes = []

    def walk(patterns, prefix: list) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, [*prefix, entry.pattern])
            elif isinstance(entry, URLPattern):
                routes.append([*prefix, entry.pattern])

    walk(get_resolver().url_patterns, [])
    return routes


def fill_route(route: RoutePattern, junk: dict[str, Iterator[str]]) -> str:
    def replace(match: re.Match) -> str:
        converter = match["converter"] or "str"
        if match["name"] in junk:  # plausible values reach the view behind the route
            return next(junk[match["name"]])
        if converter in ("int", "id"):
            return next(junk["int"])
        if converter == "slug":
            return next(junk["slug"])
        if converter == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        if converter == "path":
            return next(junk["str"]) + "/" + next(junk["str"])
        return next(junk["str"])

    return ROUTE_PARAM.sub(replace, str(route))


def fill_regex(regex: RegexPattern, junk: dict[str, Iterator[str]]) -> str:
    text = str(regex).lstrip("^").rstrip("$").replace(r"\Z", "")

    def replace(match: re.Match) -> str:
        inner = match[1]
        if inner in (r"\d+", "[0-9]+"):
            return next(junk["int"])
        if inner.startswith("(?:"):  # Wagtail's page path: junk slugs
            return next(junk["slug"]) + "/"
        return next(junk["slug"])

    return REGEX_GROUP.sub(replace, text).replace("\\", "")


JUNK = {
    "int": JUNK_NUMBER,
    "slug": JUNK_SLUG,
    "str": JUNK_TEXT,
}
# Real-looking values, so that junk in the other parameters reaches the view's parsing.
PLAUSIBLE = {
    "int": ["1", "2", "3", "4", "5", "6", "7", "8"],
    "slug": ["test", "xlsx", "csv"],
    "str": JUNK_TEXT,
    "fmt": ["json", "xml", "csv", "pdf"],
    "day": ["9999-12-31", "0001-01-01", "2026-13-45", "2026-02-30", HUGE],
    "service_request_id": ["1" * 23, "1", "%00"],
}


def junk_urls() -> list[str]:
    urls = set()
    for values in (JUNK, PLAUSIBLE):
        junk = {kind: itertools.cycle(choices) for kind, choices in values.items()}
        for parts in pattern_routes():
            has_params = any(ROUTE_PARAM.search(str(p)) or "(" in str(p) for p in parts)
            # Two junk variants for our public routes, one for the admin's 300 (time).
            admin = str(parts[0]).startswith("admin/")
            for _ in range(2 if has_params and values is JUNK and not admin else 1):
                url = "/" + "".join(
                    fill_route(p, junk) if isinstance(p, RoutePattern) else fill_regex(p, junk)
                    for p in parts
                )
                urls.add(url)
    return sorted(urls)


def focus_urls() -> list[str]:
    """Views that parse query parameters themselves get every junk value, not a sample."""
    service = Service.objects.filter(active=True, offices__active=True).first()
    office = service.offices.filter(active=True).first()
    days = f"/termine/leistung/{service.pk}/stelle/{office.pk}/"
    return [
        "/suche/",
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{'1' * 23}.json",
        days,
        days + "9999-12-31/",
        f"/admin/termine/{office.pk}/",
        "/meldungen/",
        "/veranstaltungen/",
        "/verfahren/",
    ]


def junk_query(value: str) -> str:
    return "?" + urlencode(dict.fromkeys(QUERY_NAMES, value))


def junk_form(value: str) -> dict:
    return dict.fromkeys(FORM_NAMES, value)


def check(response, method: str, url: str, failures: list) -> None:
    label = f"{method} {url[:120]}"
    if response.status_code >= 500:
        error = getattr(response, "exc_info", None)
        cause = f"{error[0].__name__}: {str(error[1])[:80]}" if error else ""
        failures.append(f"{label} → {response.status_code} {cause}")
        return
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html") or response.streaming:
        return
    body = response.content.decode(errors="replace")
    if response.status_code >= 400 and not body.strip():
        failures.append(f"{label} → {response.status_code} with an empty page")
    elif "<html" in body and 'lang="de"' not in body:  # not the admin's HTML fragments
        failures.append(f"{label} → {response.status_code} without lang=de")
    elif response.status_code >= 400 and (
        not GERMAN.search(body) or any(text in body for text in ENGLISH_DEFAULTS)
    ):
        failures.append(f"{label} → {response.status_code} without a German text")


def persona_client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def personas(demo, settings):
    settings.STAFF_REQUIRE_MFA = False
    staff = User.objects.get(email=ADMIN_EMAIL)
    citizen = User.objects.get(email="buergerin@example.org")
    return {"anonymous": None, "citizen": citizen, "staff": staff}


# The walk is cut into shares so that parallel workers can take them side by side.
SHARES = 4


def report(settings, capsys, what: str, counted: int, failures: list[str]) -> None:
    with capsys.disabled():
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"\njunk walker ({what}) on {engine}: {counted} requests, {len(failures)} failures")
    assert failures == [], "\n".join(failures)


def live_page_urls() -> list[str]:
    return [page.url for page in Page.objects.live().specific() if page.url]


@pytest.mark.parametrize("share", range(SHARES))
def test_no_junk_request_answers_with_a_server_error(personas, settings, capsys, share):
    failures: list[str] = []
    counted = 0
    values = itertools.cycle(JUNK_VALUES)
    bodies = itertools.cycle(BROKEN_BODIES)
    clients = {name: persona_client(user) for name, user in personas.items()}

    for url in (junk_urls() + live_page_urls())[share::SHARES]:
        if url in SKIP:
            continue
        admin = url.startswith(("/admin/", "/django-admin/"))
        for persona in ("staff",) if admin else ("anonymous", "citizen"):
            client = clients[persona]
            cache.clear()  # rate limits would answer everything after the first few
            value = next(values)
            response = client.get(url + junk_query(value))
            check(response, f"GET[{persona}]", url + junk_query(value[:20]), failures)
            counted += 1
            if admin:
                continue
            response = client.post(url, junk_form(next(values)))
            check(response, f"POST[{persona}]", url, failures)
            counted += 1
            if persona == "citizen":  # broken bodies fail before the user matters
                continue
            content_type, body = next(bodies)
            response = client.generic("POST", url, body, content_type=content_type)
            check(response, f"POST[{persona} {content_type}]", url, failures)
            counted += 1

    report(settings, capsys, f"share {share + 1} of {SHARES}", counted, failures)


def test_no_junk_query_or_body_breaks_the_views_that_parse_them(personas, settings, capsys):
    failures: list[str] = []
    counted = 0
    clients = {name: persona_client(user) for name, user in personas.items()}
    pages = live_page_urls()

    for url in focus_urls():
        persona = "staff" if url.startswith("/admin/") else "anonymous"
        for value in JUNK_VALUES:
            response = clients[persona].get(url + junk_query(value))
            check(response, f"GET[{persona}]", url + junk_query(value[:20]), failures)
            counted += 1

    # Open311 clients post forms with an API key; junk in every field.
    ApiKey.objects.create(name="Junk", organisation=Organisation.objects.first(), key="junk-key")
    for value in JUNK_VALUES:
        data = {**junk_form(value), "api_key": "junk-key", "service_code": "schlagloch"}
        response = clients["anonymous"].post("/open311/v2/requests.json", data)
        check(response, "POST[open311]", f"/open311/v2/requests.json {value[:20]!r}", failures)
        counted += 1
    for content_type, body in BROKEN_BODIES:
        response = clients["anonymous"].generic(
            "POST", "/open311/v2/requests.json", body, content_type=content_type
        )
        check(response, f"POST[open311 {content_type}]", "/open311/v2/requests.json", failures)
        counted += 1

    # A body over Django's limit is refused before any view reads it.
    oversized = "text=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    for url in ["/suche/", "/meldungen/neu/", "/konto/login/", *pages[:3]]:
        response = clients["anonymous"].generic(
            "POST", url, oversized, content_type="application/x-www-form-urlencoded"
        )
        check(response, "POST[oversized]", url, failures)
        counted += 1

    report(settings, capsys, "parsers, Open311, oversized bodies", counted, failures)
