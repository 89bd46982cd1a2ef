"""Whole pages cached for anonymous visitors, with exact invalidation by tags.

Built on Django's cache framework (the ``default`` cache, Redis in production) and this one
middleware rather than wagtail-cache: wagtail-cache 3.0 requires Wagtail < 8, knows nothing of
a CSP nonce (it would serve every visitor the nonce of the first), and invalidates by clearing
the whole cache or by URL, while our pages change when comments, registrations or phases
change. Django's own ``cache_page`` has the same two gaps (nonce, invalidation).

How it works:

- A view opts in with ``cache_for_visitors(request, *tags)``; every Wagtail page does so in
  ``beteiligung.wagtail_hooks`` (tags ``pages`` and ``page:<id>``). Only a GET by a visitor
  without a session cookie, without messages and outside the admin is looked up or stored,
  and only a 200 HTML response that set no cookie but the CSRF cookie and stored nothing in
  the session.
- The stored HTML has the request's nonce and CSRF tokens replaced by placeholders; a hit
  fills in the new request's nonce (the CSP header is written after us with the same nonce)
  and a CSRF token for the visitor (as ``get_token`` makes it, with the visitor's cookie).
- Invalidation: each tag has a version, a number taken from one counter in the cache. An
  entry remembers the versions of its tags and is valid while they are unchanged;
  ``invalidate(*tags)`` gives the tags new versions at once and again after the commit. An entry
  whose tags changed while the page was being rendered is not stored. Each app wires its own
  models in ``<app>/page_cache.py``; the core imports no feature app.
- Time: an entry expires at the next moment when something shown changes by itself (a phase
  begins or ends, a survey closes): ``register_boundary`` collects those moments from the
  apps as querysets of one value each (``earliest_after``), read together in one query when
  an entry is stored; otherwise after ``PAGE_CACHE_SECONDS``.

A cache outage (``beteiligung.cache``) reads as a miss and writes nothing: pages are served
uncached. The cache must be shared by all processes (docs/deployment.md, "Page cache").
"""

import datetime
import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from secrets import token_bytes

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, QuerySet, Value
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import timezone
from django.utils.crypto import salted_hmac

from beteiligung.cache import CacheUnavailable

logger = logging.getLogger(__name__)

CLOCK_KEY = "pagecache:clock"
# Django's {% csrf_token %} output; a masked token is 64 letters and digits.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
SKIPPED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/konto/",
    "/static/",
    "/media/",
    "/documents/",
    "/api/",
    "/healthz/",
    "/readyz/",
)
KEPT_HEADERS = ("Content-Type", "Content-Language")


@functools.cache
def _mark(purpose: str) -> bytes:
    # The placeholders that stand for the nonce and the CSRF token in a stored page. Derived
    # from the secret key, so that nobody can type one into a comment and have it filled in.
    return ("pc" + salted_hmac("page-cache", purpose).hexdigest()[:30]).encode()


def _nonce(request: HttpRequest) -> bytes:
    return getattr(request, "csp_nonce", "").encode()


_boundaries: list[Callable[[datetime.datetime], list[QuerySet]]] = []


# What views and apps call ----------------------------------------------------------


def cache_for_visitors(request: HttpRequest, *tags: str) -> None:
    """Let this response be cached for anonymous visitors until one of ``tags`` changes."""
    request.page_cache_tags = {*getattr(request, "page_cache_tags", ()), *tags}


def page_tag(page_id: int) -> str:
    return f"page:{page_id}"


def invalidate(*tags: str) -> None:
    """Make every cached page with one of ``tags`` a miss, once the transaction commits."""
    tags = tuple(tag for tag in tags if tag)
    if tags:
        # Now, so that this transaction's own later reads miss; and again after the commit,
        # because a page rendered in between still saw the data before it.
        _bump(tags)
        transaction.on_commit(lambda: _bump(tags))


def invalidate_page(page_id: int | None, *, ancestors: bool = True) -> None:
    """A page changed what it shows: its entry goes, and those of the pages above it,
    which show counts and states of what lies below them (procedure, index, home)."""
    if not page_id:
        return
    from wagtail.models import Page

    ids = [page_id]
    if ancestors:
        page = Page.objects.filter(pk=page_id).only("path", "depth").first()
        if page is not None:
            ids = list(Page.objects.ancestor_of(page, inclusive=True).values_list("pk", flat=True))
    invalidate(*(page_tag(pk) for pk in ids))


def tag_version(tag: str) -> int | None:
    """The version of ``tag`` now, to key a value that changes with it (the footer);
    ``None`` while the cache is out of reach."""
    version = cache.get(_tag_key(tag))
    if version is not None:
        return version
    started = _clock()
    found = _versions([tag], started) if started is not None else None
    return found[tag] if found else None


def register_boundary(func: Callable[[datetime.datetime], list[QuerySet]]) -> None:
    """``func(now)`` gives querysets (``earliest_after``) that each name the next moment
    after ``now`` when a page changes by itself."""
    if func not in _boundaries:
        _boundaries.append(func)


def earliest_after(queryset: QuerySet, field: str, now: datetime.datetime) -> QuerySet:
    """The first value of ``field`` after ``now`` in ``queryset``, as a one-row queryset
    that ``next_boundary`` unites with the others."""
    return (
        queryset.filter(**{f"{field}__gt": now})
        .order_by()
        # Grouped by a constant: one row with the minimum, NULL when nothing is ahead.
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(moment=Min(field))
        .values_list("moment", flat=True)
    )


def next_boundary(now: datetime.datetime) -> datetime.datetime | None:
    # One query for all apps (a UNION of their minimums) rather than one per app: it is
    # paid on every miss.
    branches = [queryset for func in _boundaries for queryset in func(now)]
    if not branches:
        return None
    moments = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return min((moment for moment in moments if moment is not None), default=None)


# The counter and the tag versions --------------------------------------------------


def _tag_key(tag: str) -> str:
    return f"pagecache:tag:{tag}"


def _clock() -> int | None:
    """The counter's value now; ``None`` while the cache is out of reach."""
    value = cache.get(CLOCK_KEY)
    if value is None:
        # Seeded with the time in ms, so that a counter lost with the cache starts above
        # every version it handed out (invalidations are far rarer than one a millisecond).
        cache.add(CLOCK_KEY, int(time.time() * 1000), timeout=None)
        value = cache.get(CLOCK_KEY)
    return value


def _bump(tags: Iterable[str]) -> None:
    try:
        try:
            version = cache.incr(CLOCK_KEY)
        except ValueError:
            cache.add(CLOCK_KEY, int(time.time() * 1000), timeout=None)
            version = cache.incr(CLOCK_KEY)
    except CacheUnavailable:
        # Entries cannot be read either; those written before the outage expire within
        # PAGE_CACHE_SECONDS (docs/deployment.md).
        logger.warning("Page cache: invalidation of %s skipped, cache unavailable", tags)
        return
    cache.set_many({_tag_key(tag): version for tag in tags}, timeout=None)


def _versions(tags: Iterable[str], started: int) -> dict[str, int] | None:
    keys = {_tag_key(tag): tag for tag in tags}
    found = cache.get_many(keys)
    missing = keys.keys() - found.keys()
    if missing:
        for key in missing:
            # A tag never invalidated (or lost with the cache): it is as old as this request.
            cache.add(key, started, timeout=None)
        found.update(cache.get_many(missing))
    if len(found) < len(keys):
        return None
    return {keys[key]: version for key, version in found.items()}


# The middleware ----------------------------------------------------------------------


def _enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _candidate(request: HttpRequest) -> bool:
    return (
        _enabled()
        and request.method == "GET"
        and not request.path.startswith(SKIPPED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest) -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    where = f"{request.get_host()}|{language}|{request.get_full_path()}"
    # "page2": entries hold bytes; a running release's str entries are never read as such.
    return "pagecache:page2:" + hashlib.sha256(where.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if not getattr(request, "page_cache_tags", None):
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "_queued_messages", None))


def _template(request: HttpRequest, response: HttpResponse) -> bytes:
    content = response.content
    if nonce := _nonce(request):
        content = content.replace(nonce, _mark("nonce"))
    return CSRF_INPUT.sub(rb"\g<1>" + _mark("csrf") + rb"\g<2>", content)


def _store(key: str, request: HttpRequest, response: HttpResponse, started: int) -> None:
    versions = _versions(request.page_cache_tags, started)
    if versions is None or any(version > started for version in versions.values()):
        return  # the cache is out, or the page changed while it was rendered
    now = timezone.now()
    seconds = settings.PAGE_CACHE_SECONDS
    boundary = next_boundary(now)
    if boundary is not None:
        seconds = min(seconds, int((boundary - now).total_seconds()))
    if seconds < 1:
        return
    entry = {
        "content": _template(request, response),
        "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
        "versions": versions,
    }
    cache.set(key, entry, timeout=seconds)


# The tags of an address do not change (they name its page and the page's ancestors), so
# each process remembers them and reads an entry together with its tags' versions in one
# round trip to the cache; an address it has not met yet takes a second one. Bounded by
# emptying it when full: it only saves round trips.
_known_tags: dict[str, tuple[str, ...]] = {}
KNOWN_TAGS_LIMIT = 10_000


def _lookup(key: str) -> dict | None:
    tag_keys = _known_tags.get(key, ())
    found = cache.get_many([key, *tag_keys])
    entry = found.get(key)
    if entry is None:
        return None
    wanted = tuple(_tag_key(tag) for tag in entry["versions"])
    if wanted != tag_keys:
        if len(_known_tags) >= KNOWN_TAGS_LIMIT:
            _known_tags.clear()
        _known_tags[key] = wanted
        found = cache.get_many(wanted)
    for tag, version in entry["versions"].items():
        if found.get(_tag_key(tag)) != version:
            return None
    return entry


def _rebuild(entry: dict, request: HttpRequest) -> HttpResponse:
    # Bytes throughout: a hit neither decodes nor encodes the page. One masked token serves
    # every form of the page, as {% csrf_token %} on a rendered page does.
    content = entry["content"].replace(_mark("nonce"), _nonce(request))
    if _mark("csrf") in content:
        content = content.replace(_mark("csrf"), _visitor_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry["headers"].items():
        response[name] = value
    return response


_LETTER_INDEX = {letter: number for number, letter in enumerate(CSRF_ALLOWED_CHARS)}
_LETTERS = len(CSRF_ALLOWED_CHARS)
# Bytes below 248 (4 × 62) fall evenly on the 62 letters; the others are drawn again.
_EVEN_BELOW = 256 - 256 % _LETTERS


def _random_letters(count: int) -> str:
    letters: list[str] = []
    while len(letters) < count:
        letters += [
            CSRF_ALLOWED_CHARS[byte % _LETTERS]
            for byte in token_bytes(count * 2)
            if byte < _EVEN_BELOW
        ]
    return "".join(letters[:count])


def _visitor_token(request: HttpRequest) -> str:
    """What ``get_token`` returns, a masked token of the visitor's CSRF secret (a new one for
    a first visit, sent as the cookie), with the random letters drawn from two reads of
    the system's random source: Django draws each of the 64 letters with ``secrets.choice``,
    130 µs per new visitor, a third of what a cached page costs to serve. The token is
    Django's own format (mask + cipher), checked by Django's CsrfViewMiddleware."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_letters(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_letters(CSRF_SECRET_LENGTH)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_LETTER_INDEX[letter] + _LETTER_INDEX[key]) % _LETTERS]
        for letter, key in zip(secret, mask, strict=True)
    )
    return mask + cipher


class PageCacheMiddleware:
    """Serves and stores visitors' pages; sits inside the CSP, CSRF, session, auth and
    messages middleware, so that every response still gets its own nonce and cookies."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _candidate(request):
            return self.get_response(request)
        key = _key(request)
        entry = _lookup(key)
        if entry is not None:
            response = _rebuild(entry, request)
            response["X-Cache"] = "hit"
            return response
        started = _clock()
        response = self.get_response(request)
        if started is not None and _storable(request, response):
            _store(key, request, response, started)
        if response.get("Content-Type", "").startswith("text/html"):
            response["X-Cache"] = "miss"
        return response
