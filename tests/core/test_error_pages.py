"""Every error the portal answers with is a German page (400, 403, 404, 405, 429, 500, 503);
500 and 503 render while the database and the cache are unreachable."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def german_page(response) -> str:
    body = response.content.decode()
    assert '<html lang="de">' in body
    assert response["Content-Type"].startswith("text/html")
    return body


def test_a_broken_multipart_body_gets_the_german_400_page(home):
    response = Client().generic(
        "POST", "/konto/login/", b"--x\r\nbroken", content_type="multipart/form-data"
    )

    assert response.status_code == 400
    assert "Ungültige Anfrage" in german_page(response)


def test_an_oversized_body_gets_the_german_400_page(home):
    body = "text=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client().generic(
        "POST", "/konto/login/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "zu groß oder beschädigt" in german_page(response)


def test_a_form_without_its_csrf_token_gets_the_german_403_page(home):
    response = Client(enforce_csrf_checks=True).post(
        "/konto/login/", {"login": "a@example.org", "password": "x"}
    )

    assert response.status_code == 403
    body = german_page(response)
    assert "Das Formular ist abgelaufen" in body
    assert "Bitte laden Sie die Seite neu" in body


def test_a_wrong_method_gets_the_german_405_page_with_the_allowed_methods(home):
    response = Client().post("/veranstaltungen/kalender.ics")

    assert response.status_code == 405
    assert "Diese Aktion ist hier nicht möglich" in german_page(response)
    assert "GET" in response["Allow"]


def test_an_unknown_address_gets_the_german_404_page(home):
    response = Client().get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in german_page(response)


def test_a_bug_gets_the_german_500_page(home, settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"

    response = Client(raise_request_exception=False).get("/kaputt/")

    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in german_page(response)


OUTAGE_SCRIPT = """
import json
from django.test import Client
from beteiligung import errors
client = Client(raise_request_exception=False)
answers = {}
for url in ["/", "/verfahren/", "/readyz/", "/healthz/"]:
    response = client.get(url)
    answers[url] = [response.status_code, response.content.decode(), response.get("Retry-After")]
answers["500"] = [500, errors.server_error(None).content.decode(), None]
print("ANSWERS" + json.dumps(answers))
"""


def run_during_outage(**env) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", OUTAGE_SCRIPT],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "false", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("ANSWERS"))
    return json.loads(line.removeprefix("ANSWERS"))


def test_pages_answer_the_german_503_page_while_database_and_redis_are_down():
    answers = run_during_outage(
        DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable",
        REDIS_URL="redis://127.0.0.1:1/15",
    )

    for url in ["/", "/verfahren/"]:
        status, body, retry_after = answers[url]
        assert status == 503
        assert '<html lang="de">' in body
        assert "Das Portal ist vorübergehend nicht erreichbar" in body
        assert retry_after == "120"
    status, body, _ = answers["500"]
    assert '<html lang="de">' in body and "Ein Fehler ist aufgetreten" in body
    status, body, _ = answers["/readyz/"]
    checks = json.loads(body)["checks"]
    assert status == 503
    assert checks["database"].startswith("failed") and checks["cache"].startswith("failed")
    assert checks["broker"].startswith("failed")
    assert answers["/healthz/"][:2] == [200, "ok"]
