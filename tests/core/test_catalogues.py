"""The German catalogue of every app is complete: no empty and no fuzzy translation."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each app's catalogue, and the project's (locale/) for the templates in templates/.
CATALOGUES = sorted(ROOT.glob("*/locale/de/LC_MESSAGES/django.po")) + [
    ROOT / "locale/de/LC_MESSAGES/django.po",
    ROOT / "locale_overrides/de/LC_MESSAGES/django.po",
]


def untranslated(text: str) -> list[str]:
    """Entries (after the header) that are fuzzy or have an empty msgstr."""
    problems = []
    for entry in text.split("\n\n")[1:]:
        lines = entry.strip().splitlines() + [""]
        empty = any(
            re.fullmatch(r'msgstr(\[\d\])? ""', line) and not lines[i + 1].startswith('"')
            for i, line in enumerate(lines)
        )
        if empty or "#, fuzzy" in entry:
            problems.append(entry)
    return problems


def test_there_is_a_german_catalogue_for_the_core():
    assert ROOT / "beteiligung/locale/de/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)).split("/")[0])
def test_german_catalogue_is_complete_and_compiled(path):
    assert untranslated(path.read_text()) == []
    assert path.with_suffix(".mo").exists()
