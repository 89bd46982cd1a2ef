"""PDF and DOCX writers for the weighing report and the final notice letters.

reportlab (BSD, pure Python wheels from PyPI) lays out the PDF: its platypus tables split
long rows across pages, its table of contents takes page numbers from a second pass, and it
ships the Bitstream Vera fonts (ä ö ü ß „ “ – €) with their licence, so nothing comes from
the system. python-docx (MIT) writes the DOCX. Every text is passed as data: reportlab's
paragraphs read markup, so text is escaped for it; characters that XML cannot hold are
dropped for both.
"""

import io
import os
import re
from xml.sax.saxutils import escape

import reportlab
from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

FONT = "ReportSans"
FONT_BOLD = "ReportSans-Bold"
BLUE = colors.HexColor("#004b87")
GREY = colors.HexColor("#595959")
# Everything XML 1.0 cannot carry (control characters other than tab and line breaks).
NOT_XML = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def clean(text: str) -> str:
    return NOT_XML.sub("", text or "")


def markup(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept."""
    return escape(clean(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=27, spaceAfter=8 * mm
        ),
        "cover": ParagraphStyle("cover", parent=base, fontSize=12, leading=17),
        "h1": ParagraphStyle(
            "ReportTopic",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            textColor=BLUE,
            spaceBefore=2 * mm,
            spaceAfter=3 * mm,
        ),
        "toc": ParagraphStyle("toc", parent=base, fontSize=10, leading=15),
        "right": ParagraphStyle("right", parent=base, fontSize=8, leading=10, alignment=TA_RIGHT),
    }


def letterhead_lines(organisation) -> list[str]:
    """Address and contact of the organisation, one entry per line, for every letterhead."""
    lines = [line.strip() for line in clean(organisation.address).splitlines() if line.strip()]
    contact = [organisation.phone, organisation.email, organisation.website]
    lines += [clean(c) for c in contact if c]
    return lines


def numbered_canvas(label: str):
    """A canvas that writes "Seite x von y" once every page is known (footer on the right)."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(GREY)
                text = label % {"page": self._pageNumber, "total": total}
                self.drawRightString(self._pagesize[0] - 15 * mm, 9 * mm, text)
                super().showPage()
            super().save()

    return NumberedCanvas


# The weighing report (PDF) ------------------------------------------------------------


class ReportDocument(BaseDocTemplate):
    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, Paragraph) and flowable.style.name == "ReportTopic":
            key = f"topic-{self.seq.nextf('topic')}"
            self.canv.bookmarkPage(key)
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page, key))


def report_pdf(meta, sections) -> bytes:
    st = styles()
    organisation = meta.organisation
    head_lines = letterhead_lines(organisation)
    kind = gettext("anonymised version") if meta.anonymised else gettext("version with names")
    footer_left = f"{clean(meta.title)} · {gettext('Weighing report')} ({kind}) · {meta.date}"

    def decorate(canvas, doc) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFillColor(BLUE)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(15 * mm, height - 11 * mm, clean(organisation.name))
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawRightString(width - 15 * mm, height - 11 * mm, " · ".join(head_lines))
        canvas.setStrokeColor(BLUE)
        canvas.line(15 * mm, height - 13 * mm, width - 15 * mm, height - 13 * mm)
        canvas.drawString(15 * mm, 9 * mm, footer_left[:160])
        canvas.restoreState()

    buffer = io.BytesIO()
    pagesize = landscape(A4)
    doc = ReportDocument(
        buffer,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=15 * mm,
        title=clean(f"{gettext('Weighing report')}: {meta.title}"),
        author=clean(organisation.name),
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[frame], onPage=decorate),
            PageTemplate(id="table", frames=[frame], onPage=decorate),
        ]
    )

    story = [Spacer(1, 20 * mm)]
    story.append(Paragraph(markup(organisation.name), st["cover"]))
    for line in head_lines:
        story.append(Paragraph(markup(line), st["small"]))
    story.append(Spacer(1, 15 * mm))
    story.append(Paragraph(markup(gettext("Weighing report")), st["cover"]))
    story.append(Paragraph(markup(meta.title), st["title"]))
    for label, value in [
        (gettext("Organisation"), organisation.name),
        (gettext("Date"), meta.date),
        (gettext("Status of the procedure"), meta.status),
        (gettext("Statements"), str(meta.count)),
        (gettext("Version"), kind),
    ]:
        story.append(Paragraph(f"<b>{markup(label)}:</b> {markup(value)}", st["cover"]))
    story.append(NextPageTemplate("table"))
    story.append(PageBreak())

    story.append(Paragraph(markup(gettext("Contents")), st["title"]))
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [st["toc"]]
    story.append(toc)
    story.append(PageBreak())

    widths = [32 * mm, 36 * mm, 82 * mm, 82 * mm, 35 * mm]
    header = [
        Paragraph(markup(text), st["head"])
        for text in (
            gettext("Reference"),
            gettext("Submitted by"),
            gettext("Statement"),
            gettext("Proposed response"),
            gettext("Result"),
        )
    ]
    table_style = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9a9a9a")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef5")),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    for index, (topic, rows) in enumerate(sections):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(markup(topic), st["h1"]))
        data = [header]
        for row in rows:
            reference = markup(row.reference)
            if row.plan_reference:
                reference += (
                    f'<br/><font size="7.5" color="#595959">{markup(row.plan_reference)}</font>'
                )
            data.append(
                [
                    Paragraph(reference, st["cell"]),
                    Paragraph(markup(row.submitter), st["cell"]),
                    *paragraphs(row.text, st["cell"]),
                    *paragraphs(row.response or "–", st["cell"]),
                    Paragraph(markup(row.result or gettext("not yet decided")), st["cell"]),
                ]
            )
        story.append(
            LongTable(data, colWidths=widths, repeatRows=1, splitInRow=1, style=table_style)
        )
    if not sections:
        story.append(Paragraph(markup(gettext("No statements were submitted.")), st["base"]))

    doc.multiBuild(story, canvasmaker=numbered_canvas(gettext("Page %(page)d of %(total)d")))
    return buffer.getvalue()


def paragraphs(text: str, style: ParagraphStyle) -> list:
    """One cell: a list of paragraphs, so that a text longer than a page splits between its
    paragraphs (a table row may break inside a cell, not inside one paragraph line)."""
    parts = [p for p in re.split(r"\n\s*\n", clean(text)) if p.strip()] or [""]
    return [[Paragraph(markup(p), style) for p in parts]]


# The weighing report (DOCX) -----------------------------------------------------------


def report_docx(meta, sections) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    organisation = meta.organisation
    kind = gettext("anonymised version") if meta.anonymised else gettext("version with names")
    document = Document()
    document.core_properties.title = clean(f"{gettext('Weighing report')}: {meta.title}")
    document.core_properties.author = clean(organisation.name)
    document.core_properties.language = "de-DE"
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin, section.bottom_margin = Mm(18), Mm(15)

    head = section.header.paragraphs[0]
    name_run = head.add_run(clean(organisation.name))
    name_run.bold = True
    name_run.font.color.rgb = RGBColor(0x00, 0x4B, 0x87)
    head.add_run("  " + " · ".join(letterhead_lines(organisation))).font.size = Pt(7.5)

    def field(paragraph, instruction: str, shown: str = "1") -> None:
        for kind_, text in (("begin", None), ("instr", instruction), ("separate", None)):
            run = paragraph.add_run()
            if kind_ == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind_)
            run._r.append(element)
        paragraph.add_run(shown)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        paragraph.add_run()._r.append(end)

    foot = section.footer.paragraphs[0]
    foot.add_run(f"{clean(meta.title)} · {gettext('Weighing report')} ({kind}) · {meta.date}   ")
    page_label = gettext("Page %(page)s of %(total)s")
    before, _sep, rest = page_label.partition("%(page)s")
    middle, _sep, after = rest.partition("%(total)s")
    foot.add_run(before)
    field(foot, " PAGE ")
    foot.add_run(middle)
    field(foot, " NUMPAGES ")
    foot.add_run(after)

    # Cover page.
    document.add_paragraph(clean(organisation.name)).runs[0].font.size = Pt(12)
    for line in letterhead_lines(organisation):
        document.add_paragraph(line)
    document.add_paragraph(gettext("Weighing report")).runs[0].font.size = Pt(12)
    title = document.add_paragraph(style="Title")
    title.add_run(clean(meta.title))
    for label, value in [
        (gettext("Organisation"), organisation.name),
        (gettext("Date"), meta.date),
        (gettext("Status of the procedure"), meta.status),
        (gettext("Statements"), str(meta.count)),
        (gettext("Version"), kind),
    ]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(clean(value))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Contents: Word fills in the page numbers when it opens the file (updateFields);
    # until then the field shows the topics.
    document.add_heading(gettext("Contents"), level=1)
    toc = document.add_paragraph()
    field(
        toc,
        ' TOC \\o "1-1" \\h \\z \\u ',
        "; ".join(f"{topic} ({len(rows)})" for topic, rows in sections),
    )
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)

    headers = [
        gettext("Reference"),
        gettext("Submitted by"),
        gettext("Statement"),
        gettext("Proposed response"),
        gettext("Result"),
    ]
    widths = [Mm(30), Mm(36), Mm(82), Mm(82), Mm(37)]
    for topic, rows in sections:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(clean(topic), level=1)
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.autofit = False
        first = table.rows[0]
        # Repeat the header row on every page of the table.
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        first._tr.get_or_add_trPr().append(repeat)
        for cell, text, width in zip(first.cells, headers, widths, strict=True):
            cell.width = width
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            cells = table.add_row().cells
            reference = clean(row.reference)
            if row.plan_reference:
                reference += "\n" + clean(row.plan_reference)
            values = [
                reference,
                clean(row.submitter),
                clean(row.text),
                clean(row.response) or "–",
                clean(row.result) or gettext("not yet decided"),
            ]
            for cell, value, width in zip(cells, values, widths, strict=True):
                cell.width = width
                cell.text = value
    if not sections:
        document.add_paragraph(gettext("No statements were submitted."))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Letters (final notice by post) ------------------------------------------------------


def letter_pdf(*, organisation, recipient: list[str], subject: str, date: str, blocks) -> bytes:
    """A DIN 5008 (form B) letter: letterhead, the return line and the address in the window
    of a DL envelope, fold and punch marks, then the text; "Seite x von y" below.

    ``blocks`` is a list of (style name, text) pairs: "p" a paragraph, "h" a heading."""
    st = styles()
    width, height = A4
    head_lines = letterhead_lines(organisation)

    def first_page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(BLUE)
        canvas.setFont(FONT_BOLD, 12)
        canvas.drawRightString(width - 20 * mm, height - 18 * mm, clean(organisation.name))
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        for i, line in enumerate(head_lines):
            canvas.drawRightString(width - 20 * mm, height - (24 + i * 4) * mm, line)
        # Return line and address field: 45 mm from the top, 20 mm from the left, 85 mm wide.
        canvas.setFont(FONT, 7)
        sender = ", ".join([clean(organisation.name), *head_lines[:2]])
        canvas.drawString(25 * mm, height - 50 * mm, sender[:75])
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 10)
        for i, line in enumerate(recipient[:6]):
            canvas.drawString(25 * mm, height - (62 + i * 4.5) * mm, clean(line)[:48])
        canvas.drawRightString(width - 20 * mm, height - 98 * mm, date)
        # Fold marks (105 mm, 210 mm) and the punch mark (148.5 mm).
        canvas.setStrokeColor(GREY)
        for y, length in ((105, 5), (210, 5), (148.5, 8)):
            canvas.line(4 * mm, height - y * mm, (4 + length) * mm, height - y * mm)
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=clean(subject),
        author=clean(organisation.name),
    )
    first = Frame(doc.leftMargin, doc.bottomMargin, doc.width, height - 105 * mm - doc.bottomMargin)
    later = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height)
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[first], onPage=first_page),
            PageTemplate(id="later", frames=[later]),
        ]
    )
    body = ParagraphStyle("letter", parent=st["base"], fontSize=10, leading=14, spaceAfter=3 * mm)
    heading = ParagraphStyle("letter-h", parent=body, fontName=FONT_BOLD, spaceAfter=1.5 * mm)
    story = [NextPageTemplate("later"), Paragraph(f"<b>{markup(subject)}</b>", body)]
    for kind, text in blocks:
        story.append(Paragraph(markup(text), heading if kind == "h" else body))
    doc.build(story, canvasmaker=numbered_canvas(gettext("Page %(page)d of %(total)d")))
    return buffer.getvalue()
