"""The agency services: invite, accept once, release into a submitted statement, remind once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from beteiligung.models import OrganisationKind
from beteiligung.roles import Role
from cms.agencies import (
    AgencyMember,
    AgencyRole,
    AgencyStatementStatus,
    AlreadyReleased,
    InvitationUsed,
    accept_invitation,
    invite_agency,
    release,
    send_due_reminders,
)
from cms.procedures import StatementStatus, SubmitterKind
from tests.cms.agency_builders import (
    make_agency,
    make_agency_member,
    make_draft,
    make_invitation,
)
from tests.conftest import make_staff, make_user

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_an_agency_gets_no_staff_groups_and_cannot_be_made_staff(organisation):
    agency = make_agency()
    agency.ensure_roles()
    user = make_user("person@hessen-mobil.example")

    with pytest.raises(ValueError):
        agency.add_member(user, Role.EDITOR)

    assert agency.kind == OrganisationKind.AGENCY
    assert not agency.roles.exists()
    user.refresh_from_db()
    assert not user.is_staff and not user.has_perm("wagtailadmin.access_admin")


def test_inviting_queues_a_german_mail_with_deadline_and_single_use_link(
    procedure, organisation, django_capture_on_commit_callbacks
):
    agency = make_agency()
    planner = make_staff(organisation, Role.PLANNER)
    deadline = timezone.make_aware(datetime.datetime(2027, 1, 15, 18, 0))

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_agency(
            procedure=procedure, agency=agency, deadline=deadline, invited_by=planner
        )

    message = mail.outbox[-1]
    assert message.to == ["poststelle@hessen-mobil.example"]
    assert "Einladung zur Stellungnahme: Bebauungsplan Mitte" in message.subject
    assert "15. Januar 2027, 18:00 Uhr" in message.body
    assert f"/konto/traeger/einladung/{invitation.token}/" in message.body
    assert len(invitation.token) >= 40
    assert invitation.delete_after == procedure.personal_data_deletion_date()


def test_inviting_again_replaces_the_token_so_the_old_link_stops_working(procedure):
    agency = make_agency()
    first = invite_agency(procedure=procedure, agency=agency, deadline=timezone.now() + DAY)
    old_token = first.token

    second = invite_agency(procedure=procedure, agency=agency, deadline=timezone.now() + 2 * DAY)

    assert second.pk == first.pk
    assert second.token != old_token


def test_only_agencies_are_invited(procedure, other_organisation):
    with pytest.raises(ValueError):
        invite_agency(procedure=procedure, agency=other_organisation, deadline=timezone.now() + DAY)


def test_the_first_person_to_accept_becomes_coordinator_and_the_token_works_once(procedure):
    agency = make_agency()
    invitation = make_invitation(procedure, agency)
    first = make_user("lorenz@hessen-mobil.example")

    member = accept_invitation(invitation, first)

    assert member.role == AgencyRole.COORDINATOR
    with pytest.raises(InvitationUsed):
        accept_invitation(invitation, make_user("someone@example.org"))
    assert AgencyMember.objects.filter(agency=agency).count() == 1


def test_a_later_invitation_accepted_by_a_newcomer_makes_them_a_clerk(procedure, home):
    from tests.cms.conftest import make_procedure

    agency = make_agency()
    make_agency_member(agency, AgencyRole.COORDINATOR)
    other = make_procedure(home, procedure.organisation, slug="zweiter-plan")
    invitation = make_invitation(other, agency)

    member = accept_invitation(invitation, make_user("engel@hessen-mobil.example"))

    assert member.role == AgencyRole.CLERK


def test_releasing_creates_a_submitted_agency_statement_and_records_who_and_when(procedure):
    agency = make_agency(name='Amt <script>alert(1)</script> "x"')
    clerk = make_agency_member(agency, AgencyRole.CLERK)
    coordinator = make_agency_member(agency, AgencyRole.COORDINATOR)
    invitation = make_invitation(procedure, agency)
    draft = make_draft(invitation, clerk, "Die Zufahrt über die B 42 wird nicht zugelassen.")

    statement = release(draft, coordinator)

    draft.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.submitter_kind == SubmitterKind.AGENCY
    assert statement.agency_name == agency.name
    assert statement.text == "Die Zufahrt über die B 42 wird nicht zugelassen."
    assert statement.delete_personal_data_after == procedure.personal_data_deletion_date()
    assert draft.status == AgencyStatementStatus.RELEASED
    assert draft.drafted_by == clerk and draft.released_by == coordinator
    assert draft.statement == statement
    assert draft.deadline == invitation.deadline and not draft.is_late


def test_a_draft_is_released_only_once(procedure):
    agency = make_agency()
    coordinator = make_agency_member(agency, AgencyRole.COORDINATOR)
    draft = make_draft(make_invitation(procedure, agency), coordinator)
    release(draft, coordinator)

    with pytest.raises(AlreadyReleased):
        release(draft, coordinator)

    assert procedure.statements.count() == 1


def test_a_release_after_the_deadline_is_accepted_and_marked_late(procedure):
    agency = make_agency()
    coordinator = make_agency_member(agency, AgencyRole.COORDINATOR)
    invitation = make_invitation(procedure, agency, days=-1)
    draft = make_draft(invitation, coordinator)

    statement = release(draft, coordinator)

    draft.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED
    assert draft.is_late


def test_the_reminder_goes_out_once_on_its_day_to_agencies_without_a_released_statement(
    procedure, django_capture_on_commit_callbacks
):
    silent = make_invitation(procedure, make_agency(), days=5, reminder_days=7)
    answered_agency = make_agency("Landesamt für Denkmalpflege Hessen", "post@denkmal.example")
    answered = make_invitation(procedure, answered_agency, days=5)
    coordinator = make_agency_member(answered_agency, AgencyRole.COORDINATOR)
    release(make_draft(answered, coordinator), coordinator)
    not_yet = make_invitation(
        procedure, make_agency("Abwasserverband", "info@abwasser.example"), days=20
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first_run = send_due_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        second_run = send_due_reminders()

    assert (first_run, second_run) == (1, 0)
    assert [m.to for m in mail.outbox] == [["poststelle@hessen-mobil.example"]]
    assert "Erinnerung" in mail.outbox[0].subject
    silent.refresh_from_db()
    not_yet.refresh_from_db()
    assert silent.reminder_sent_at is not None and not_yet.reminder_sent_at is None


def test_the_reminder_task_is_scheduled():
    from cms.schedules import SCHEDULES

    assert "cms.tasks.send_agency_reminders" in {s["func"] for s in SCHEDULES}
