"""Builders for the agency tests: an agency, its people, an invitation to a procedure."""

import datetime

from django.utils import timezone

from beteiligung.models import Organisation, OrganisationKind
from cms.agencies import AgencyInvitation, AgencyMember, AgencyRole, AgencyStatement
from tests.conftest import make_user


def make_agency(name: str = "Hessen Mobil", email: str = "poststelle@hessen-mobil.example"):
    return Organisation.objects.create(name=name, email=email, kind=OrganisationKind.AGENCY)


def make_agency_member(agency, role: str = AgencyRole.CLERK, email: str | None = None):
    user = make_user(email or f"{role}@{agency.slug}.example")
    AgencyMember.objects.create(agency=agency, user=user, role=role)
    return user


def make_invitation(procedure, agency, *, days: int = 10, **fields) -> AgencyInvitation:
    fields.setdefault("email", agency.email)
    fields.setdefault("deadline", timezone.now() + datetime.timedelta(days=days))
    fields.setdefault("delete_after", procedure.personal_data_deletion_date())
    return AgencyInvitation.objects.create(procedure=procedure, agency=agency, **fields)


def make_draft(invitation, user, text: str = "Keine Bedenken.") -> AgencyStatement:
    return AgencyStatement.objects.create(
        invitation=invitation, text=text, drafted_by=user, updated_by=user
    )
