"""Agency people in the data download and account deletion; retention of invitations."""

import datetime

import pytest
from django.utils import timezone

from beteiligung.privacy import delete_account, export_user_data
from cms.agencies import (
    AgencyInvitation,
    AgencyMember,
    AgencyRole,
    AgencyStatement,
    ColleagueInvitation,
    erase_expired,
    release,
)
from tests.cms.agency_builders import (
    make_agency,
    make_agency_member,
    make_draft,
    make_invitation,
)

pytestmark = pytest.mark.django_db


def test_the_data_download_lists_the_agency_role_and_the_statements_written(procedure):
    agency = make_agency()
    clerk = make_agency_member(agency, AgencyRole.CLERK)
    make_draft(make_invitation(procedure, agency), clerk, "Unser Entwurf zur Lärmminderung.")

    records = export_user_data(clerk)["agencies"]["records"]

    assert records[0]["agency"] == "Hessen Mobil"
    assert records[0]["status"] == "Sachbearbeitung (entwirft Stellungnahmen)"
    assert records[1]["text"] == "Unser Entwurf zur Lärmminderung."
    assert records[1]["personal_data_deleted_after"]


def test_deleting_the_account_keeps_the_agency_statement_without_the_person(procedure):
    agency = make_agency()
    clerk = make_agency_member(agency, AgencyRole.CLERK)
    coordinator = make_agency_member(agency, AgencyRole.COORDINATOR)
    invitation = make_invitation(procedure, agency)
    draft = make_draft(invitation, clerk)
    release(draft, coordinator)
    other_draft = make_draft(invitation, clerk, "Noch offen.")

    delete_account(coordinator)

    draft.refresh_from_db()
    assert draft.released_by is None and draft.statement is not None
    # The agency can still release its open draft: the clerk takes over coordination.
    assert AgencyMember.objects.get(user=clerk).role == AgencyRole.COORDINATOR
    assert AgencyStatement.objects.filter(pk=other_draft.pk).exists()


def test_after_the_retention_invitations_forget_the_people_and_drafts_go(procedure):
    agency = make_agency()
    clerk = make_agency_member(agency, AgencyRole.CLERK)
    invitation = make_invitation(
        procedure, agency, delete_after=timezone.localdate() - datetime.timedelta(days=1)
    )
    invitation.accepted_by = clerk
    invitation.save()
    make_draft(invitation, clerk)
    ColleagueInvitation.objects.create(
        agency=agency,
        email="alt@hessen-mobil.example",
        delete_after=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert erase_expired() == 1

    invitation = AgencyInvitation.objects.get(pk=invitation.pk)
    assert invitation.email == "" and invitation.accepted_by is None
    assert not invitation.statements.exists()
    assert not ColleagueInvitation.objects.exists()
    assert erase_expired() == 0
