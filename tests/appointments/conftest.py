"""Builders for offices with opening rules, services and bookings."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from appointments import challenge
from appointments.models import BERLIN, Office, OpeningRule, Service, Slot
from appointments.slots import generate_slots
from beteiligung.roles import Role
from tests.conftest import make_staff


@pytest.fixture(autouse=True)
def _small_challenge_and_fresh_cache(settings):
    settings.APPOINTMENTS_POW_MAX_NUMBER = 50
    settings.SITE_URL = "https://portal.example"
    cache.clear()
    yield
    cache.clear()


def make_office(organisation, name: str = "Bürgerbüro", **fields) -> Office:
    fields.setdefault("address", "Marktplatz 1\n35037 Marburg")
    fields.setdefault("latitude", "50.8090")
    fields.setdefault("longitude", "8.7700")
    return Office.objects.create(organisation=organisation, name=name, **fields)


def make_slot(office: Office, start: datetime.datetime, capacity: int = 1, minutes: int = 15):
    return Slot.objects.create(
        office=office,
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        capacity=capacity,
    )


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN)


def days_ahead(days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


@pytest.fixture
def office(organisation) -> Office:
    return make_office(organisation, phone="06421 123", email="buergerbuero@example.org")


@pytest.fixture
def service(organisation, office) -> Service:
    service = Service.objects.create(
        organisation=organisation,
        name="Führerschein beantragen",
        duration_minutes=15,
        documents="Personalausweis\nBiometrisches Passfoto",
    )
    service.offices.add(office)
    return service


@pytest.fixture
def slot(office) -> Slot:
    return make_slot(office, days_ahead(5), capacity=1)


@pytest.fixture
def clerk(organisation):
    return make_staff(organisation, Role.CLERK)


@pytest.fixture
def other_clerk(other_organisation):
    return make_staff(other_organisation, Role.CLERK)


def solved_challenge() -> str:
    return challenge.solve(challenge.create_challenge())


DETAILS = {"name": "Erika Mustermann", "email": "erika@example.org", "phone": "", "note": ""}


def reserve_via_http(client, service, slot, **overrides):
    data = {**DETAILS, "reserve": "1", "pow": solved_challenge(), **overrides}
    return client.post(f"/termine/leistung/{service.pk}/termin/{slot.pk}/", data)


__all__ = [
    "OpeningRule",
    "generate_slots",
    "make_office",
    "make_slot",
    "berlin",
    "days_ahead",
    "reserve_via_http",
    "solved_challenge",
    "DETAILS",
]
