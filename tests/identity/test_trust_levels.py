"""A procedure that requires a BundID login at a trust level says so before the citizen
starts, with the login link, and refuses a statement from a weaker login."""

import pytest
from django.test import Client

from beteiligung.identity import SESSION_LEVEL, parse_trust_level
from beteiligung.models import TrustLevel
from tests.cms.conftest import make_procedure

NOTICE = (
    "Für diese Stellungnahme ist eine Anmeldung mit BundID (Vertrauensniveau substanziell) nötig."
)


@pytest.fixture
def strict_procedure(home, organisation):
    return make_procedure(home, organisation, statement_trust_level=TrustLevel.SUBSTANTIAL)


def client_at(user, level: str) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_LEVEL] = level
    session.save()
    return client


def test_the_page_names_the_required_level_before_the_citizen_starts(strict_procedure, citizen):
    response = client_at(citizen, "").get(strict_procedure.url)
    html = response.content.decode()
    assert NOTICE in html
    assert 'name="text"' not in html, "das Formular darf ohne BundID-Anmeldung nicht erscheinen"


def test_a_statement_from_an_email_login_is_refused_and_its_text_kept(strict_procedure, citizen):
    response = client_at(citizen, "").post(strict_procedure.url, {"text": "Mein Einwand."})
    assert response.status_code == 403
    html = response.content.decode()
    assert NOTICE in html
    assert "Mein Einwand." in html


def test_a_basic_bundid_login_is_not_enough_but_a_high_one_is(strict_procedure, citizen):
    weak = client_at(citizen, TrustLevel.BASIC).get(strict_procedure.url).content.decode()
    assert NOTICE in weak
    strong = client_at(citizen, TrustLevel.HIGH).get(strict_procedure.url).content.decode()
    assert NOTICE not in strong
    assert 'name="text"' in strong


def test_bundid_spellings_of_the_levels_are_understood():
    assert parse_trust_level(["STORK-QAA-Level-1"]) == TrustLevel.BASIC
    assert parse_trust_level("STORK-QAA-Level-3") == TrustLevel.SUBSTANTIAL
    assert parse_trust_level("http://eidas.europa.eu/LoA/high") == TrustLevel.HIGH
    assert parse_trust_level("unbekannt") == ""


def test_a_survey_that_requires_substanziell_says_so_instead_of_its_questions(
    home, organisation, citizen
):
    from tests.surveys.conftest import SIMPLE, make_survey

    survey = make_survey(home, organisation, SIMPLE, min_trust_level=TrustLevel.SUBSTANTIAL)
    html = client_at(citizen, "").get(survey.url).content.decode()
    assert (
        "Für diese Umfrage ist eine Anmeldung mit BundID (Vertrauensniveau substanziell) nötig."
        in html
    )
    assert "Verkehrsmittel" not in html
    assert "Verkehrsmittel" in client_at(citizen, TrustLevel.HIGH).get(survey.url).content.decode()


def test_an_appointment_service_that_requires_hoch_refuses_a_booking_from_a_weaker_login(
    organisation, citizen
):
    from appointments.models import Booking, Service
    from tests.appointments.conftest import days_ahead, make_office, make_slot

    office = make_office(organisation)
    service = Service.objects.create(
        organisation=organisation, name="Waffenschein", min_trust_level=TrustLevel.HIGH
    )
    service.offices.add(office)
    slot = make_slot(office, days_ahead(5))
    url = f"/termine/leistung/{service.pk}/termin/{slot.pk}/"
    client = client_at(citizen, TrustLevel.SUBSTANTIAL)
    html = client.get(url).content.decode()
    assert "Für diesen Termin ist eine Anmeldung mit BundID (Vertrauensniveau hoch) nötig." in html
    assert 'name="reserve"' not in html
    response = client.post(url, {"name": "Clara", "email": "citizen@example.org", "reserve": "1"})
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_login_records_are_erased_after_their_deletion_date(citizen):
    import datetime

    from django.utils import timezone

    from beteiligung.models import IdentityLogin
    from beteiligung.tasks import erase_expired_identity_records

    old = IdentityLogin.objects.create(user=citizen, provider="BundID", trust_level="hoch")
    IdentityLogin.objects.filter(pk=old.pk).update(
        delete_after=timezone.localdate() - datetime.timedelta(days=1)
    )
    kept = IdentityLogin.objects.create(user=citizen, provider="BundID", trust_level="hoch")
    assert erase_expired_identity_records() == 1
    assert list(IdentityLogin.objects.all()) == [kept]
