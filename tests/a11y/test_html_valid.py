"""Every page type and form state is valid HTML: the Nu Html Checker (npm's vnu-jar) checks
all pages in one Java run.

Filters (kept minimal): none. A vnu message that is a known false positive would be named
here with the reason."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.a11y.conftest import STATES, demo_citizen, state_id

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FILTER_PATTERN = ""

pytestmark = pytest.mark.django_db(transaction=True)


def render(state, client: Client) -> str:
    path = state.path()
    if state.post is None:
        response = client.get(path, follow=state.follow)
    else:
        post_path = state.post_path() if state.post_path else path
        response = client.post(post_path, state.post(), follow=True)
    assert response.status_code == state.status, f"{state.name}: {response.status_code}"
    html = response.content.decode()
    assert state.expect in html, f"{state.name}: the page lacks {state.expect!r}"
    return html


def run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "java is missing: install a JRE (Debian: default-jre-headless), as .ci/run does"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci` (vnu-jar is a devDependency)"
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    if FILTER_PATTERN:
        command += ["--filterpattern", FILTER_PATTERN]
    # The command is ours: java, the jar from node_modules and the files we just wrote.
    result = subprocess.run(  # noqa: S603
        command + [str(f) for f in files], capture_output=True, text=True
    )
    # vnu writes its JSON report to stderr and exits with 1 when it found errors.
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def test_every_page_type_and_form_state_is_valid_html(demo, tmp_path):
    anonymous, citizen, english = Client(), Client(), Client()
    citizen.force_login(demo_citizen())
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    files = []
    for state in STATES:
        client = citizen if state.logged_in else english if state.english else anonymous
        file = tmp_path / f"{state_id(state)}.html"
        file.write_text(render(state, client), encoding="utf-8")
        files.append(file)

    messages = run_vnu(files)

    report = "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in messages
    )
    assert messages == [], f"{len(messages)} HTML errors:\n{report}"
