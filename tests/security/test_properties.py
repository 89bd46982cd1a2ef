"""Hypothesis fills the public forms with arbitrary text, numbers and dates: the portal
answers with the page or a form error, never with a server error."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appointments.models import Service
from events.models import EventIndexPage
from tests.appointments.conftest import (
    DETAILS,
    days_ahead,
    make_office,
    make_slot,
    solved_challenge,
)
from tests.events.conftest import make_event
from tests.maps.conftest import make_category, make_feedback_procedure
from tests.surveys.conftest import ALL_TYPES, make_survey

pytestmark = pytest.mark.django_db

ANSWERS = {200, 302, 400, 403, 409, 429}
FUZZ = settings(
    max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
# Any text, including control characters, NUL bytes, right-to-left marks and very long input.
TEXT = st.one_of(st.text(max_size=300), st.text(min_size=3000, max_size=25000), st.just("\x00"))
NUMBER = st.one_of(st.integers().map(str), st.floats(allow_nan=True).map(str), st.text(max_size=20))


def post(url: str, data: dict, user=None) -> int:
    cache.clear()  # rate limits would otherwise answer every later example with 429
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.post(url, {k: v for k, v in data.items() if v is not None}).status_code


def test_statement_form(home, organisation):
    procedure = make_feedback_procedure(home, organisation)

    @given(text=TEXT, place=TEXT, latitude=NUMBER, longitude=NUMBER, kind=TEXT, name=TEXT)
    @FUZZ
    def check(text, place, latitude, longitude, kind, name):
        data = {"submitter_kind": kind, "text": text, "place": place, "latitude": latitude,
                "longitude": longitude, "name": name, "consent": "on"}  # fmt: skip
        assert post(procedure.url, data) in ANSWERS

    check()


def test_map_note_form(home, organisation, citizen):
    procedure = make_feedback_procedure(home, organisation)

    @given(category=NUMBER, text=TEXT, latitude=NUMBER, longitude=NUMBER, place=TEXT)
    @FUZZ
    def check(category, text, latitude, longitude, place):
        data = {"category": category, "text": text, "latitude": latitude,
                "longitude": longitude, "place": place}  # fmt: skip
        assert post(f"/kartenhinweise/{procedure.pk}/", data, citizen) in ANSWERS

    check()


def test_incident_report_form(organisation):
    category = make_category(organisation)

    @given(category=st.one_of(st.just(str(category.pk)), NUMBER), lat=NUMBER, lon=NUMBER,
           description=TEXT, address=TEXT, email=TEXT)  # fmt: skip
    @FUZZ
    def check(category, lat, lon, description, address, email):
        data = {"category": category, "lat": lat, "lon": lon, "description": description,
                "address": address, "reporter_email": email, "consent": "on"}  # fmt: skip
        assert post("/meldungen/neu/", data) in ANSWERS

    check()


def test_appointment_booking_form(organisation):
    office = make_office(organisation)
    service = Service.objects.create(organisation=organisation, name="Ausweis")
    service.offices.add(office)
    slot = make_slot(office, days_ahead(4), capacity=1000)

    @given(name=TEXT, email=TEXT, phone=TEXT, note=TEXT, pow_=st.one_of(TEXT, st.just("")))
    @FUZZ
    def check(name, email, phone, note, pow_):
        data = {**DETAILS, "name": name, "email": email, "phone": phone, "note": note,
                "reserve": "1", "pow": pow_ or solved_challenge()}  # fmt: skip
        assert post(f"/termine/leistung/{service.pk}/termin/{slot.pk}/", data) in ANSWERS

    check()


def test_event_registration_form(home, organisation):
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    home.add_child(instance=index)
    event = make_event(
        index, organisation, registration_enabled=True, capacity=10**6, ask_persons=True
    )

    @given(name=TEXT, email=TEXT, persons=NUMBER, needs=TEXT)
    @FUZZ
    def check(name, email, persons, needs):
        data = {"name": name, "email": email, "persons": persons, "needs": needs, "privacy": "on"}
        assert post(event.url, data) in ANSWERS

    check()


def test_survey_form(home, organisation):
    survey = make_survey(home, organisation, ALL_TYPES)
    names = [field.clean_name for field in survey.questions()]

    @given(values=st.lists(st.one_of(TEXT, NUMBER), min_size=len(names), max_size=len(names)))
    @FUZZ
    def check(values):
        assert post(survey.url, dict(zip(names, values, strict=True))) in ANSWERS

    check()
