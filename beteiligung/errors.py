"""German error pages for every status the portal answers with (400, 403, 404, 405, 429,
500, 503), wired in ``beteiligung/urls.py`` (handler400 …), ``CSRF_FAILURE_VIEW`` and
:class:`ErrorPageMiddleware`.

400 to 429 use the site layout. 500 and 503 must render when the database or the cache is
the reason for the error, so they use a static layout rendered without a request: no
context processor (Wagtail settings, the user, messages) may query anything.
"""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Statuses whose empty answers (Django's HttpResponseNotAllowed, a bare 429 or 400) get a
# German page from the middleware below.
FILLED_STATUSES = {400: "400.html", 403: "403.html", 405: "405.html", 429: "429.html"}
RETRY_AFTER_SECONDS = 120


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """An expired or missing CSRF token: tell the visitor how to send the form again."""
    return render(request, "403_csrf.html", status=403)


def static_page(template: str, status: int) -> HttpResponse:
    """Render without a request: no context processor, no database, no cache."""
    context = {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "LANGUAGE_CODE": get_language()}
    response = HttpResponse(render_to_string(template, context), status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    return static_page("503.html", 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 when the database or Redis is out of reach, else a 500."""
    error = sys.exc_info()[1]
    if backend_unavailable(error):
        logger.error("Answered 503: a backend is unavailable (%s)", error)
        return service_unavailable(request)
    return static_page("500.html", 500)


def backend_unavailable(error: BaseException | None) -> bool:
    """True when ``error`` comes from a database or Redis that cannot be reached.

    An OperationalError is also what SQLite raises for a bad full-text query; only when
    the connection itself is unusable is it an outage rather than a bug.
    """
    if isinstance(error, (RedisConnectionError, RedisTimeoutError)):
        return True
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    connection = connections["default"]
    try:
        if connection.connection is None:
            connection.ensure_connection()
        return not connection.is_usable()
    except DatabaseError:
        return True


class ErrorPageMiddleware:
    """Give bare error answers a German page in the site layout.

    ``require_http_methods`` answers 405 with an empty body, django-ninja with the English
    "Method not allowed"; a visitor should read what happened and where to go next.
    JSON and other non-HTML answers (Open311 errors, the page API) are left as they are.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        template = FILLED_STATUSES.get(response.status_code)
        if template is None or response.streaming or not bare(response):
            return response
        page = render(request, template, {"method": request.method}, status=response.status_code)
        for header in ("Allow", "Retry-After"):
            if header in response:
                page[header] = response[header]
        return page


def unreadable_admin_input(error: Exception) -> bool:
    """Errors Wagtail's own admin views raise on input they do not check: a chooser's id that
    is no number or too large, a filter field the image chooser does not know, a search with
    quotes or brackets that SQLite's full-text syntax refuses. The input is wrong, not the
    server: the staff member gets the German 400 page instead of a 500."""
    from django.db import OperationalError
    from wagtail.search.backends.base import FilterFieldError

    text = str(error)
    return (
        isinstance(error, OverflowError | FilterFieldError)
        or (isinstance(error, ValueError) and "expected a number" in text)
        or (isinstance(error, OperationalError) and ("fts5" in text or "unterminated" in text))
    )


class AdminInputErrorMiddleware:
    """Answer 400 where a Wagtail admin view fails on input it did not check (see above)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if request.path.startswith("/admin/") and unreadable_admin_input(exception):
            return render(request, "400.html", status=400)
        return None


def bare(response: HttpResponse) -> bool:
    """An HTML answer that is empty or one line of text without markup."""
    if not response.get("Content-Type", "text/html").startswith("text/html"):
        return False
    body = response.content.strip()
    return len(body) < 200 and not body.startswith(b"<")
