"""Public agencies (Träger öffentlicher Belange) as participants of a procedure.

An agency is an ``Organisation`` of the kind "agency". Its people are not staff: they hold an
``AgencyMember`` role (clerk drafts, coordinator releases) and work on the portal under
``/konto/traeger/`` (cms/agency_views.py). Staff of the procedure's organisation invite
agencies (cms/agency_admin.py); the invitation mail carries a single-use token, and the first
person who accepts becomes the agency's coordinator. Releasing a draft creates a submitted
``Statement`` (``submitter_kind="agency"``) that the weighing table shows like any other.
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beteiligung.emails import queue_email
from beteiligung.models import Organisation, OrganisationKind
from cms.procedures import (
    Channel,
    ProcedureDocument,
    ProcedurePage,
    Statement,
    StatementAttachment,
    StatementStatus,
    SubmitterKind,
    format_datetime,
)

DEFAULT_REMINDER_DAYS = 7
COLLEAGUE_INVITATION_DAYS = 30


def new_token() -> str:
    # 256 bits from the OS: the link in the mail is the only key to the invitation.
    return secrets.token_urlsafe(32)


def colleague_invitation_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=COLLEAGUE_INVITATION_DAYS)


class AgencyRole(models.TextChoices):
    CLERK = "clerk", _("Clerk (drafts statements)")
    COORDINATOR = "coordinator", _("Coordinator (releases statements)")


class InvitationUsed(Exception):
    """The token was used already (tokens are single-use)."""


class AlreadyReleased(Exception):
    """Someone released this draft a moment ago."""


class AgencyMember(models.Model):
    agency = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agency_members",
        limit_choices_to={"kind": OrganisationKind.AGENCY},
        verbose_name=_("agency"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agency_memberships",
        verbose_name=_("account"),
    )
    role = models.CharField(_("role"), max_length=20, choices=AgencyRole.choices)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["agency__name", "role", "joined_at"]
        verbose_name = _("agency member")
        verbose_name_plural = _("agency members")
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="unique_agency_member")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.user.email} ({self.get_role_display()})"

    @property
    def is_coordinator(self) -> bool:
        return self.role == AgencyRole.COORDINATOR


def membership(user, agency_id: int) -> AgencyMember | None:
    if not user.is_authenticated:
        return None
    return AgencyMember.objects.filter(user=user, agency_id=agency_id).first()


class AgencyInvitationQuerySet(models.QuerySet):
    def with_answer(self):
        released = AgencyStatement.objects.filter(
            invitation=OuterRef("pk"), status=AgencyStatementStatus.RELEASED
        )
        return self.annotate(answered=Exists(released))

    def not_answered(self):
        return self.with_answer().filter(answered=False)


class AgencyInvitation(models.Model):
    """An agency invited to give its statement on a procedure, by a deadline."""

    procedure = models.ForeignKey(
        ProcedurePage,
        on_delete=models.CASCADE,
        related_name="agency_invitations",
        verbose_name=_("procedure"),
    )
    agency = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="procedure_invitations",
        limit_choices_to={"kind": OrganisationKind.AGENCY},
        verbose_name=_("agency"),
    )
    # Personal data (the address may be a person's): cleared after delete_after.
    email = models.EmailField(_("invitation sent to"))
    deadline = models.DateTimeField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the deadline)"), default=DEFAULT_REMINDER_DAYS
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    delete_after = models.DateField(_("delete personal data after"))
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    objects = AgencyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "agency__name"]
        verbose_name = _("agency invitation")
        verbose_name_plural = _("agency invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency"], name="one_invitation_per_agency_and_procedure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.procedure}"

    @property
    def reminder_due_at(self) -> datetime.datetime:
        return self.deadline - datetime.timedelta(days=self.reminder_days)

    def is_past_deadline(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) > self.deadline

    def accept_url(self) -> str:
        return reverse("cms:agency_accept", args=[self.token])

    def send(self) -> None:
        queue_email(
            "cms/agency_invitation",
            [self.email],
            {
                "invitation": self,
                "procedure": self.procedure,
                "agency": self.agency,
                "organisation": self.procedure.specific.organisation,
                "deadline": format_datetime(self.deadline),
            },
        )


class ColleagueInvitation(models.Model):
    """A coordinator asks a colleague to join the agency on the portal."""

    agency = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="colleague_invitations",
        verbose_name=_("agency"),
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=20, choices=AgencyRole.choices, default=AgencyRole.CLERK
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # Unanswered invitations are deleted on this day (cms.tasks.erase_expired_agency_data).
    delete_after = models.DateField(_("delete after"), default=colleague_invitation_expiry)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation of a colleague")
        verbose_name_plural = _("invitations of colleagues")

    def __str__(self) -> str:
        return f"{self.agency}: {self.email}"

    def accept_url(self) -> str:
        return reverse("cms:agency_colleague_accept", args=[self.token])


class AgencyStatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RELEASED = "released", _("Released")


def agency_attachment_path(instance: "AgencyAttachment", filename: str) -> str:
    from pathlib import PurePath

    return f"agency-statements/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"


class AgencyStatement(models.Model):
    """An agency's statement: drafted by a clerk, released by a coordinator (co-signing).

    The draft lives here, not as a draft ``Statement`` (those belong to a browser session and
    are deleted after a day); release copies it into a submitted ``Statement``."""

    invitation = models.ForeignKey(
        AgencyInvitation,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("invitation"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgencyStatementStatus.choices,
        default=AgencyStatementStatus.DRAFT,
    )
    text = models.TextField(_("statement"), max_length=20000)
    document = models.ForeignKey(
        ProcedureDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    section = models.CharField(_("section or page"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    drafted_at = models.DateTimeField(_("drafted"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    updated_at = models.DateTimeField(_("last edited"), default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    # The deadline at the moment of release: a later change of the invitation's deadline does
    # not make a statement late, or on time, after the fact.
    deadline = models.DateTimeField(_("deadline at release"), null=True, blank=True)
    statement = models.OneToOneField(
        Statement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agency_statement",
        verbose_name=_("submitted statement"),
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("agency statement")
        verbose_name_plural = _("agency statements")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(released_at__isnull=False),
                name="agency_statement_released_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation.agency}: {self.text[:40]}"

    @property
    def agency(self) -> Organisation:
        return self.invitation.agency

    @property
    def is_draft(self) -> bool:
        return self.status == AgencyStatementStatus.DRAFT

    @property
    def is_late(self) -> bool:
        return bool(self.released_at and self.deadline and self.released_at > self.deadline)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class AgencyAttachment(models.Model):
    agency_statement = models.ForeignKey(
        AgencyStatement,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("agency statement"),
    )
    file = models.FileField(_("file"), upload_to=agency_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment of an agency statement")
        verbose_name_plural = _("attachments of agency statements")

    def __str__(self) -> str:
        return self.original_name


# --- Services ------------------------------------------------------------------------------


def default_deadline(procedure: ProcedurePage) -> datetime.datetime | None:
    phase = procedure.participation_phase()
    return phase.end if phase else None


@transaction.atomic
def invite_agency(
    *,
    procedure: ProcedurePage,
    agency: Organisation,
    deadline: datetime.datetime,
    reminder_days: int = DEFAULT_REMINDER_DAYS,
    invited_by=None,
    email: str = "",
) -> AgencyInvitation:
    """Invite the agency (again: a new token, deadline and reminder) and queue the mail."""
    if not agency.is_agency:
        raise ValueError("Only organisations of the kind 'agency' are invited.")
    invitation, _created = AgencyInvitation.objects.update_or_create(
        procedure=procedure,
        agency=agency,
        defaults={
            "email": email or agency.email,
            "deadline": deadline,
            "reminder_days": reminder_days,
            "invited_by": invited_by,
            "invited_at": timezone.now(),
            "token": new_token(),
            "reminder_sent_at": None,
            "delete_after": procedure.personal_data_deletion_date(),
        },
    )
    invitation.send()
    return invitation


def _join(agency: Organisation, user, role: str) -> AgencyMember:
    member, _created = AgencyMember.objects.get_or_create(
        agency=agency, user=user, defaults={"role": role}
    )
    return member


@transaction.atomic
def accept_invitation(invitation: AgencyInvitation, user) -> AgencyMember:
    """Link the account to the agency: the first person becomes its coordinator, a later one a
    clerk (a coordinator already there decides who else releases)."""
    used = AgencyInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if not used:
        raise InvitationUsed
    agency = Organisation.objects.select_for_update().get(pk=invitation.agency_id)
    first = not agency.agency_members.exists()
    return _join(agency, user, AgencyRole.COORDINATOR if first else AgencyRole.CLERK)


@transaction.atomic
def invite_colleague(*, agency: Organisation, email: str, invited_by, role: str = AgencyRole.CLERK):
    invitation = ColleagueInvitation.objects.create(
        agency=agency, email=email, role=role, invited_by=invited_by
    )
    queue_email(
        "cms/agency_colleague_invitation",
        [email],
        {"invitation": invitation, "agency": agency, "invited_by": invited_by},
    )
    return invitation


@transaction.atomic
def accept_colleague_invitation(invitation: ColleagueInvitation, user) -> AgencyMember:
    used = ColleagueInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, delete_after__gte=timezone.localdate()
    ).update(accepted_at=timezone.now(), email="")
    if not used:
        raise InvitationUsed
    return _join(invitation.agency, user, invitation.role)


@transaction.atomic
def save_agency_draft(
    *, invitation: AgencyInvitation, data: dict, user, draft: AgencyStatement | None = None
) -> AgencyStatement:
    """Write the form's data into a draft (new or existing) with its new attachments."""
    draft = draft or AgencyStatement(invitation=invitation, drafted_by=user)
    draft.text = data["text"]
    draft.document = data.get("document")
    draft.section = data.get("section", "")
    draft.place = data.get("place", "")
    draft.latitude = data.get("latitude")
    draft.longitude = data.get("longitude")
    draft.updated_by = user
    draft.updated_at = timezone.now()
    draft.save()
    for name, content, content_type in data.get("attachments", []):
        AgencyAttachment.objects.create(
            agency_statement=draft,
            file=ContentFile(content, name=name),
            original_name=name[:200],
            content_type=content_type,
            size=len(content),
        )
    return draft


def signature(user) -> str:
    return user.get_full_name() or user.display_name or user.email


@transaction.atomic
def release(draft: AgencyStatement, user, now: datetime.datetime | None = None) -> Statement:
    """The coordinator's co-signature: the draft becomes a submitted statement of the agency.

    Accepted after the deadline too (§ 4 BauGB lets the authority disregard late statements,
    not refuse them); ``released_at`` and ``deadline`` tell the weighing whether it was late.
    """
    now = now or timezone.now()
    invitation = draft.invitation
    changed = AgencyStatement.objects.filter(
        pk=draft.pk, status=AgencyStatementStatus.DRAFT
    ).update(
        status=AgencyStatementStatus.RELEASED,
        released_by=user,
        released_at=now,
        deadline=invitation.deadline,
    )
    if not changed:
        raise AlreadyReleased
    draft.refresh_from_db()
    procedure = invitation.procedure
    statement = Statement.objects.create(
        procedure=procedure,
        status=StatementStatus.SUBMITTED,
        submitted_at=now,
        text=draft.text,
        document=draft.document,
        section=draft.section,
        place=draft.place,
        latitude=draft.latitude,
        longitude=draft.longitude,
        submitter_kind=SubmitterKind.AGENCY,
        channel=Channel.AGENCY,
        # Released after the invitation's deadline: kept, marked like any late statement.
        late=draft.is_late,
        agency_name=invitation.agency.name,
        name=signature(user),
        email=invitation.agency.email or invitation.email,
        delete_personal_data_after=procedure.personal_data_deletion_date(),
    )
    for attachment in draft.attachments.all():
        with attachment.file.open("rb") as source:
            content = source.read()
        StatementAttachment.objects.create(
            statement=statement,
            file=ContentFile(content, name=attachment.original_name),
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
        )
    AgencyStatement.objects.filter(pk=draft.pk).update(statement=statement)
    draft.statement = statement
    return statement


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Remind every invited agency without a released statement whose reminder day has come.

    Sent once: the row is claimed with a conditional UPDATE in the same transaction as the
    outbox mail, so a second run (or two workers at once) finds nothing left to claim."""
    now = now or timezone.now()
    candidates = (
        AgencyInvitation.objects.not_answered()
        .filter(reminder_sent_at__isnull=True, deadline__gt=now, personal_data_erased_at=None)
        .select_related("procedure", "agency")
    )
    sent = 0
    for invitation in candidates:
        if invitation.reminder_due_at > now:
            continue
        with transaction.atomic():
            claimed = AgencyInvitation.objects.filter(
                pk=invitation.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            drafts = invitation.statements.filter(status=AgencyStatementStatus.DRAFT).count()
            queue_email(
                "cms/agency_reminder",
                [invitation.agency.email or invitation.email],
                {
                    "invitation": invitation,
                    "procedure": invitation.procedure,
                    "agency": invitation.agency,
                    "drafts": drafts,
                    "deadline": format_datetime(invitation.deadline),
                    "organisation": invitation.procedure.specific.organisation,
                },
            )
        sent += 1
    return sent


def erase_expired(today: datetime.date | None = None) -> int:
    """After the procedure's retention: the invitation forgets who sent, received and accepted
    it, unreleased drafts go; released statements follow Statement's own retention."""
    today = today or timezone.localdate()
    expired = AgencyInvitation.objects.filter(delete_after__lt=today, personal_data_erased_at=None)
    count = 0
    for invitation in expired:
        with transaction.atomic():
            for draft in invitation.statements.filter(status=AgencyStatementStatus.DRAFT):
                delete_draft(draft)
            invitation.statements.update(drafted_by=None, updated_by=None, released_by=None)
            AgencyInvitation.objects.filter(pk=invitation.pk).update(
                email="", invited_by=None, accepted_by=None, personal_data_erased_at=timezone.now()
            )
        count += 1
    ColleagueInvitation.objects.filter(delete_after__lt=today).delete()
    return count


def delete_draft(draft: AgencyStatement) -> None:
    for attachment in draft.attachments.all():
        attachment.file.delete(save=False)
    draft.delete()


# --- Privacy (beteiligung.privacy registry) -----------------------------------------------


def export_user_data(user) -> list[dict]:
    """The user's agency roles and the statements they drafted or released."""
    records = []
    for member in AgencyMember.objects.filter(user=user).select_related("agency"):
        records.append(
            {
                "agency": member.agency.name,
                "status": member.get_role_display(),
                "registered_at": member.joined_at.isoformat(),
            }
        )
    drafts = (
        AgencyStatement.objects.filter(Q(drafted_by=user) | Q(released_by=user))
        .select_related("invitation__agency", "invitation__procedure")
        .order_by("drafted_at")
    )
    for draft in drafts:
        records.append(
            {
                "agency": draft.invitation.agency.name,
                "procedure": draft.invitation.procedure.title,
                "status": draft.get_status_display(),
                "created_at": draft.drafted_at.isoformat(),
                "submitted_at": draft.released_at.isoformat() if draft.released_at else None,
                "text": draft.text,
                "personal_data_deleted_after": draft.invitation.delete_after.isoformat(),
            }
        )
    return records


def erase_user_data(user) -> None:
    """The agency keeps its statements; they no longer name the person. A coordinator who
    leaves hands the role to the longest-serving colleague, so drafts can still be released."""
    AgencyStatement.objects.filter(drafted_by=user).update(drafted_by=None)
    AgencyStatement.objects.filter(updated_by=user).update(updated_by=None)
    AgencyStatement.objects.filter(released_by=user).update(released_by=None)
    AgencyInvitation.objects.filter(accepted_by=user).update(accepted_by=None)
    AgencyInvitation.objects.filter(invited_by=user).update(invited_by=None)
    ColleagueInvitation.objects.filter(invited_by=user).update(invited_by=None)
    for member in AgencyMember.objects.filter(user=user, role=AgencyRole.COORDINATOR):
        others = AgencyMember.objects.filter(agency=member.agency_id).exclude(user=user)
        if not others.filter(role=AgencyRole.COORDINATOR).exists():
            successor = others.order_by("joined_at").first()
            if successor is not None:
                successor.role = AgencyRole.COORDINATOR
                successor.save(update_fields=["role"])
    AgencyMember.objects.filter(user=user).delete()
