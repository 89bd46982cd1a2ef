"""Staff enter letters, e-mails and minutes at /admin/abwaegung/<id>/erfassen/: the scan is
checked like an online attachment, the date received decides "late", and the statement
lands in the weighing table with its channel."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image

from beteiligung.roles import Role
from cms.procedures import PhaseKind, Statement
from tests.cms.conftest import make_procedure, make_statement
from tests.conftest import make_staff


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def png(size=(40, 30)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    out.seek(0)
    out.name = "brief.png"
    return out


def letter(**fields) -> dict:
    data = {
        "channel": "letter",
        "received_on": timezone.localdate().isoformat(),
        "submitter_kind": "citizen",
        "name": "Familie Beispiel",
        "email": "",
        "text": "Bitte mehr Abstand zum Wohngebiet.",
        "section": "",
    }
    data.update(fields)
    return data


def test_a_planner_enters_a_letter_with_its_scan(client, procedure, planner):
    client.force_login(planner)
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/erfassen/", {**letter(), "attachments": [png()]}
    )
    statement = Statement.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/admin/abwaegung/{procedure.pk}/{statement.pk}/eingangsbestaetigung/"
    )
    assert (statement.channel, statement.late, statement.entered_by) == ("letter", False, planner)
    assert statement.status == "submitted" and statement.reference.startswith("ST-")
    scan = statement.attachments.get()
    assert scan.content_type == "image/png" and scan.original_name == "brief.png"
    table = client.get(f"/admin/abwaegung/{procedure.pk}/").content.decode()
    assert "Bitte mehr Abstand zum Wohngebiet." in table and ">Brief<" in table


def test_a_letter_received_after_the_participation_phase_is_kept_and_marked_late(
    client, home, organisation, planner
):
    procedure = make_procedure(home, organisation, PhaseKind.EVALUATION, slug="spaet")
    received = timezone.localdate(procedure.participation_phase().end) + datetime.timedelta(days=1)
    client.force_login(planner)
    client.post(f"/admin/abwaegung/{procedure.pk}/erfassen/", letter(received_on=received))
    statement = Statement.objects.get()
    assert statement.late
    make_statement(procedure, text="Rechtzeitig online")
    table = client.get(f"/admin/abwaegung/{procedure.pk}/?late=yes").content.decode()
    assert "verspätet" in table and "Rechtzeitig online" not in table
    detail = client.get(f"/admin/abwaegung/{procedure.pk}/{statement.pk}/").content.decode()
    assert "§ 3 BauGB" in detail and "unberücksichtigt" in detail


def test_bad_input_keeps_what_was_typed_and_says_why(client, procedure, planner):
    client.force_login(planner)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    fake = io.BytesIO(b"MZ not an image")
    fake.name = "scan.exe"
    response = client.post(
        f"/admin/abwaegung/{procedure.pk}/erfassen/",
        {**letter(received_on=tomorrow, text="Mein langer Brief"), "attachments": [fake]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Das Eingangsdatum kann nicht in der Zukunft liegen." in page
    assert "weder ein PDF noch ein Bild" in page
    assert "Mein langer Brief" in page
    assert not Statement.objects.exists()


def test_hostile_text_is_drawn_as_text(client, procedure, planner):
    client.force_login(planner)
    hostile = '<script>alert(1)</script>"onmouseover="x'
    client.post(f"/admin/abwaegung/{procedure.pk}/erfassen/", letter(text=hostile, name=hostile))
    statement = Statement.objects.get()
    for url in (
        f"/admin/abwaegung/{procedure.pk}/",
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_staff_of_another_organisation_cannot_enter_statements(
    client, procedure, other_organisation
):
    client.force_login(make_staff(other_organisation, Role.PLANNER))
    # staff_view sends staff who may not act here back to the admin's start page.
    assert client.get(f"/admin/abwaegung/{procedure.pk}/erfassen/").status_code in (302, 403)
    response = client.post(f"/admin/abwaegung/{procedure.pk}/erfassen/", letter())
    assert response.status_code in (302, 403) and not Statement.objects.exists()


def test_an_entered_copy_of_a_campaign_letter_joins_its_group(client, procedure, planner):
    text = (
        "Sehr geehrte Damen und Herren,\nkeine Windräder am Kühkopf.\nMit freundlichen Grüßen\n{}"
    )
    online = make_statement(procedure, status="draft", submitted_at=None, text=text.format("A"))
    online.submit()
    client.force_login(planner)
    client.post(f"/admin/abwaegung/{procedure.pk}/erfassen/", letter(text=text.format("B")))
    entered = Statement.objects.get(channel="letter")
    online.refresh_from_db()
    assert entered.group_id == online.group_id is not None


def test_the_date_received_is_today_in_the_browser_s_date_field(client, procedure, planner):
    client.force_login(planner)

    html = client.get(f"/admin/abwaegung/{procedure.pk}/erfassen/").content.decode()

    # <input type="date"> shows only an ISO date; a German "01.12.2026" left it empty.
    today = timezone.localdate().isoformat()
    assert f'type="date" name="received_on" value="{today}"' in html
