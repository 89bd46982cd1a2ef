"""The page tree of the demo: home page, legal pages, accessibility statement, footer."""

from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site

from cms.models import AccessibilityPage, ContentPage, FooterSettings, HomePage

HOME_BODY = [
    ("heading", {"text": "Was möchten Sie tun?", "level": "h2"}),
    (
        "cards",
        [
            {
                "title": "An Verfahren teilnehmen",
                "text": "Pläne lesen und Stellungnahmen abgeben, z. B. zum Regionalplan Südhessen.",
                "page": None,
                "url": "/verfahren/",
            },
            {
                "title": "Veranstaltungen",
                "text": "Informationsabende, Werkstätten und Ortsbegehungen finden und sich anmelden.",
                "page": None,
                "url": "/veranstaltungen/",
            },
            {
                "title": "Termin vereinbaren",
                "text": "Rund um die Uhr einen Termin im Bürgerbüro oder der Kreisverwaltung buchen.",
                "page": None,
                "url": "/termine/",
            },
            {
                "title": "Problem melden",
                "text": "Schlagloch, defekte Laterne oder wilder Müll: Melden Sie es auf der Karte.",
                "page": None,
                "url": "/meldungen/",
            },
        ],
    ),
    (
        "paragraph",
        "<p>Das Beteiligungsportal bündelt die Online-Beteiligung des Landes Hessen und seiner "
        "Kommunen: an einem Ort, mit einem Konto, barrierefrei und datensparsam.</p>",
    ),
]

CONTENT_PAGES = [
    (
        "impressum",
        "Impressum",
        "Angaben gemäß § 5 DDG.",
        "<p>Herausgeber: Land Hessen, vertreten durch das Regierungspräsidium Darmstadt, "
        "Luisenplatz 2, 64283 Darmstadt. Telefon 06151 12-0. E-Mail: beteiligung@rpda.example.</p>"
        "<p>Verantwortlich für den Inhalt der einzelnen Verfahren ist die jeweils genannte Behörde.</p>",
    ),
    (
        "datenschutz",
        "Datenschutzerklärung",
        "Wie wir mit Ihren Daten umgehen.",
        "<p>Wir verarbeiten nur die Daten, die Sie uns geben, und nur für den genannten Zweck. "
        "Das Portal lädt keine Inhalte von fremden Servern; Kartenkacheln werden erst geladen, "
        "wenn Sie dies ausdrücklich wünschen.</p>"
        "<h3>Löschfristen</h3><ul><li>Terminbuchungen: 14 Tage nach dem Termin</li>"
        "<li>Hinweise zur Barrierefreiheit: ein Jahr nach Eingang</li>"
        "<li>Persönliche Angaben zu Stellungnahmen: nach Abschluss des Verfahrens</li></ul>"
        "<p>Sie können Ihr Konto jederzeit unter „Mein Konto“ löschen.</p>",
    ),
    (
        "leichte-sprache",
        "Leichte Sprache",
        "Hier erklären wir das Portal in Leichter Sprache.",
        "<p>Das ist das Beteiligungs-Portal von Hessen.</p>"
        "<p>Hier können Sie mit-reden. Zum Beispiel: Wie soll ein Platz in Ihrer Stadt aussehen?</p>"
        "<p>Hier können Sie einen Termin machen. Zum Beispiel beim Bürger-Büro.</p>"
        "<p>Hier können Sie ein Problem melden. Zum Beispiel: Eine Straßen-Lampe ist kaputt.</p>",
    ),
]


def heading(text: str) -> tuple:
    return ("heading", {"text": text, "level": "h2"})


# What the statement says must stay true: tests/a11y checks every public page type and form
# state with axe-core and the Nu Html Checker and runs keyboard-only journeys.
ACCESSIBILITY_BODY = [
    (
        "paragraph",
        "<p>Das Regierungspräsidium Darmstadt ist bemüht, das Beteiligungsportal im Einklang "
        "mit dem Hessischen Behinderten-Gleichstellungsgesetz (HessBGG) und der Barrierefreie-"
        "Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Diese "
        "Erklärung gilt für die öffentlichen Seiten des Portals, nicht für den "
        "Verwaltungsbereich der Mitarbeitenden.</p>",
    ),
    heading("Stand der Vereinbarkeit"),
    (
        "paragraph",
        "<p>Das Portal ist mit WCAG 2.1 Stufe AA und der BITV 2.0 <b>teilweise vereinbar</b>; "
        "die Ausnahmen sind unten aufgeführt.</p>"
        "<p>Die Erklärung beruht auf einer Selbstbewertung. Bei jeder Änderung am Portal wird "
        "automatisch geprüft:</p>"
        "<ul><li>jede öffentliche Seitenart und jeder Formularzustand, auch mit "
        "Fehlermeldungen, mit dem Prüfwerkzeug axe-core auf die Regeln von WCAG 2.1 A und AA;</li>"
        "<li>dieselben Seiten auf gültiges HTML mit dem Nu Html Checker des W3C;</li>"
        "<li>das Melden eines Problems und das Abgeben einer Stellungnahme allein mit der "
        "Tastatur;</li>"
        "<li>dass keine Seite Inhalte von fremden Servern lädt.</li></ul>"
        "<p>Automatische Prüfungen finden nicht alle Barrieren. Eine Prüfung durch eine "
        "unabhängige Prüfstelle (BITV-Test) und Tests mit Screenreadern stehen noch aus.</p>",
    ),
    heading("Nicht barrierefreie Inhalte"),
    (
        "paragraph",
        "<ul><li>Plandokumente (PDF) sind teilweise nicht barrierefrei, insbesondere "
        "Planzeichnungen und Karten. Auf Anfrage erhalten Sie eine zugängliche Fassung oder "
        "eine Erläuterung.</li>"
        "<li>Karten sind nicht für alle nutzbar. Das Kartenbild (Kacheln von OpenStreetMap) "
        "hat keine Textalternative und wird erst nach Ihrer Zustimmung geladen. Jede Karte hat "
        "deshalb eine gleichwertige Liste oder Beschreibung. Einen Punkt auf der Karte setzen "
        "Sie mit Maus oder Finger; ohne Karte geben Sie den Ort als Adresse, Ortsbeschreibung "
        "oder Koordinaten an.</li></ul>",
    ),
    heading("Barrieren melden"),
    (
        "paragraph",
        "<p>Wenn Sie auf Barrieren stoßen, schreiben Sie uns über das Formular auf dieser "
        "Seite oder an beteiligung@rpda.example.</p>",
    ),
    heading("Durchsetzungsverfahren"),
    (
        "paragraph",
        "<p>Wenn wir auf Ihre Rückmeldung nicht innerhalb von sechs Wochen antworten, können "
        "Sie sich an die Ombudsstelle für barrierefreie Informationstechnik beim Beauftragten "
        "der Hessischen Landesregierung für Menschen mit Behinderungen wenden.</p>",
    ),
]


def child(parent: Page, model, slug: str, **fields) -> Page:
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def wagtail_base() -> Page:
    """Wagtail's own starting data (locale, root page, root collection).

    Migrations create it, but a flushed database (after a transactional test) has lost it.
    """
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def home_page() -> HomePage:
    """The demo's home page; other apps hang their index pages below it."""
    home = HomePage.objects.first()
    if home is None:
        root = wagtail_base()
        home = HomePage(
            title="Beteiligungsportal Hessen",
            slug="start",
            intro="Mitreden, mitplanen, Termine buchen und Probleme melden – online, rund um die Uhr.",
            body=HOME_BODY,
            seo_title="Startseite",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        old_root = site.root_page_id
        site.hostname, site.port, site.root_page = "localhost", 80, home
        site.site_name = "Beteiligungsportal Hessen"
        site.save()
        Page.objects.filter(id=old_root, depth=2).exclude(id=home.id).delete()
    return home


def seed(stdout) -> None:
    home = home_page()
    pages = {
        slug: child(home, ContentPage, slug, title=title, intro=intro, body=[("paragraph", text)])
        for slug, title, intro, text in CONTENT_PAGES
    }
    accessibility = child(
        home,
        AccessibilityPage,
        "barrierefreiheit",
        title="Erklärung zur Barrierefreiheit",
        body=ACCESSIBILITY_BODY,
    )
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.imprint_page = pages["impressum"]
    footer.privacy_page = pages["datenschutz"]
    footer.accessibility_page = accessibility
    footer.easy_language_page = pages["leichte-sprache"]
    footer.contact_text = (
        '<p>Fragen? <a href="mailto:beteiligung@rpda.example">beteiligung@rpda.example</a></p>'
    )
    footer.save()
    seed_procedures(stdout)
    stdout.write(f"Pages: {Page.objects.live().count()}")


# Participation procedures ----------------------------------------------------------------

SUEDHESSEN_AREA = {
    "type": "Polygon",
    "coordinates": [
        [
            [8.42, 49.74],
            [8.78, 49.70],
            [9.02, 49.80],
            [9.06, 50.02],
            [8.93, 50.24],
            [8.55, 50.26],
            [8.33, 50.06],
            [8.42, 49.74],
        ]
    ],
}

WIESBADEN_AREA = {
    "type": "Polygon",
    "coordinates": [
        [
            [8.2440, 50.0850],
            [8.2530, 50.0850],
            [8.2530, 50.0905],
            [8.2440, 50.0905],
            [8.2440, 50.0850],
        ]
    ],
}

STATEMENT_TEXTS = [
    "Die geplante Siedlungsfläche grenzt unmittelbar an ein Landschaftsschutzgebiet. Ich bitte, "
    "einen ausreichenden Puffer von mindestens 200 m vorzusehen.",
    "Der Regionale Grünzug zwischen Darmstadt und Weiterstadt muss erhalten bleiben; er ist für "
    "die Frischluftzufuhr der Innenstadt unverzichtbar.",
    "Ich begrüße die Ausweisung des Vorranggebiets für Windenergie, bitte aber um einen Abstand "
    "von 1.000 m zur Wohnbebauung.",
    "Die Anbindung an den öffentlichen Nahverkehr fehlt in der Begründung. Ohne S-Bahn-Ausbau "
    "führt die neue Wohnbebauung zu mehr Autoverkehr.",
    "Der Hochwasserschutz an der Modau wird nicht ausreichend berücksichtigt. Die Retentionsflächen "
    "sollten als Vorranggebiet festgelegt werden.",
    "Als Landwirt bin ich auf die Ackerflächen angewiesen. Bitte prüfen Sie, ob die Gewerbefläche "
    "auf bereits versiegelte Flächen gelenkt werden kann.",
    "Der Radschnellweg Frankfurt–Darmstadt sollte als regionaler Korridor in den Plan aufgenommen "
    "werden.",
    "Die Lärmbelastung durch den Flughafen wird bei der Ausweisung neuer Wohngebiete im Süden von "
    "Frankfurt unterschätzt.",
    "Ich rege an, die Fläche an der B 26 als Vorbehaltsgebiet für Photovoltaik-Freiflächenanlagen "
    "zu prüfen.",
    "Die Kaltluftschneisen im Rheingau-Taunus sind in Karte 2 nicht korrekt dargestellt.",
]
FIRST_NAMES = [
    "Anna",
    "Jonas",
    "Leonie",
    "Felix",
    "Marie",
    "Paul",
    "Sophie",
    "Lukas",
    "Emma",
    "Ben",
]
LAST_NAMES = ["Becker", "Weber", "Schneider", "Fischer", "Wagner", "Hoffmann", "Koch", "Richter"]
PLACES = ["Darmstadt-Arheilgen", "Weiterstadt", "Langen", "Dreieich", "Frankfurt-Sachsenhausen", ""]
RESPONSES = {
    "accepted": "Der Anregung wird gefolgt. Der Plan wird entsprechend geändert.",
    "partly": "Der Anregung wird teilweise gefolgt; der Abstand wird auf 150 m festgelegt.",
    "not_accepted": "Der Anregung wird nicht gefolgt, da die Fläche für die Entwicklung benötigt wird.",
    "noted": "Der Hinweis wird zur Kenntnis genommen und in der nachfolgenden Planung beachtet.",
}


def minimal_pdf(title: str) -> bytes:
    """A one-page PDF written by hand: enough for a demo document with a real size."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def demo_document(title: str, filename: str):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, file=ContentFile(minimal_pdf(title), name=filename))
        document._set_document_file_metadata()
        document.save()
    return document


def procedure_page(
    index, organisation, slug: str, phases: list, documents: list, tags: list, **fields
):
    from cms.procedures import Phase, ProcedureDocument, ProcedurePage

    page = ProcedurePage.objects.child_of(index).filter(slug=slug).first()
    if page is None:
        page = ProcedurePage(
            slug=slug,
            organisation=organisation,
            phases=[Phase(**phase) for phase in phases],
            documents=[ProcedureDocument(**doc) for doc in documents],
            **fields,
        )
        page.tags.add(*tags)
        index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
    organisation.grant_page(page)
    return page


def demo_statements(procedure, count: int, *, weighed: bool = False) -> None:
    import datetime
    import random

    from django.utils import timezone
    from shapely.geometry import Point

    from beteiligung.models import User
    from cms.procedures import Statement, StatementStatus, SubmitterKind

    if procedure.statements.exists():
        return
    rng = random.Random(procedure.slug)
    area = procedure.area_shape()
    minx, miny, maxx, maxy = area.bounds
    documents = list(procedure.documents.all())
    phase = procedure.participation_phase()
    latest = min(phase.end, timezone.now())
    seconds = max(int((latest - phase.start).total_seconds()), 60)
    deletion = procedure.personal_data_deletion_date()
    anna = User.objects.filter(username="buergerin@example.org").first()
    statements = []
    for number in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        statement = Statement(
            procedure=procedure,
            text=rng.choice(STATEMENT_TEXTS),
            submitted_at=phase.start + datetime.timedelta(seconds=rng.randrange(seconds)),
            name=f"{first} {last}",
            email=f"{first}.{last}{number}@example.org".lower(),
            delete_personal_data_after=deletion,
            place=rng.choice(PLACES),
        )
        if number % 25 == 0:
            statement.submitter_kind = SubmitterKind.AGENCY
            statement.agency_name = rng.choice(
                ["Stadt Weiterstadt", "Hessen Mobil", "BUND Hessen", "IHK Darmstadt"]
            )
        if anna is not None and number < 3:
            statement.user, statement.name, statement.email = anna, "Anna Becker", anna.email
        if documents and rng.random() < 0.6:
            statement.document = rng.choice(documents)
            statement.section = f"Kapitel {rng.randint(1, 9)}.{rng.randint(1, 5)}"
        if rng.random() < 0.4:
            while True:
                lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
                if area.covers(Point(lon, lat)):
                    break
            statement.latitude, statement.longitude = round(lat, 6), round(lon, 6)
        if weighed or rng.random() < 0.2:
            result = rng.choice(list(RESPONSES))
            statement.status, statement.result = StatementStatus.WEIGHED, result
            statement.response = RESPONSES[result]
        elif rng.random() < 0.3:
            statement.status = StatementStatus.IN_REVIEW
        else:
            statement.status = StatementStatus.SUBMITTED
        statements.append(statement)
    Statement.objects.bulk_create(statements, batch_size=500)


def scanned_letter(lines: list[str]) -> bytes:
    """A small PNG that looks like a scanned letter (drawn here; no real person)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 877), 250)
    draw = ImageDraw.Draw(image)
    y = 60
    for line in lines:
        draw.text((60, y), line, fill=30)
        y += 22 if line else 14
    draw.line((60, 820, 300, 820), fill=120)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


PAPER_LETTER = (
    "Sehr geehrte Damen und Herren,\n\n"
    "zum Entwurf des Regionalplans nehmen wir wie folgt Stellung. Das geplante Gewerbegebiet "
    "nördlich von Weiterstadt liegt unmittelbar an unserem Wohngebiet; wir bitten um einen "
    "Abstand von mindestens 300 m und eine Eingrünung.\n\n"
    "Mit freundlichen Grüßen\nFamilie Beispiel"
)
SEGMENTED_TEXT = (
    "Erstens: Der Radschnellweg zwischen Darmstadt und Frankfurt sollte als regionaler "
    "Korridor in die Karte aufgenommen werden, damit die Trasse frei bleibt.\n\n"
    "Zweitens: Das Vorranggebiet für Windenergie bei Messel rückt zu nah an die Grube "
    "Messel heran; bitte halten Sie den Abstand zum Welterbe ein.\n\n"
    "Drittens: Die Siedlungsfläche in Langen-Nord sollte kleiner ausfallen, weil dort "
    "Kaltluft in die Stadt strömt."
)
CAMPAIGN_LETTER = (
    "Sehr geehrte Damen und Herren,\n\n"
    "ich lehne das Vorranggebiet für Windenergie am Kühkopf ab. Es liegt im größten "
    "Naturschutzgebiet Hessens und gefährdet Rastvögel. Bitte streichen Sie die Fläche aus "
    "dem Plan.\n\n"
    "Mit freundlichen Grüßen\n{name}"
)


def demo_formal_statements(procedure) -> None:
    """A letter with its scan, a statement split into segments and a campaign of identical
    letters: what the formal weighing (cms/segments.py) works with."""
    import datetime

    from django.core.files.base import ContentFile

    from cms.procedures import (
        Channel,
        ConsiderationResult,
        Statement,
        StatementAttachment,
        StatementStatus,
    )
    from cms.segments import StatementSegment, follow_segments, group_identical

    if procedure.statements.filter(channel=Channel.LETTER).exists():
        return
    phase = procedure.participation_phase()
    deletion = procedure.personal_data_deletion_date()
    base = {
        "procedure": procedure,
        "status": StatementStatus.SUBMITTED,
        "delete_personal_data_after": deletion,
    }
    letter = Statement.objects.create(
        **base,
        channel=Channel.LETTER,
        submitted_at=phase.start + datetime.timedelta(days=3, hours=12),
        name="Familie Beispiel",
        text=PAPER_LETTER,
        section="Karte, Blatt 1",
    )
    scan = scanned_letter(
        [
            "Familie Beispiel",
            "Musterweg 1, 64331 Weiterstadt",
            "",
            "",
            "Regierungspräsidium Darmstadt",
            "Dezernat III 31 – Regionalplanung",
            "",
            "",
            *PAPER_LETTER.split("\n"),
        ]
    )
    StatementAttachment.objects.create(
        statement=letter,
        file=ContentFile(scan, name="brief-familie-beispiel.png"),
        original_name="brief-familie-beispiel.png",
        content_type="image/png",
        size=len(scan),
    )
    segmented = Statement.objects.create(
        **base,
        submitted_at=phase.start + datetime.timedelta(days=4),
        name="Jonas Weber",
        email="jonas.weber.demo@example.org",
        text=SEGMENTED_TEXT,
    )
    documents = list(procedure.documents.all())
    for number, (topic, result, response) in enumerate(
        [
            (
                "Verkehr",
                ConsiderationResult.ACCEPTED,
                "Der Korridor wird als Vorbehaltsgebiet in die Karte aufgenommen.",
            ),
            (
                "Windenergie",
                ConsiderationResult.NOT_ACCEPTED,
                "Der Abstand zur Grube Messel beträgt bereits mehr als 2 km.",
            ),
            ("Siedlung", "", ""),
        ]
    ):
        paragraphs = SEGMENTED_TEXT.split("\n\n")
        start = SEGMENTED_TEXT.index(paragraphs[number])
        StatementSegment.objects.create(
            statement=segmented,
            start=start,
            end=start + len(paragraphs[number]),
            topic=topic,
            document=documents[number % len(documents)] if documents else None,
            result=result,
            response=response,
        )
    follow_segments(segmented)
    names = [
        "Paula Wagner",
        "Emil Koch",
        "Lina Richter",
        "Felix Becker",
        "Marie Fischer",
        "Noah Schneider",
        "Lea Hoffmann",
        "Ben Weber",
        "Mia Koch",
        "Paul Wagner",
        "Emma Richter",
        "Luis Fischer",
    ]
    for number, name in enumerate(names):
        statement = Statement.objects.create(
            **base,
            submitted_at=phase.start + datetime.timedelta(days=5, hours=number),
            name=name,
            email=f"kampagne{number}@example.org",
            text=CAMPAIGN_LETTER.format(name=name),
        )
        group_identical(statement)


def seed_procedures(stdout) -> None:
    import datetime

    from django.utils import timezone

    from beteiligung.models import Organisation
    from cms.procedures import PhaseKind, ProcedureIndexPage

    index = child(
        home_page(),
        ProcedureIndexPage,
        "verfahren",
        title="Beteiligungsverfahren",
        intro="Pläne lesen, Stellungnahmen abgeben und die Ergebnisse der Abwägung nachlesen.",
    )
    for organisation in Organisation.objects.administrations():
        organisation.grant_shared_index(index)
    rp = Organisation.objects.filter(slug="rp-darmstadt").first()
    wiesbaden = Organisation.objects.filter(slug="wiesbaden").first()
    if rp is None or wiesbaden is None:
        stdout.write("Procedures skipped: run beteiligung's demo first.")
        return

    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    day = datetime.timedelta(days=1)
    text_part = demo_document("Regionalplan Südhessen 2026 – Textteil", "regionalplan-textteil.pdf")
    map_part = demo_document("Regionalplan Südhessen 2026 – Karte", "regionalplan-karte.pdf")
    suedhessen = procedure_page(
        index,
        rp,
        "regionalplan-suedhessen-2026",
        tags=["Regionalplanung", "Energie", "Wohnen"],
        title="Regionalplan Südhessen 2026",
        summary=(
            "Der Regionalplan legt fest, wo in Südhessen gewohnt, gearbeitet, Energie erzeugt "
            "und Natur geschützt wird. Bis zum Ende der Beteiligungsfrist können Sie zum "
            "Entwurf Stellung nehmen."
        ),
        body=[
            (
                "paragraph",
                "<p>Die Regionalversammlung Südhessen hat den Entwurf des Regionalplans 2026 "
                "beschlossen. Nach § 9 Raumordnungsgesetz kann sich jede Person zum Entwurf "
                "äußern. Alle Stellungnahmen werden geprüft und abgewogen; das Ergebnis wird "
                "hier veröffentlicht.</p>",
            )
        ],
        planning_area=SUEDHESSEN_AREA,
        area_description=(
            "Das Plangebiet umfasst die Planungsregion Südhessen zwischen Frankfurt am Main im "
            "Norden und dem Kreis Bergstraße im Süden, mit Darmstadt, Offenbach, dem Kreis "
            "Groß-Gerau und dem Main-Taunus-Kreis."
        ),
        contact=(
            "Regierungspräsidium Darmstadt, Dezernat III 31 – Regionalplanung\n"
            "Luisenplatz 2, 64283 Darmstadt\nregionalplanung@rpda.example · 06151 12-0"
        ),
        phases=[
            {
                "kind": PhaseKind.INFORMATION,
                "title": "Information und Auftaktveranstaltung",
                "start": today - 30 * day,
                "end": today - 14 * day,
            },
            {
                "kind": PhaseKind.PARTICIPATION,
                "title": "Öffentliche Auslegung",
                "start": today - 14 * day,
                "end": today + 31 * day + datetime.timedelta(hours=23, minutes=59),
            },
            {
                "kind": PhaseKind.EVALUATION,
                "title": "Prüfung und Abwägung",
                "start": today + 32 * day,
                "end": today + 150 * day,
            },
            {
                "kind": PhaseKind.RESULT,
                "title": "Beschluss und Ergebnis",
                "start": today + 150 * day,
                "end": today + 400 * day,
            },
        ],
        documents=[
            {
                "document": text_part,
                "title": "Textteil mit Begründung",
                "section": "Teil A und B",
                "page_count": 1,
                "contents": "\n".join(
                    [
                        "1 Einleitung und Leitbild",
                        "2 Raumstruktur und Zentrale Orte",
                        "3.1 Siedlungsentwicklung und Wohnbauflächen",
                        "3.2 Vorranggebiete für Windenergie",
                        "4.1 Natur und Landschaft, Biotopverbund",
                        "4.2 Hochwasserschutz und Überschwemmungsgebiete",
                        "5.1 Schienenverkehr und öffentlicher Nahverkehr",
                        "5.2 Radverkehr und Radschnellwege",
                        "6 Landwirtschaft und Wald",
                    ]
                ),
            },
            {
                "document": map_part,
                "title": "Karte des Regionalplans",
                "section": "Blatt 1",
                "page_count": 1,
            },
        ],
    )
    demo_statements(suedhessen, 300)
    demo_formal_statements(suedhessen)
    seed_agencies(suedhessen, stdout)

    plan = demo_document("Bebauungsplan Am Kurpark Ost – Planzeichnung", "bplan-kurpark-ost.pdf")
    kurpark = procedure_page(
        index,
        wiesbaden,
        "bebauungsplan-am-kurpark-ost",
        tags=["Wohnen", "Stadtentwicklung"],
        title="Bebauungsplan „Am Kurpark Ost“",
        summary=(
            "Neuordnung des Quartiers östlich des Kurparks mit Wohnungen, einer Kita und einem "
            "öffentlichen Platz. Die Abwägung ist abgeschlossen; die Ergebnisse sind veröffentlicht."
        ),
        planning_area=WIESBADEN_AREA,
        area_description="Zwischen Parkstraße, Bierstadter Straße und dem Kurpark in Wiesbaden.",
        contact="Landeshauptstadt Wiesbaden, Stadtplanungsamt\nbuergerbeteiligung@wiesbaden.example",
        phases=[
            {
                "kind": PhaseKind.PARTICIPATION,
                "title": "Frühzeitige Beteiligung",
                "start": today - 200 * day,
                "end": today - 170 * day,
            },
            {
                "kind": PhaseKind.EVALUATION,
                "title": "Abwägung",
                "start": today - 170 * day,
                "end": today - 60 * day,
            },
            {
                "kind": PhaseKind.RESULT,
                "title": "Satzungsbeschluss",
                "start": today - 60 * day,
                "end": today + 300 * day,
            },
        ],
        documents=[
            {"document": plan, "title": "Planzeichnung", "section": "Entwurf", "page_count": 1}
        ],
    )
    demo_statements(kurpark, 12, weighed=True)
    if kurpark.results_published_at is None:
        type(kurpark).objects.filter(pk=kurpark.pk).update(results_published_at=today - 55 * day)
    stdout.write(f"Procedures: 2, statements: {suedhessen.statements.count()}")


# Public agencies (Träger öffentlicher Belange) ------------------------------------------

DEMO_AGENCIES = [
    {
        "name": "Hessen Mobil – Straßen- und Verkehrsmanagement",
        "short_name": "Hessen Mobil",
        "slug": "hessen-mobil",
        "email": "poststelle@hessen-mobil.example",
    },
    {
        "name": "Landesamt für Denkmalpflege Hessen",
        "short_name": "Denkmalpflege",
        "slug": "denkmalpflege-hessen",
        "email": "poststelle@denkmalpflege-hessen.example",
    },
    {
        "name": "Abwasserverband Langen-Egelsbach-Erzhausen",
        "short_name": "Abwasserverband",
        "slug": "abwasserverband-langen",
        "email": "info@abwasserverband-langen.example",
    },
]

HESSEN_MOBIL_TEXT = (
    "Hessen Mobil nimmt als Träger öffentlicher Belange wie folgt Stellung:\n\n"
    "1. Die geplante Siedlungsfläche östlich von Weiterstadt grenzt an die B 42. Eine "
    "unmittelbare Erschließung über die Bundesstraße wird nicht zugelassen; die Anbindung "
    "ist über das nachgeordnete Netz vorzusehen.\n"
    "2. Die Anbauverbotszone von 20 m (§ 9 FStrG) ist in der Karte darzustellen.\n"
    "3. Gegen die Vorranggebiete für Windenergie im Bereich Messel bestehen keine Bedenken, "
    "sofern die Zuwegung für Schwertransporte mit uns abgestimmt wird."
)
DENKMAL_TEXT = (
    "Entwurf: Im Vorranggebiet Siedlung bei Dreieich-Götzenhain liegen zwei "
    "Bodendenkmäler (römischer Gutshof). Wir regen an, die Fläche zu verkleinern oder "
    "eine archäologische Voruntersuchung festzulegen."
)


def seed_agencies(procedure, stdout) -> None:
    """Three agencies invited to the regional plan: one answered, one drafts, one silent."""
    import datetime

    from django.utils import timezone

    from beteiligung.demo import person
    from beteiligung.models import Organisation, OrganisationKind
    from cms.agencies import (
        AgencyInvitation,
        AgencyMember,
        AgencyRole,
        AgencyStatement,
        default_deadline,
        release,
    )

    deadline = default_deadline(procedure)
    now = timezone.now()
    invitations = {}
    for data in DEMO_AGENCIES:
        agency, _created = Organisation.objects.update_or_create(
            slug=data["slug"], defaults={**data, "kind": OrganisationKind.AGENCY}
        )
        invitation, _created = AgencyInvitation.objects.get_or_create(
            procedure=procedure,
            agency=agency,
            defaults={
                "email": agency.email,
                "deadline": deadline,
                "invited_at": now - datetime.timedelta(days=12),
                "delete_after": procedure.personal_data_deletion_date(),
            },
        )
        invitations[data["slug"]] = invitation

    def member(agency_slug: str, mailbox: str, name: str, role: str):
        agency = invitations[agency_slug].agency
        user = person(f"{mailbox}@{agency_slug}.example", name)
        user.first_name, user.last_name = name.split(" ", 1)
        user.save(update_fields=["first_name", "last_name"])
        AgencyMember.objects.get_or_create(agency=agency, user=user, defaults={"role": role})
        return user

    coordinator = member("hessen-mobil", "koordination", "Petra Lorenz", AgencyRole.COORDINATOR)
    clerk = member("hessen-mobil", "sachbearbeitung", "Tobias Engel", AgencyRole.CLERK)
    member("denkmalpflege-hessen", "koordination", "Miriam Roth", AgencyRole.COORDINATOR)
    monument_clerk = member(
        "denkmalpflege-hessen", "sachbearbeitung", "Lukas Brandt", AgencyRole.CLERK
    )

    mobil = invitations["hessen-mobil"]
    if not mobil.statements.exists():
        AgencyInvitation.objects.filter(pk=mobil.pk).update(
            accepted_at=now - datetime.timedelta(days=11), accepted_by=coordinator
        )
        draft = AgencyStatement.objects.create(
            invitation=mobil,
            text=HESSEN_MOBIL_TEXT,
            document=procedure.documents.first(),
            section="Karte, Blatt 1",
            place="Weiterstadt, B 42",
            drafted_by=clerk,
            drafted_at=now - datetime.timedelta(days=5),
            updated_by=clerk,
        )
        release(draft, coordinator, now=now - datetime.timedelta(days=2))
    monuments = invitations["denkmalpflege-hessen"]
    if not monuments.statements.exists():
        AgencyInvitation.objects.filter(pk=monuments.pk).update(
            accepted_at=now - datetime.timedelta(days=10), accepted_by=monument_clerk
        )
        AgencyStatement.objects.create(
            invitation=monuments,
            text=DENKMAL_TEXT,
            place="Dreieich-Götzenhain",
            drafted_by=monument_clerk,
            updated_by=monument_clerk,
        )
    stdout.write(f"Agencies: {len(invitations)} invited to {procedure.title}")
