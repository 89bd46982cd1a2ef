"""Demo incident reports for Wiesbaden: categories and about 3,000 reports across the city."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from beteiligung.models import Organisation
from maps.models import (
    CLOSED_STATUSES,
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
    existing = Report.objects.filter(source="demo").count()
    if existing < DEMO_REPORTS:
        create_reports(categories, DEMO_REPORTS - existing, seed_value=existing)
    stdout.write(
        f"Incident reports: {ReportCategory.objects.count()} categories, "
        f"{Report.objects.count()} reports"
    )


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
