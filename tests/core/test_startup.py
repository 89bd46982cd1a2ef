"""Every process of the portal (gunicorn, qcluster, management commands) pays for what
Django's start-up imports. The libraries that draw maps, check geometry, write XLSX or
iCalendar are imported where they are used, so a top-level import of one fails here."""

import os
import subprocess
import sys

from django.conf import settings

HEAVY = ["folium", "openpyxl", "shapely", "numpy", "icalendar"]

STARTUP = """
import sys

import django

django.setup()
import beteiligung.urls  # noqa: F401 (the URLconf imports every view and Wagtail hook)

print("LOADED", " ".join(name for name in {heavy!r} if name in sys.modules))
"""


def test_django_start_up_and_the_urlconf_import_no_map_geometry_or_spreadsheet_library():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", STARTUP.format(heavy=HEAVY)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "beteiligung.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("LOADED"))
    loaded = line.removeprefix("LOADED").split()
    assert loaded == [], f"imported at start-up (import them where they are used): {loaded}"
