"""Demo offices and services of the Landkreis Marburg-Biedenkopf, with slots and bookings."""

import datetime

from django.utils import timezone

from appointments.models import Booking, BookingStatus, Closure, Office, OpeningRule, Service
from appointments.services import delete_after_for, take_seat
from appointments.slots import generate_slots
from beteiligung.models import Organisation

OFFICES = [
    {
        "name": "Kreisverwaltung Marburg",
        "address": "Im Lichtenholz 60\n35043 Marburg",
        "latitude": "50.790500",
        "longitude": "8.761300",
        "accessibility": "Stufenloser Zugang, Aufzug zu allen Etagen, barrierefreies WC im "
        "Erdgeschoss, Induktionsschleife an Schalter 1.",
        "directions": "Buslinie 2 und 3, Haltestelle Lichtenholz. Parkplätze vor dem Haus.",
        "phone": "06421 405-0",
        "email": "termine@marburg-biedenkopf.example",
    },
    {
        "name": "Außenstelle Biedenkopf",
        "address": "Hainstraße 72\n35216 Biedenkopf",
        "latitude": "50.911700",
        "longitude": "8.532200",
        "accessibility": "Eingang über die Rampe an der Rückseite; Klingel für Hilfe.",
        "directions": "Vom Bahnhof Biedenkopf 10 Minuten zu Fuß.",
        "phone": "06461 79-0",
        "email": "biedenkopf@marburg-biedenkopf.example",
    },
]

# weekday, start, end, slot minutes, desks
RULES = {
    "Kreisverwaltung Marburg": [
        *[(day, "08:00", "12:00", 15, 3) for day in range(5)],
        (3, "14:00", "18:00", 15, 2),
    ],
    "Außenstelle Biedenkopf": [(1, "08:30", "12:00", 30, 1), (3, "13:00", "17:00", 30, 1)],
}

SERVICES = [
    {
        "name": "Führerschein beantragen",
        "description": "Ersterteilung, Erweiterung oder Umtausch eines Führerscheins.",
        "duration_minutes": 15,
        "documents": "Personalausweis oder Reisepass\nBiometrisches Passfoto\n"
        "Sehtestbescheinigung\nNachweis über Erste-Hilfe-Kurs",
        "offices": ["Kreisverwaltung Marburg", "Außenstelle Biedenkopf"],
    },
    {
        "name": "Fahrzeug zulassen",
        "description": "Neuzulassung, Umschreibung oder Wiederzulassung eines Fahrzeugs.",
        "duration_minutes": 15,
        "documents": "Personalausweis\nZulassungsbescheinigung Teil I und II\n"
        "eVB-Nummer der Versicherung\nSEPA-Mandat für die Kfz-Steuer",
        "offices": ["Kreisverwaltung Marburg", "Außenstelle Biedenkopf"],
    },
    {
        "name": "Beratung zum Regionalplan",
        "description": "Persönliche Beratung zum Entwurf des Regionalplans Mittelhessen und "
        "zur Abgabe einer Stellungnahme.",
        "duration_minutes": 30,
        "documents": "Gegebenenfalls Flurstücksnummer oder Lageplan",
        "offices": ["Kreisverwaltung Marburg"],
    },
    {
        "name": "Meldebescheinigung für Fahrerlaubnis",
        "description": "Auskunft aus dem Fahreignungsregister und Bescheinigungen.",
        "duration_minutes": 10,
        "documents": "Personalausweis",
        "offices": ["Außenstelle Biedenkopf"],
    },
]

PEOPLE = [
    ("Jonas Weber", "jonas.weber@example.org"),
    ("Aylin Demir", "aylin.demir@example.org"),
    ("Marie Schneider", "marie.schneider@example.org"),
    ("Lukas Becker", "lukas.becker@example.org"),
    ("Fatima Haddad", "fatima.haddad@example.org"),
]


def seed(stdout=None) -> None:
    organisation = Organisation.objects.filter(slug="marburg-biedenkopf").first()
    if organisation is None:
        return
    offices = {}
    for data in OFFICES:
        office, _created = Office.objects.get_or_create(
            organisation=organisation, name=data["name"], defaults=data
        )
        offices[office.name] = office
        if not office.rules.exists():
            for weekday, start, end, minutes, desks in RULES[office.name]:
                OpeningRule.objects.create(
                    office=office,
                    weekday=weekday,
                    start_time=start,
                    end_time=end,
                    slot_minutes=minutes,
                    capacity=desks,
                    valid_from=timezone.localdate() - datetime.timedelta(days=30),
                )
            year = timezone.localdate().year
            Closure.objects.create(
                office=office,
                start_date=datetime.date(year, 12, 24),
                end_date=datetime.date(year + 1, 1, 1),
                reason="Weihnachten und Neujahr",
            )
        generate_slots(office)
    services = {}
    for order, data in enumerate(SERVICES):
        data = dict(data)
        office_names = data.pop("offices")
        service, _created = Service.objects.get_or_create(
            organisation=organisation,
            name=data["name"],
            defaults={**data, "sort_order": order},
        )
        service.offices.add(*(offices[name] for name in office_names))
        services[service.name] = service
    seed_bookings(offices["Kreisverwaltung Marburg"], services["Führerschein beantragen"])
    seed_bookings(offices["Außenstelle Biedenkopf"], services["Fahrzeug zulassen"])
    if stdout:
        stdout.write(f"Appointments: {len(offices)} offices, {len(services)} services.\n")


def seed_bookings(office: Office, service: Service) -> None:
    if Booking.objects.filter(slot__office=office).exists():
        return
    now = timezone.now()
    slots = list(office.free_slots()[:40:8])
    for (name, email), slot in zip(PEOPLE, slots, strict=False):
        if take_seat(slot, now):
            Booking.objects.create(
                slot=slot,
                service=service,
                name=name,
                email=email,
                status=BookingStatus.CONFIRMED,
                confirmed_at=now,
                delete_after=delete_after_for(slot),
            )
