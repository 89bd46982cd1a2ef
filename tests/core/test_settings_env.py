"""Every setting the README's configuration table names is read from the environment."""

import json
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

README = Path(settings.BASE_DIR) / "README.md"
# Read from the environment under another name, or only in production.
NOT_SETTINGS = {"SITE_NAME", "EMAIL_URL", "DATABASE_URL", "REDIS_URL", "Q_WORKERS", "Q_POLL"}
NOT_SETTINGS |= {"LOG_LEVEL", "Q_LOG_LEVEL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}
NOT_SETTINGS |= {"MEDIA_ROOT", "STATIC_ROOT", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS"}
# CONN_MAX_AGE is set in DATABASES["default"].
NOT_SETTINGS |= {"CONN_MAX_AGE"}
# Read into allauth's ALLAUTH_TRUSTED_PROXY_COUNT.
NOT_SETTINGS |= {"TRUSTED_PROXY_COUNT"}


def table_names() -> list[str]:
    names = re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", README.read_text(encoding="utf-8"), re.M)
    return [name for name in names if name not in NOT_SETTINGS]


def settings_with(environment: dict[str, str], names: list[str]) -> dict:
    code = (
        "import django, os, json; os.environ['DJANGO_SETTINGS_MODULE']='beteiligung.settings';"
        "django.setup(); from django.conf import settings;"
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **environment},
        cwd=settings.BASE_DIR,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_app_limits_from_the_table_can_be_set_in_the_environment():
    environment = {
        "SURVEYS_RATE_LIMIT": "7",
        "DIALOGUES_RATE_LIMIT": "1,2,3",
        "MAPS_REPORT_RATE_LIMIT": "4",
        "MAPS_DUPLICATE_RADIUS_M": "99",
        "MAPS_OPEN311_CONTACT": "open311@stadt.example",
        "APPOINTMENTS_RESERVE_RATE": "5",
        "APPOINTMENTS_POW_MAX_NUMBER": "1234",
    }
    values = settings_with(environment, list(environment))
    assert values == {
        **environment,
        "DIALOGUES_RATE_LIMIT": "(1, 2, 3)",
    }


def test_every_setting_in_the_table_exists():
    names = table_names()
    assert "APPOINTMENTS_POW_MAX_NUMBER" in names
    missing = [name for name in names if not hasattr(settings, name)]
    assert missing == []
