"""A statement staff enter from a letter, an e-mail or minutes gets a receipt like one
submitted online: by e-mail through the outbox when the sender gave an address, otherwise
as a printable Eingangsbestätigung with the reference number for the post."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from beteiligung.roles import Role
from cms.procedures import Statement
from tests.cms.test_weighing_entry import letter
from tests.conftest import make_staff


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


ENTERED_AT = timezone.make_aware(datetime.datetime(2026, 12, 1, 14, 30))


def enter(client, procedure, planner, **fields):
    client.force_login(planner)
    return client.post(f"/admin/abwaegung/{procedure.pk}/erfassen/", letter(**fields))


def test_a_sender_with_an_e_mail_address_gets_the_receipt_mail(
    client, procedure, planner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = enter(client, procedure, planner, channel="email", email="erika@example.org")
    statement = Statement.objects.get()

    assert response["Location"] == f"/admin/abwaegung/{procedure.pk}/{statement.pk}/"
    [mail] = mailoutbox
    assert mail.to == ["erika@example.org"]
    assert mail.subject == f"Ihre Stellungnahme {statement.reference} ist eingegangen"
    assert f"Vorgangsnummer: {statement.reference}" in mail.body
    assert "Bitte mehr Abstand zum Wohngebiet." in mail.body
    html = mail.alternatives[0][0]
    assert statement.reference in html and "Bitte mehr Abstand zum Wohngebiet." in html
    # The online receipt opens only in the submitting browser: no link to it.
    assert "/stellungnahme/" not in mail.body and "eingangsbestaetigung" not in mail.body
    page = client.get(response["Location"], follow=True).content.decode()
    assert "Die Eingangsbestätigung wurde an erika@example.org gesendet." in page


def test_the_receipt_mail_gives_the_date_in_german(
    procedure, planner, mailoutbox, django_capture_on_commit_callbacks
):
    from cms.statements import send_receipt
    from tests.cms.conftest import make_statement

    statement = make_statement(procedure, email="erika@example.org", entered_by=planner)
    Statement.objects.filter(pk=statement.pk).update(submitted_at=ENTERED_AT)
    statement.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        send_receipt(statement, with_link=False)

    assert "Eingegangen: 1. Dezember 2026, 14:30 Uhr" in mailoutbox[0].body
    assert "1. Dezember 2026, 14:30 Uhr" in mailoutbox[0].alternatives[0][0]


def test_without_an_e_mail_address_staff_get_a_printable_receipt(
    client, procedure, planner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = enter(client, procedure, planner, name="Familie <b>Beispiel</b>")
    statement = Statement.objects.get()

    assert mailoutbox == []
    receipt = f"/admin/abwaegung/{procedure.pk}/{statement.pk}/eingangsbestaetigung/"
    assert response["Location"] == receipt
    html = client.get(receipt).content.decode()
    assert '<h2 id="receipt-title">Eingangsbestätigung</h2>' in html
    assert f"<strong>{statement.reference}</strong>" in html
    assert "Sehr geehrte Damen und Herren," in html
    assert "Familie &lt;b&gt;Beispiel&lt;/b&gt;" in html
    assert timezone.localdate().strftime("%Y") in html and "Brief" in html


def test_staff_of_another_organisation_cannot_open_the_receipt(
    client, procedure, planner, other_organisation
):
    enter(client, procedure, planner)
    statement = Statement.objects.get()
    stranger = Client()
    stranger.force_login(make_staff(other_organisation, Role.PLANNER))

    response = stranger.get(
        f"/admin/abwaegung/{procedure.pk}/{statement.pk}/eingangsbestaetigung/", follow=True
    )

    # staff_view sends staff who may not act here back to the admin's start page.
    assert statement.reference not in response.content.decode()
    assert "Eingangsbestätigung" not in response.content.decode()


def test_the_printable_receipt_is_addressed_to_the_letter_s_postal_address(
    client, procedure, planner
):
    response = enter(
        client,
        procedure,
        planner,
        name="Erika Muster",
        postal_address="Lindenweg 3\n64283 Darmstadt\n",
    )
    statement = Statement.objects.get()

    assert statement.postal_address == "Lindenweg 3\n64283 Darmstadt"
    html = client.get(response["Location"]).content.decode()
    # The page names itself in the admin's header, not only in the letter below it.
    heading = html.split('id="header-title">')[1].split("</h1>")[0]
    assert heading.split() == ["Eingangsbestätigung", statement.reference]
    assert "Erika Muster<br>Lindenweg 3<br>64283 Darmstadt</address>" in html


def test_a_hostile_postal_address_is_printed_as_text(client, procedure, planner):
    response = enter(
        client, procedure, planner, postal_address='<script>alert(1)</script>\n"><img src=x>'
    )

    html = client.get(response["Location"]).content.decode()

    assert "<script>alert(1)</script>" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>&quot;&gt;&lt;img src=x&gt;" in html
