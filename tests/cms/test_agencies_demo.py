"""The demo's public agencies on the regional plan: one answered, one drafts, one silent."""

from django.contrib.auth import authenticate
from django.core.management import call_command

from beteiligung.demo import DEMO_PASSWORD
from cms.agencies import AgencyInvitation, AgencyMember, AgencyRole, AgencyStatementStatus
from cms.procedures import SubmitterKind


def test_three_agencies_are_invited_to_the_regional_plan_in_three_states(demo):
    invitations = {
        i.agency.slug: i
        for i in AgencyInvitation.objects.with_answer().filter(
            procedure__slug="regionalplan-suedhessen-2026"
        )
    }

    assert set(invitations) == {"hessen-mobil", "denkmalpflege-hessen", "abwasserverband-langen"}
    released = invitations["hessen-mobil"].statements.get()
    assert released.status == AgencyStatementStatus.RELEASED
    assert released.statement.submitter_kind == SubmitterKind.AGENCY
    assert released.drafted_by.email == "sachbearbeitung@hessen-mobil.example"
    assert released.released_by.email == "koordination@hessen-mobil.example"
    draft = invitations["denkmalpflege-hessen"].statements.get()
    assert draft.status == AgencyStatementStatus.DRAFT
    assert not invitations["abwasserverband-langen"].answered
    assert not invitations["abwasserverband-langen"].statements.exists()


def test_the_demo_logins_of_the_agency_coordinator_and_clerk_work(demo):
    for email, role in [
        ("koordination@hessen-mobil.example", AgencyRole.COORDINATOR),
        ("sachbearbeitung@hessen-mobil.example", AgencyRole.CLERK),
    ]:
        user = authenticate(username=email, password=DEMO_PASSWORD)
        assert user is not None and not user.is_staff
        assert AgencyMember.objects.get(user=user).role == role


def test_seeding_twice_adds_no_agency_statement(demo):
    from cms.agencies import AgencyStatement

    count = AgencyStatement.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AgencyStatement.objects.count() == count
