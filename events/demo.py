"""Demo events: a dozen across the three demo organisations and their procedures.

Dates are relative to today, so the demo always has upcoming and past events. Idempotent:
an event that exists (by slug) is left as it is.
"""

import datetime

from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from beteiligung.models import Organisation
from beteiligung.roles import Role
from cms.demo import home_page
from events.models import EventIndexPage, EventPage, EventSeats, Registration, RegistrationStatus

ACCESSIBLE = (
    "Stufenloser Zugang über den Haupteingang, barrierefreies WC im Erdgeschoss, "
    "induktive Höranlage. Gebärdensprachdolmetschung auf Anfrage bis eine Woche vorher."
)


def at(days: int, hour: int = 18, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def events(procedures: dict) -> list[dict]:
    regionalplan = procedures.get("regionalplan-suedhessen-2026")
    kurpark = procedures.get("bebauungsplan-am-kurpark-ost")
    return [
        {
            "organisation": "rp-darmstadt",
            "parent": regionalplan,
            "slug": "infoabend-regionalplan-darmstadt",
            "title": "Infoabend zum Regionalplan Südhessen in Darmstadt",
            "intro": "Die Regionalplanung stellt den Entwurf vor und beantwortet Ihre Fragen.",
            "start": at(9, 18),
            "end": at(9, 20, 30),
            "place_name": "darmstadtium, Raum Ferrum",
            "address": "Schloßgraben 1, 64283 Darmstadt",
            "latitude": "49.874700",
            "longitude": "8.656300",
            "venue_accessibility": ACCESSIBLE,
            "registration_enabled": True,
            "capacity": 120,
            "ask_persons": True,
            "procedure": regionalplan,
        },
        {
            "organisation": "rp-darmstadt",
            "parent": regionalplan,
            "slug": "online-sprechstunde-regionalplan",
            "title": "Online-Sprechstunde Regionalplan: Windenergie",
            "intro": "Fragen zu den Vorranggebieten für Windenergie, live per Videokonferenz.",
            "start": at(14, 17),
            "end": at(14, 18, 30),
            "online_url": "https://konferenz.rpda.example/regionalplan-wind",
            "registration_enabled": True,
            "capacity": 200,
            "procedure": regionalplan,
        },
        {
            "organisation": "rp-darmstadt",
            "slug": "fachtag-regionalentwicklung",
            "title": "Fachtage Regionalentwicklung Südhessen",
            "intro": "Zwei Tage mit Vorträgen und Werkstätten für Kommunen, Verbände und Interessierte.",
            "start": at(30, 9),
            "end": at(31, 16),
            "place_name": "Regierungspräsidium Darmstadt, Kollegiengebäude",
            "address": "Luisenplatz 2, 64283 Darmstadt",
            "latitude": "49.872800",
            "longitude": "8.651200",
            "venue_accessibility": ACCESSIBLE,
            "registration_enabled": True,
            "capacity": 60,
            "ask_persons": False,
            "procedure": regionalplan,
        },
        {
            "organisation": "rp-darmstadt",
            "slug": "auftakt-regionalplan",
            "title": "Auftaktveranstaltung Regionalplan Südhessen",
            "intro": "Der Start der Öffentlichkeitsbeteiligung.",
            "start": at(-40, 18),
            "end": at(-40, 20),
            "place_name": "Orangerie Darmstadt",
            "address": "Bessunger Straße 44, 64285 Darmstadt",
            "procedure": regionalplan,
        },
        {
            "organisation": "wiesbaden",
            "parent": kurpark,
            "slug": "buergerforum-kurpark-ost",
            "title": "Bürgerforum „Am Kurpark Ost“: Ergebnisse der Abwägung",
            "intro": "Das Stadtplanungsamt erläutert, wie Ihre Hinweise in den Plan eingeflossen sind.",
            "start": at(6, 19),
            "end": at(6, 21),
            "place_name": "Rathaus Wiesbaden, Festsaal",
            "address": "Schloßplatz 6, 65183 Wiesbaden",
            "latitude": "50.082100",
            "longitude": "8.243800",
            "venue_accessibility": ACCESSIBLE,
            "registration_enabled": True,
            "capacity": 12,
            "ask_persons": True,
            "procedure": kurpark,
            "demo_registrations": 14,  # fully booked, two on the waiting list
        },
        {
            "organisation": "wiesbaden",
            "slug": "tag-der-offenen-baustelle",
            "title": "Tag der offenen Baustelle Kurpark Ost",
            "intro": "Führungen über das Baufeld, stündlich ab 10 Uhr. Keine Anmeldung nötig.",
            "all_day": True,
            "start": at(21, 0),
            "end": at(21, 0),
            "place_name": "Baufeld Kurpark Ost",
            "address": "Parkstraße, 65189 Wiesbaden",
            "latitude": "50.085600",
            "longitude": "8.252000",
            "venue_accessibility": "Wege teilweise geschottert; Begleitung für Rollstuhlnutzende vor Ort.",
            "procedure": kurpark,
        },
        {
            "organisation": "wiesbaden",
            "slug": "digitale-buergersprechstunde",
            "title": "Digitale Bürgersprechstunde Stadtentwicklung",
            "intro": "Die Dezernentin für Stadtentwicklung beantwortet Ihre Fragen online.",
            "start": at(11, 17),
            "end": at(11, 18),
            "online_url": "https://konferenz.wiesbaden.example/sprechstunde",
        },
        {
            "organisation": "wiesbaden",
            "slug": "planungswerkstatt-kurpark",
            "title": "Planungswerkstatt Kurpark Ost",
            "intro": "Gemeinsam an Modellen arbeiten: Wie soll der neue Platz aussehen?",
            "start": at(-120, 10),
            "end": at(-120, 16),
            "place_name": "Kurhaus Wiesbaden",
            "address": "Kurhausplatz 1, 65189 Wiesbaden",
            "procedure": kurpark,
        },
        {
            "organisation": "marburg-biedenkopf",
            "slug": "werkstatt-kreisentwicklung",
            "title": "Werkstatt Kreisentwicklungskonzept",
            "intro": "Wie soll sich der Landkreis bis 2040 entwickeln? Diskutieren Sie mit.",
            "start": at(18, 18),
            "end": at(18, 21),
            "place_name": "Kreishaus Marburg, Sitzungssaal",
            "address": "Im Lichtenholz 60, 35043 Marburg",
            "latitude": "50.789500",
            "longitude": "8.778900",
            "venue_accessibility": ACCESSIBLE,
            "registration_enabled": True,
            "capacity": 40,
            "ask_persons": True,
            "registration_deadline": at(16, 12),
        },
        {
            "organisation": "marburg-biedenkopf",
            "slug": "radverkehrskonzept-biedenkopf",
            "title": "Infoabend Radverkehrskonzept Hinterland",
            "intro": "Vorstellung der geplanten Radrouten zwischen Biedenkopf und Dautphetal.",
            "start": at(25, 19),
            "end": at(25, 20, 30),
            "place_name": "Bürgerhaus Biedenkopf",
            "address": "Hainstraße 63, 35216 Biedenkopf",
            "latitude": "50.911500",
            "longitude": "8.533300",
        },
        {
            "organisation": "marburg-biedenkopf",
            "slug": "online-infoabend-oepnv",
            "title": "Online-Infoabend Nahverkehrsplan",
            "intro": "Neue Buslinien und Takte im Landkreis: Vorstellung und Fragen im Chat.",
            "start": at(35, 18, 30),
            "end": at(35, 20),
            "online_url": "https://konferenz.marburg-biedenkopf.example/nahverkehr",
            "registration_enabled": True,
        },
        {
            "organisation": "marburg-biedenkopf",
            "slug": "dorfentwicklung-gladenbach",
            "title": "Dorfspaziergang Dorfentwicklung Gladenbach",
            "intro": "Rundgang durch den Ortskern mit dem Planungsbüro.",
            "start": at(-10, 14),
            "end": at(-10, 17),
            "place_name": "Marktplatz Gladenbach",
            "address": "Marktplatz, 35075 Gladenbach",
            "latitude": "50.768300",
            "longitude": "8.581700",
        },
    ]


def index_page() -> EventIndexPage:
    home = home_page()
    index = EventIndexPage.objects.child_of(home).filter(slug="veranstaltungen").first()
    if index is None:
        index = EventIndexPage(
            title="Veranstaltungen",
            slug="veranstaltungen",
            intro=(
                "Informationsabende, Werkstätten, Ortsbegehungen und Online-Sprechstunden der "
                "hessischen Verwaltungen. Melden Sie sich an und übernehmen Sie die Termine in "
                "Ihren Kalender."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def procedures_by_slug() -> dict:
    try:
        from cms.procedures import ProcedurePage
    except ImportError:
        return {}
    return {page.slug: page for page in ProcedurePage.objects.all()}


def demo_registrations(event: EventPage, count: int) -> None:
    seats, _created = EventSeats.objects.get_or_create(
        event=event, defaults={"capacity": event.capacity}
    )
    if event.registrations.exists():
        return
    for number in range(count):
        persons = 1 if number % 3 else 2
        fits = seats.capacity is None or seats.taken + persons <= seats.capacity
        waiting = event.registrations.filter(status=RegistrationStatus.WAITING).exists()
        confirmed = fits and not waiting
        Registration.objects.create(
            event=event,
            name=f"Demo-Teilnehmende {number + 1}",
            email=f"teilnahme{number + 1}@example.org",
            persons=persons,
            status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
            delete_after=event.deletion_date(),
        )
        if confirmed:
            seats.taken += persons
    seats.save()


def seed(stdout) -> None:
    index = index_page()
    organisations = {o.slug: o for o in Organisation.objects.administrations()}
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    for organisation in organisations.values():
        organisation.ensure_roles()
        GroupPagePermission.objects.get_or_create(
            group=organisation.group(Role.EDITOR), page=index, permission=add_page
        )
    procedures = procedures_by_slug()
    created = 0
    for data in events(procedures):
        data = dict(data)
        organisation = organisations.get(data.pop("organisation"))
        if organisation is None:
            continue
        parent = data.pop("parent", None) or index
        count = data.pop("demo_registrations", 0)
        event = EventPage.objects.filter(slug=data["slug"]).first()
        if event is None:
            event = EventPage(organisation=organisation, **data)
            parent.add_child(instance=event)
            event.save_revision().publish()
            created += 1
        organisation.grant_page(event)
        if count:
            demo_registrations(event, count)
    stdout.write(f"Events: {EventPage.objects.count()} ({created} new)")
