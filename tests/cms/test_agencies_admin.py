"""Staff invite agencies to a procedure and see which have not answered (/admin/traeger/)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from beteiligung.models import Organisation, OrganisationKind
from beteiligung.roles import Role
from cms.agencies import AgencyInvitation, AgencyRole, release
from tests.cms.agency_builders import (
    make_agency,
    make_agency_member,
    make_draft,
    make_invitation,
)
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(organisation):
    return make_staff(organisation, Role.PLANNER)


def url(procedure) -> str:
    return reverse("cms_agencies:procedure", args=[procedure.pk])


def deadline_field(days: int = 20) -> str:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_the_form_proposes_the_end_of_the_participation_phase(client, planner, procedure):
    client.force_login(planner)

    content = client.get(url(procedure)).content.decode()

    end = timezone.localtime(procedure.participation_phase().end)
    assert f'value="{end:%Y-%m-%dT%H:%M}"' in content
    assert "Träger einladen" in content


def test_staff_invite_an_agency_on_file_and_a_new_one(
    client, planner, procedure, django_capture_on_commit_callbacks
):
    on_file = make_agency()
    client.force_login(planner)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(procedure),
            {
                "agencies": [on_file.pk],
                "new_name": "Abwasserverband Langen",
                "new_email": "info@abwasser.example",
                "deadline": deadline_field(),
                "reminder_days": 5,
            },
        )

    assert response.status_code == 302
    new = Organisation.objects.get(name="Abwasserverband Langen")
    assert new.kind == OrganisationKind.AGENCY and not new.roles.exists()
    invitations = AgencyInvitation.objects.filter(procedure=procedure)
    assert {i.agency for i in invitations} == {on_file, new}
    assert {i.reminder_days for i in invitations} == {5}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "info@abwasser.example",
        "poststelle@hessen-mobil.example",
    ]


def test_a_half_filled_new_agency_is_explained_and_kept(client, planner, procedure):
    client.force_login(planner)

    response = client.post(
        url(procedure),
        {"new_name": "Zweckverband Wasser", "deadline": deadline_field(), "reminder_days": 7},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Bitte geben Sie die E-Mail-Adresse des neuen Trägers an." in content
    assert 'value="Zweckverband Wasser"' in content
    assert not AgencyInvitation.objects.exists()


def test_a_deadline_in_the_past_is_refused(client, planner, procedure):
    make_agency()
    client.force_login(planner)

    response = client.post(
        url(procedure),
        {
            "new_name": "Zweckverband Wasser",
            "new_email": "info@zv.example",
            "deadline": deadline_field(-2),
            "reminder_days": 7,
        },
    )

    assert response.status_code == 400
    assert "Die Frist muss in der Zukunft liegen." in response.content.decode()


def test_staff_see_who_has_not_answered_with_invitation_and_reminder_dates(
    client, planner, procedure
):
    silent = make_invitation(procedure, make_agency("Abwasserverband", "a@abwasser.example"))
    silent.reminder_sent_at = timezone.now()
    silent.save()
    answered_agency = make_agency()
    answered = make_invitation(procedure, answered_agency)
    coordinator = make_agency_member(answered_agency, AgencyRole.COORDINATOR)
    release(make_draft(answered, coordinator), coordinator)
    client.force_login(planner)

    response = client.get(url(procedure))

    section = response.content.decode().split('id="invitations-heading"')[0]
    assert "Abwasserverband" in section
    assert "Hessen Mobil" not in section
    content = response.content.decode()
    assert f"gesendet am {timezone.localtime(silent.reminder_sent_at):%d.%m.%Y}" in content
    assert "1 Stellungnahme" in content


def test_staff_of_another_organisation_are_turned_away(client, procedure, other_organisation):
    client.force_login(make_staff(other_organisation, Role.PLANNER))

    assert client.get(url(procedure)).status_code in (302, 403)
    response = client.post(
        url(procedure),
        {"new_name": "X", "new_email": "x@x.example", "deadline": deadline_field()},
    )
    assert response.status_code in (302, 403)
    assert not AgencyInvitation.objects.exists()


def test_agency_people_and_citizens_get_no_admin(client, procedure, citizen):
    agency_person = make_agency_member(make_agency(), AgencyRole.COORDINATOR)

    for user in (citizen, agency_person):
        client.force_login(user)
        assert client.get(url(procedure)).status_code in (302, 403)
        assert client.get("/admin/").status_code == 302


def test_the_index_counts_invited_and_answered_agencies(client, planner, procedure):
    make_invitation(procedure, make_agency())
    client.force_login(planner)

    response = client.get(reverse("cms_agencies:index"))

    assert response.status_code == 200
    assert "Bebauungsplan Mitte" in response.content.decode()


def test_the_dashboard_names_agencies_past_their_deadline(client, planner, procedure):
    make_invitation(procedure, make_agency(), days=-1)
    client.force_login(planner)

    content = client.get("/admin/").content.decode()

    assert "Träger ohne Antwort" in content
    assert "Hessen Mobil – Bebauungsplan Mitte" in content


def test_the_procedure_in_the_admin_links_to_its_agencies(client, organisation, procedure):
    organisation.grant_page(procedure)
    client.force_login(make_staff(organisation, Role.EDITOR))

    for view in ("wagtailadmin_explore", "wagtailadmin_pages:edit"):
        content = client.get(reverse(view, args=[procedure.pk])).content.decode()
        assert url(procedure) in content, view


def test_hostile_agency_names_are_shown_as_text_to_staff(client, planner, procedure):
    make_invitation(procedure, make_agency('<script>alert("x")</script>', "a@b.example"))
    client.force_login(planner)

    content = client.get(url(procedure)).content.decode()

    assert '<script>alert("x")' not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
