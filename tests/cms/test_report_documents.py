"""The weighing report as PDF and DOCX, read back by outside readers (pypdf, python-docx):
every statement's reference and response is in it, no submitter name in the anonymised
version, hostile and unusual text arrives as text, landscape pages with page numbers."""

import io
import re

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader

from cms.procedures import ConsiderationResult, StatementStatus, SubmitterKind
from cms.report import build_report, report_rows
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

NAMES = ["<script>alert(1)</script>", "Zoë Müller-Lüdenscheidt", '"onmouseover=alert(1)']
LONG = "\n\n".join(
    f"Absatz {i}: Die geplante Trasse „Süd“ – quer durch das Wäldchen – zerstört Lebensraum "
    "für Fledermäuse und Spechte; bitte prüfen Sie eine Alternative entlang der Straße. " * 4
    for i in range(40)
)


@pytest.fixture
def report_procedure(home):
    organisation = make_organisation("Regierungspräsidium Südhessen")
    organisation.address = "Luisenplatz 2\n64283 Darmstadt"
    organisation.phone = "06151 12-0"
    organisation.email = "planung@rpda.example"
    organisation.save()
    procedure = make_procedure(home, organisation, title="Regionalplan Südhessen – Änderung 3")
    statements = [
        make_statement(
            procedure,
            name=name,
            email=f"person{i}@example.org",
            text=f'Einwand {i}: bitte ändern </script> =HYPERLINK("http://x")',
            topic="Windenergie" if i % 2 else "Verkehr",
            status=StatementStatus.WEIGHED,
            result=ConsiderationResult.PARTLY_ACCEPTED,
            response=f"Antwort {i}: Der Abstand wird auf 1.000 m erhöht.",
        )
        for i, name in enumerate(NAMES)
    ]
    statements.append(
        make_statement(
            procedure, name="Lange Langtext", text=LONG, response="Antwort lang: geprüft."
        )
    )
    statements.append(
        make_statement(
            procedure,
            name="Dr. Agnes Amt",
            submitter_kind=SubmitterKind.AGENCY,
            agency_name="Hessen Mobil",
            text="Die Anbindung an die B 26 fehlt.",
            topic="Verkehr",
        )
    )
    return procedure, statements


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_anonymised_pdf_holds_every_statement_and_response_but_no_name(report_procedure):
    procedure, statements = report_procedure

    reader, text = pdf_text(build_report(procedure, "pdf", anonymised=True))

    flat = squashed(text)
    for statement in statements:
        assert statement.reference in text
        assert squashed(statement.response or "–") in flat
    for name in [*NAMES, "Lange Langtext", "Dr. Agnes Amt"]:
        assert squashed(name) not in flat
    assert "Hessen Mobil" in text, "Behörden sprechen öffentlich und bleiben genannt"
    assert "Privatperson" in text
    assert "</script>" in text and '=HYPERLINK("http://x")' in text
    assert "Regionalplan Südhessen – Änderung 3" in text
    assert "Luisenplatz 2" in text and "planung@rpda.example" in text
    assert "Inhalt" in text and "Verkehr" in text and "Windenergie" in text
    assert squashed("Teilweise berücksichtigt") in flat


def test_the_pdf_has_landscape_pages_numbered_and_long_texts_run_over_pages(report_procedure):
    procedure, _statements = report_procedure

    reader, text = pdf_text(build_report(procedure, "pdf", anonymised=True))

    total = len(reader.pages)
    assert total >= 5, "der lange Text läuft über mehrere Seiten"
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height
    assert f"Seite 1 von {total}" in text and f"Seite {total} von {total}" in text
    assert "Absatz 39:" in text, "nichts vom langen Text geht verloren"


def test_the_named_pdf_names_the_submitters(report_procedure):
    procedure, _statements = report_procedure

    _reader, text = pdf_text(build_report(procedure, "pdf", anonymised=False))

    flat = squashed(text)
    for name in NAMES:
        assert squashed(name) in flat
    assert squashed("Hessen Mobil – Dr. Agnes Amt") in flat
    assert "Fassung mit Namen" in text


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_anonymised_docx_holds_every_statement_and_response_but_no_name(report_procedure):
    procedure, statements = report_procedure

    document = Document(io.BytesIO(build_report(procedure, "docx", anonymised=True)))

    text = docx_text(document)
    for statement in statements:
        assert statement.reference in text
        assert (statement.response or "–") in text
    for name in [*NAMES, "Lange Langtext", "Dr. Agnes Amt"]:
        assert name not in text
    assert "Einwand 0: bitte ändern </script> =HYPERLINK" in text
    assert LONG in text
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Seite" in footer
    assert "Regierungspräsidium Südhessen" in section.header.paragraphs[0].text
    assert "TOC" in document.element.body.xml, "ein Inhaltsverzeichnis"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Inhalt", "Verkehr", "Windenergie", "Ohne Thema"]


def test_the_named_docx_names_the_submitters(report_procedure):
    procedure, _statements = report_procedure

    document = Document(io.BytesIO(build_report(procedure, "docx", anonymised=False)))

    text = docx_text(document)
    for name in NAMES:
        assert name in text


def test_each_statement_gives_one_row_ordered_by_topic_with_untopical_ones_last(
    report_procedure,
):
    procedure, statements = report_procedure

    rows = report_rows(procedure, anonymised=True)

    assert [r.topic for r in rows] == ["Verkehr", "Verkehr", "Verkehr", "Windenergie", ""]
    assert {r.reference for r in rows} == {s.reference for s in statements}
    assert {r.submitter for r in rows} == {"Privatperson", "Hessen Mobil"}


def test_text_that_xml_cannot_hold_is_dropped_rather_than_breaking_the_report(home):
    procedure = make_procedure(home, make_organisation())
    statement = make_statement(procedure, text="Steuerzeichen\x0b\x1f hier", response="ok\x08")

    _reader, text = pdf_text(build_report(procedure, "pdf", anonymised=True))
    document = Document(io.BytesIO(build_report(procedure, "docx", anonymised=True)))

    assert "Steuerzeichen hier" in text and statement.reference in text
    assert "Steuerzeichen hier" in docx_text(document)


def test_a_statement_split_into_segments_is_reported_segment_by_segment(procedure):
    from cms.procedures import ConsiderationResult
    from cms.report import report_rows
    from cms.segments import StatementSegment
    from tests.cms.conftest import make_statement

    statement = make_statement(procedure, text="Erstens Bäume. Zweitens Radwege.", topic="Alt")
    StatementSegment.objects.create(
        statement=statement, start=0, end=14, topic="Grün",
        result=ConsiderationResult.ACCEPTED, response="Bäume werden gepflanzt.",
    )  # fmt: skip
    StatementSegment.objects.create(
        statement=statement, start=15, end=32, topic="Verkehr",
        result=ConsiderationResult.NOT_ACCEPTED, response="Kein Platz für Radwege.",
    )  # fmt: skip

    rows = [
        row
        for row in report_rows(procedure, anonymised=True)
        if row.reference.startswith(statement.reference)
    ]

    assert [(r.reference, r.topic, r.text, r.result) for r in rows] == [
        (f"{statement.reference}/1", "Grün", "Erstens Bäume.", "Berücksichtigt"),
        (f"{statement.reference}/2", "Verkehr", "Zweitens Radwege.", "Nicht berücksichtigt"),
    ]


def test_the_anonymised_report_cuts_the_signature_and_blanks_the_name_in_the_text(procedure):
    from cms.report import report_rows
    from tests.cms.conftest import make_statement

    statement = make_statement(
        procedure,
        name="Lena Neu",
        text="Sehr geehrte Damen und Herren,\nwie Lena Neu schon schrieb: kein Auwald.\n\n"
        "Mit freundlichen Grüßen\nLena Neu\nWaldweg 3, 64283 Darmstadt",
    )

    [row] = [
        r for r in report_rows(procedure, anonymised=True) if r.reference == statement.reference
    ]
    [named] = [
        r for r in report_rows(procedure, anonymised=False) if r.reference == statement.reference
    ]

    assert "Lena Neu" not in row.text and "Waldweg" not in row.text
    assert row.text.endswith("wie […] schon schrieb: kein Auwald.\n[…]")
    assert named.text == statement.text
