"""The German catalogue of the procedures says one thing one way: a planner who reads
"Erwiderung" on one screen does not meet "Antwort" for the same thing on the next."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "cms" / "locale" / "de" / "LC_MESSAGES" / "django.po"


def entries() -> list[tuple[str, str]]:
    pairs = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            pairs.append(tuple("".join(re.findall(r'"(.*)"', m.group(1))) for m in (msgid, msgstr)))
    return pairs


@pytest.mark.parametrize(
    ("english", "german", "not_german"),
    [
        (r"\bstatements?\b", "Stellungnahme", None),
        (r"\b(?<!proposed )response\b", "Erwiderung|Abwägungsvorschlag", r"\bAntwort"),
        (r"\bproposed response\b", "Abwägungsvorschlag", None),
        (r"\bpassages?\b", "Textstelle|Abschnitt", None),
        (r"^The passage|select a passage", "Textstelle", None),
        (r"\battachments?\b", "Anlage", r"Anhang|Anhänge"),
    ],
)
def test_one_english_term_has_one_german_term(english, german, not_german):
    mixed = [
        (msgid, msgstr)
        for msgid, msgstr in entries()
        if msgstr
        # A placeholder's name (%(statement)s) is no word of the text.
        and re.search(english, re.sub(r"%\(\w+\)\w", "", msgid), re.I)
        and not msgid.lower().startswith(("accessibility statement", "procedures open for"))
        and not msgid.startswith(("Release and submit", "Mass statements"))
        and (not re.search(german, msgstr, re.I) or (not_german and re.search(not_german, msgstr)))
    ]
    assert mixed == []


def test_both_or_neither_coordinates_reads_the_same_as_in_the_other_apps():
    with translation.override("de"):
        german = translation.gettext("Please give both latitude and longitude, or neither.")

    assert german == "Bitte geben Sie Breiten- und Längengrad an oder keinen von beiden."
    assert "keinen von beiden" in CATALOGUE.read_text(encoding="utf-8")
    assert "keines von beiden" not in CATALOGUE.read_text(encoding="utf-8")
