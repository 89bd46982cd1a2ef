"""Staff see, export and message the registrations of their own organisation's events."""

import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from beteiligung.roles import Role
from events import services
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations(event):
    services.register(event, name="Anna Becker", email="anna@example.org", persons=2, needs="Rampe")
    services.register(event, name="=HYPERLINK()", email="ben@example.org", persons=1)
    services.register(event, name="Cleo", email="cleo@example.org", persons=1)  # waiting
    return event


def url(event, suffix: str = "") -> str:
    return f"/admin/veranstaltungen/anmeldungen/{event.pk}/{suffix}"


def test_staff_of_the_organisation_see_the_registrations(client, organisation, registrations):
    client.force_login(make_staff(organisation, Role.EDITOR))

    response = client.get(url(registrations))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Anna Becker" in content and "Rampe" in content and "cleo@example.org" in content
    overview = client.get("/admin/veranstaltungen/anmeldungen/").content.decode()
    assert registrations.title in overview


def test_staff_of_another_organisation_are_refused(client, other_organisation, registrations):
    client.force_login(make_staff(other_organisation, Role.EDITOR))

    assert client.get(url(registrations)).status_code == 403
    assert client.get(url(registrations, "export.csv")).status_code == 403
    assert client.post(url(registrations, "nachricht/"), {}).status_code == 403
    overview = client.get("/admin/veranstaltungen/anmeldungen/").content.decode()
    assert registrations.title not in overview


def test_a_citizen_does_not_get_into_the_admin(client, citizen, registrations):
    client.force_login(citizen)

    response = client.get(url(registrations))

    assert response.status_code in (302, 403)
    assert "Anna Becker" not in response.content.decode()


def test_the_csv_export_is_excel_friendly_and_defuses_formulas(client, organisation, registrations):
    client.force_login(make_staff(organisation, Role.MODERATOR))

    response = client.get(url(registrations, "export.csv"))

    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("\ufeff")
    assert "Anna Becker;anna@example.org;2;Rampe" in text
    assert "'=HYPERLINK()" in text


def test_the_xlsx_export_has_one_row_per_registration(client, organisation, registrations):
    client.force_login(make_staff(organisation, Role.EDITOR))

    response = client.get(url(registrations, "export.xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[1][:3] == ("Anna Becker", "anna@example.org", 2)


def test_the_xlsx_export_has_registration_dates_as_date_cells(client, organisation, registrations):
    client.force_login(make_staff(organisation, Role.EDITOR))

    response = client.get(url(registrations, "export.xlsx"))

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows())
    column = [cell.value for cell in rows[0]].index("angemeldet am")
    created = [row[column] for row in rows[1:]]
    # Date cells sort by time, not as text ("01.03." before "28.02.").
    assert all(cell.is_date and cell.number_format == "DD.MM.YYYY HH:MM" for cell in created)
    assert [cell.value for cell in created] == sorted(cell.value for cell in created)
    assert rows[1][2].data_type == "n"  # persons is a number
    assert [row[0].value for row in rows[1:]][1] == "=HYPERLINK()"
    assert rows[2][0].data_type == "s"


def test_staff_message_the_confirmed_registrants_one_by_one(
    client, organisation, registrations, django_capture_on_commit_callbacks
):
    client.force_login(make_staff(organisation, Role.EDITOR))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(registrations, "nachricht/"),
            {
                "recipients": ["confirmed"],
                "subject": "Raumänderung",
                "message": "Wir sind in Raum 2.",
            },
        )

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ben@example.org"]
    assert all(m.subject == "Raumänderung" and "Raum 2" in m.body for m in mail.outbox)


def test_a_message_without_subject_is_refused_and_kept(client, organisation, registrations):
    client.force_login(make_staff(organisation, Role.EDITOR))

    response = client.post(
        url(registrations, "nachricht/"), {"recipients": ["confirmed"], "message": "Hallo"}
    )

    assert response.status_code == 200
    assert "Hallo" in response.content.decode()
    assert mail.outbox == []
