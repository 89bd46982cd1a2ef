"""Demo incident reports for Wiesbaden (categories, about 3,000 reports across the city) and
3,000 map notes on the Regionalplan Südhessen with categories and sub-areas."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from beteiligung.models import Organisation
from maps.models import (
    CLOSED_STATUSES,
    AnswerTemplate,
    ApiKey,
    Report,
    ReportCategory,
    ReportStatus,
    ReportUpdate,
)

DEMO_REPORTS = 3000
DEMO_API_KEY = "demo-open311-key-nur-lokal"  # noqa: S105 (local demo only)

CATEGORIES = [
    {
        "service_code": "schlagloch",
        "group": "Straßen und Wege",
        "name": "Straßenschäden/Schlagloch",
        "guidance": "Schlaglöcher, Risse und abgesackte Pflastersteine auf Straßen und Gehwegen.",
        "icon": "road",
        "colour": "#9a3412",
        "attributes": [
            {
                "code": "groesse",
                "datatype": "singlevaluelist",
                "required": False,
                "description": "Wie groß ist der Schaden?",
                "values": [
                    {"key": "klein", "name": "kleiner als ein Schuhkarton"},
                    {"key": "mittel", "name": "bis einen halben Meter"},
                    {"key": "gross", "name": "größer als ein halber Meter"},
                ],
            }
        ],
    },
    {
        "service_code": "strassenbeleuchtung",
        "group": "Straßen und Wege",
        "name": "Straßenbeleuchtung",
        "guidance": "Defekte oder dauerhaft brennende Laternen. Die Nummer steht am Mast.",
        "icon": "lightbulb",
        "colour": "#854d0e",
    },
    {
        "service_code": "wilder-muell",
        "group": "Sauberkeit",
        "name": "Wilder Müll",
        "guidance": "Abgestellter Sperrmüll, Säcke oder Bauschutt im öffentlichen Raum.",
        "icon": "trash-can",
        "colour": "#166534",
    },
    {
        "service_code": "verkehrszeichen",
        "group": "Verkehr",
        "name": "Verkehrszeichen",
        "guidance": "Beschädigte, verdrehte oder zugewachsene Verkehrszeichen.",
        "icon": "sign-hanging",
        "colour": "#1d4ed8",
    },
    {
        "service_code": "gruenflaechen",
        "group": "Grün",
        "name": "Grünflächen",
        "guidance": "Umgestürzte Bäume, überwachsene Wege, beschädigte Spielplätze in Parks.",
        "icon": "tree",
        "colour": "#15803d",
    },
    {
        "service_code": "autobahn",
        "group": "Verkehr",
        "name": "Autobahn",
        "guidance": "Schäden auf der A 66, A 643 oder A 671.",
        "not_responsible_hint": (
            "Für Autobahnen ist die Stadt nicht zuständig. Bitte wenden Sie sich an die "
            "Autobahn GmbH des Bundes, Niederlassung West."
        ),
        "icon": "car",
        "colour": "#4b5563",
        "requires_review": True,
    },
]

# Roughly the built-up area of Wiesbaden.
LAT_RANGE = (50.030, 50.120)
LON_RANGE = (8.170, 8.330)
STATUS_WEIGHTS = [
    (ReportStatus.NEW, 20),
    (ReportStatus.CONFIRMED, 15),
    (ReportStatus.IN_PROGRESS, 15),
    (ReportStatus.RESOLVED, 35),
    (ReportStatus.CLOSED_NOT_RESPONSIBLE, 5),
    (ReportStatus.CLOSED_DUPLICATE, 5),
    (ReportStatus.CLOSED_REJECTED, 5),
]
DESCRIPTIONS = {
    "schlagloch": ["Tiefes Schlagloch auf der Fahrbahn", "Gehwegplatte steht hoch, Stolpergefahr"],
    "strassenbeleuchtung": ["Laterne ist seit Tagen dunkel", "Laterne flackert die ganze Nacht"],
    "wilder-muell": ["Sperrmüll am Straßenrand abgestellt", "Mehrere Müllsäcke im Gebüsch"],
    "verkehrszeichen": ["Stoppschild ist verdreht", "Schild ist von Ästen verdeckt"],
    "gruenflaechen": ["Ast hängt über dem Weg", "Spielgerät ist beschädigt"],
    "autobahn": ["Schlagloch auf der Auffahrt", "Leitplanke beschädigt"],
}
NOTES = {
    ReportStatus.CONFIRMED: "Danke, wir haben den Schaden aufgenommen.",
    ReportStatus.IN_PROGRESS: "Der Auftrag ist an den Bauhof vergeben.",
    ReportStatus.RESOLVED: "Erledigt. Vielen Dank für den Hinweis!",
    ReportStatus.CLOSED_NOT_RESPONSIBLE: "Dafür ist die Stadt nicht zuständig; wir haben weitergeleitet.",
    ReportStatus.CLOSED_DUPLICATE: "Das Problem ist bereits gemeldet.",
    ReportStatus.CLOSED_REJECTED: "Vor Ort konnten wir keinen Schaden feststellen.",
}


# Textbausteine the demo's incident handlers start from.
ANSWER_TEMPLATES = [
    (
        "Auftrag vergeben",
        "Vielen Dank für Ihre Meldung. Wir haben den Auftrag an den Bauhof vergeben; "
        "die Arbeiten beginnen in den nächsten Tagen.",
    ),
    (
        "Nicht zuständig",
        "Vielen Dank für Ihre Meldung. Dafür ist die Stadt nicht zuständig; wir haben Ihre "
        "Meldung an die zuständige Stelle weitergeleitet.",
    ),
    (
        "Erledigt",
        "Der Schaden ist behoben. Vielen Dank, dass Sie uns darauf aufmerksam gemacht haben!",
    ),
]


def seed(stdout) -> None:
    wiesbaden = Organisation.objects.get(slug="wiesbaden")
    categories = []
    for data in CATEGORIES:
        category, _created = ReportCategory.objects.update_or_create(
            service_code=data["service_code"],
            defaults={
                **data,
                "organisation": wiesbaden,
                "notification_email": "meldungen@wiesbaden.example",
            },
        )
        categories.append(category)
    ApiKey.objects.get_or_create(
        key=DEMO_API_KEY, defaults={"name": "Demo-App", "organisation": wiesbaden}
    )
    for order, (title, text) in enumerate(ANSWER_TEMPLATES):
        AnswerTemplate.objects.get_or_create(
            organisation=wiesbaden, title=title, defaults={"text": text, "sort_order": order}
        )
    existing = Report.objects.filter(source="demo").count()
    if existing < DEMO_REPORTS:
        create_reports(categories, DEMO_REPORTS - existing, seed_value=existing)
    stdout.write(
        f"Incident reports: {ReportCategory.objects.count()} categories, "
        f"{Report.objects.count()} reports"
    )
    seed_feedback(stdout)


def create_reports(categories: list[ReportCategory], count: int, seed_value: int = 0) -> None:
    rng = random.Random(8 + seed_value)  # deterministic: the same city every time
    now = timezone.now()
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    reports = []
    for _ in range(count):
        category = rng.choice(categories)
        status = rng.choices(statuses, weights)[0]
        created = now - datetime.timedelta(minutes=rng.randint(60, 365 * 24 * 60))
        closed = status in CLOSED_STATUSES
        closed_at = created + datetime.timedelta(days=rng.randint(1, 30)) if closed else None
        reports.append(
            Report(
                category=category,
                lat=Decimal(f"{rng.uniform(*LAT_RANGE):.6f}"),
                lon=Decimal(f"{rng.uniform(*LON_RANGE):.6f}"),
                description=rng.choice(DESCRIPTIONS[category.service_code]),
                status=status,
                status_note=NOTES.get(status, ""),
                published=True,
                confirmed_at=created,
                supporters_count=rng.choice([0, 0, 0, 1, 2, 5]),
                source="demo",
                created_at=created,
                closed_at=closed_at,
                delete_after=(closed_at.date() + datetime.timedelta(days=30)) if closed else None,
            )
        )
    Report.objects.bulk_create(reports, batch_size=1000)
    updates = [
        ReportUpdate(
            report=report,
            old_status=ReportStatus.NEW,
            new_status=report.status,
            text=report.status_note,
            created_at=report.closed_at or report.created_at + datetime.timedelta(days=1),
        )
        for report in reports
        if report.status != ReportStatus.NEW and report.pk
    ]
    ReportUpdate.objects.bulk_create(updates, batch_size=1000)


# Map feedback on the Regionalplan Südhessen ---------------------------------------------

DEMO_PROCEDURE = "regionalplan-suedhessen-2026"
DEMO_CONTRIBUTIONS = 3000
FEEDBACK_CATEGORIES = [
    ("Radweg fehlt", "#0072B2", "bicycle"),
    ("Lärm", "#E69F00", "volume-high"),
    ("Bäume und Grün erhalten", "#009E73", "tree"),
    ("Verkehrssicherheit", "#D55E00", "triangle-exclamation"),
    ("Wohnen und Bauen", "#CC79A7", "house"),
]
FEEDBACK_TEXTS = {
    "Radweg fehlt": ["Hier fehlt ein sicherer Radweg.", "Radweg endet im Nichts.", "Radschnellweg bitte bis hierher verlängern."],
    "Lärm": ["Nachts sehr laut durch Lkw-Verkehr.", "Fluglärm ist hier kaum auszuhalten.", "Lärmschutzwand fehlt."],
    "Bäume und Grün erhalten": ["Bitte Bäume erhalten!", "Die Streuobstwiese darf nicht bebaut werden.", "Wichtige Frischluftschneise."],
    "Verkehrssicherheit": ["Gefährliche Kreuzung für Schulkinder.", "Zebrastreifen fehlt.", "Hier wird viel zu schnell gefahren."],
    "Wohnen und Bauen": ["Hier wäre Platz für Wohnungen.", "Bitte keine weitere Versiegelung.", "Gewerbegebiet passt hier nicht hin."],
}  # fmt: skip
# Simplified sub-areas (rectangles) for the statistics; not the real district borders.
SUB_AREAS = [
    ("Main-Taunus-Kreis", (8.33, 50.02, 8.70, 50.26)),
    ("Frankfurt am Main und Offenbach", (8.70, 50.02, 9.06, 50.26)),
    ("Kreis Groß-Gerau", (8.33, 49.88, 8.70, 50.02)),
    ("Darmstadt und Darmstadt-Dieburg", (8.70, 49.88, 9.06, 50.02)),
    ("Kreis Bergstraße", (8.33, 49.70, 9.06, 49.88)),
]
PARTICIPANTS = [
    "Jonas",
    "Lea",
    "Mehmet",
    "Sofia",
    "Lukas",
    "Emma",
    "Ali",
    "Marie",
    "Paul",
    "Hannah",
]


def sub_areas_geojson() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
                },
            }
            for name, (w, s, e, n) in SUB_AREAS
        ],
    }


def seed_feedback(stdout) -> None:
    from cms.procedures import ProcedurePage
    from maps.models import FeedbackCategory

    procedure = ProcedurePage.objects.filter(slug=DEMO_PROCEDURE).first()
    if procedure is None:
        return
    if not procedure.map_feedback:
        page = procedure.get_latest_revision_as_object()
        page.map_feedback = True
        page.sub_areas = sub_areas_geojson()
        page.feedback_categories = [
            FeedbackCategory(name=name, colour=colour, icon=icon, sort_order=n)
            for n, (name, colour, icon) in enumerate(FEEDBACK_CATEGORIES)
        ]
        page.save_revision().publish()
        procedure = ProcedurePage.objects.get(pk=procedure.pk)
    existing = procedure.map_contributions.count()
    if existing < DEMO_CONTRIBUTIONS:
        create_contributions(procedure, DEMO_CONTRIBUTIONS - existing, seed_value=existing)
    stdout.write(
        f"Map feedback: {procedure.map_contributions.count()} notes on “{procedure.title}”"
    )


def demo_participants() -> list:
    from allauth.account.models import EmailAddress

    from beteiligung.models import User

    emails = [f"{name.lower()}.beteiligt@example.org" for name in PARTICIPANTS]
    missing = set(emails) - set(
        User.objects.filter(email__in=emails).values_list("email", flat=True)
    )
    users = []
    for name, email in zip(PARTICIPANTS, emails, strict=True):
        if email in missing:
            user = User(username=email, email=email, display_name=name)
            user.set_unusable_password()  # demo authors only; nobody logs in as them
            users.append(user)
    User.objects.bulk_create(users)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    return list(User.objects.filter(email__in=emails))


def create_contributions(procedure, count: int, seed_value: int = 0) -> None:
    from shapely.geometry import Point

    from beteiligung.models import User
    from dialogues.models import Comment, CommentStatus, Support
    from maps.models import FeedbackCategory, MapContribution

    rng = random.Random(9 + seed_value)
    categories = list(FeedbackCategory.objects.filter(procedure=procedure))
    authors = demo_participants()
    supporters = list(
        User.objects.filter(username__in=["buergerin@example.org", "buerger@example.org"])
    )
    area = procedure.area_shape()
    minx, miny, maxx, maxy = area.bounds
    # Clusters around towns make the heat map and the sub-area counts tell something.
    towns = [(8.65, 49.87), (8.68, 50.11), (8.76, 50.10), (8.49, 49.92), (8.63, 49.68 + 0.1)]
    phase = procedure.participation_phase()
    start = phase.start if phase else timezone.now() - datetime.timedelta(days=14)
    seconds = max(
        int((min(timezone.now(), phase.end if phase else timezone.now()) - start).total_seconds()),
        60,
    )
    comments, places = [], []
    while len(comments) < count:
        if rng.random() < 0.7:
            lon, lat = rng.choice(towns)
            lon, lat = rng.gauss(lon, 0.05), rng.gauss(lat, 0.035)
        else:
            lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not area.covers(Point(lon, lat)):
            continue
        category = rng.choice(categories)
        created = start + datetime.timedelta(seconds=rng.randrange(seconds))
        author = rng.choice(authors)
        text = rng.choice(FEEDBACK_TEXTS.get(category.name, ["Hinweis zur Planung."]))
        comments.append(
            Comment(
                page=procedure,
                organisation_id=procedure.organisation_id,
                author=author,
                text=text,
                # bulk_create() skips Comment.save(), which renders the HTML.
                text_html=Comment.render_text(text),
                status=CommentStatus.PUBLISHED,
                created_at=created,
            )
        )
        places.append((category, Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}"), created))
    Comment.objects.bulk_create(comments, batch_size=500)
    MapContribution.objects.bulk_create(
        [
            MapContribution(
                procedure=procedure,
                category=category,
                comment=comment,
                latitude=lat,
                longitude=lon,
                created_at=created,
            )
            for comment, (category, lat, lon, created) in zip(comments, places, strict=True)
        ],
        batch_size=500,
    )
    supports = [
        Support(user=user, comment=comment)
        for comment in comments
        if rng.random() < 0.15
        for user in supporters
    ]
    Support.objects.bulk_create(supports, batch_size=500, ignore_conflicts=True)
    supported = {support.comment_id for support in supports}
    Comment.objects.filter(pk__in=supported).update(support_count=len(supporters))
