"""The page tree of the demo: home page, legal pages, accessibility statement, footer."""

from wagtail.models import Page, Site

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

ACCESSIBILITY_TEXT = (
    "<p>Das Regierungspräsidium Darmstadt ist bemüht, das Beteiligungsportal im Einklang mit "
    "dem Hessischen Behinderten-Gleichstellungsgesetz (HessBGG) und der Barrierefreie-"
    "Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.</p>"
    "<h3>Stand der Vereinbarkeit</h3>"
    "<p>Das Portal ist mit WCAG 2.1 Stufe AA weitgehend vereinbar. Jede Seitenart wird bei "
    "jeder Änderung automatisch mit axe-core geprüft.</p>"
    "<h3>Nicht barrierefreie Inhalte</h3>"
    "<ul><li>Ältere Plandokumente (PDF) sind teilweise nicht barrierefrei. Auf Anfrage "
    "erhalten Sie eine zugängliche Fassung.</li>"
    "<li>Karten sind nicht für alle nutzbar; jede Karte hat deshalb eine gleichwertige Liste, "
    "und jeder Ort kann auch als Adresse angegeben werden.</li></ul>"
    "<h3>Durchsetzungsverfahren</h3>"
    "<p>Wenn wir auf Ihre Rückmeldung nicht innerhalb von sechs Wochen antworten, können Sie "
    "sich an die Ombudsstelle für barrierefreie Informationstechnik beim Beauftragten der "
    "Hessischen Landesregierung für Menschen mit Behinderungen wenden.</p>"
)


def child(parent: Page, model, slug: str, **fields) -> Page:
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def home_page() -> HomePage:
    """The demo's home page; other apps hang their index pages below it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
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
        body=[("paragraph", ACCESSIBILITY_TEXT)],
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
    stdout.write(f"Pages: {Page.objects.live().count()}")
