import datetime

from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import AbstractGroupApprovalTask
from wagtail.snippets.models import register_snippet

from beteiligung.roles import Role

# Wagtail page permissions each role receives on the organisation's pages.
ROLE_PAGE_PERMISSIONS = {
    Role.EDITOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.MODERATOR: [],
    Role.PLANNER: [],
    Role.CLERK: [],
    Role.INCIDENT_HANDLER: [],
}


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_(
            "Shown next to your public contributions. Leave empty to appear as 'Anonymous'."
        ),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def public_name(self) -> str:
        return self.display_name or str(_("Anonymous"))


class OrganisationKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration")
    # A public agency (Träger öffentlicher Belange): invited to procedures, its people work on
    # the portal (cms/agencies.py), never in the Wagtail admin.
    AGENCY = "agency", _("Public agency")


class OrganisationQuerySet(models.QuerySet):
    def administrations(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.ADMINISTRATION)

    def agencies(self) -> "OrganisationQuerySet":
        return self.filter(kind=OrganisationKind.AGENCY)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ADMINISTRATION,
        db_index=True,
        help_text=_(
            "Administrations run procedures in the admin; public agencies are invited to "
            "procedures and write their statements on the portal."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    requires_approval = models.BooleanField(
        _("approval before publishing"),
        default=False,
        help_text=_(
            "When on, editors submit pages for approval instead of publishing them; another "
            "editor of the organisation approves before the page goes live."
        ),
    )
    approval_workflow = models.OneToOneField(
        "wagtailcore.Workflow",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="organisation",
        verbose_name=_("approval workflow"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        previous = (
            Organisation.objects.filter(pk=self.pk).values_list("requires_approval", flat=True)
        ).first()
        super().save(*args, **kwargs)
        switched = previous is not None and previous != self.requires_approval
        if switched and self.roles.exists():
            self.apply_approval_setting()

    @property
    def is_agency(self) -> bool:
        return self.kind == OrganisationKind.AGENCY

    def role_page_permissions(self, role: str) -> list[str]:
        """The page permissions a role holds on the organisation's pages."""
        codenames = ROLE_PAGE_PERMISSIONS[role]
        if self.requires_approval:
            # Publishing goes through the approval workflow; a publish right would let
            # editors bypass it (Wagtail shows "Publish" to everyone holding it).
            codenames = [codename for codename in codenames if codename != "publish_page"]
        return codenames

    @transaction.atomic
    def apply_approval_setting(self) -> None:
        """Bring the approval workflow and the editors' publish rights in line with the switch.

        On: a workflow with one OrganisationApprovalTask for the editors' group on every page of
        the organisation, and no publish right for editors. Off: the workflow is deactivated
        (pages in moderation leave it) and editors publish again."""
        from wagtail.models import GroupPagePermission, WorkflowPage

        editors = self.group(Role.EDITOR)
        granted_pages = list(
            GroupPagePermission.objects.filter(
                group=editors, permission__codename="change_page"
            ).values_list("page", flat=True)
        )
        if self.requires_approval:
            workflow = self._approval_workflow()
            GroupPagePermission.objects.filter(
                group=editors, permission__codename="publish_page"
            ).delete()
            for page in self._own_pages(granted_pages):
                WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
        else:
            if self.approval_workflow is not None and self.approval_workflow.active:
                self.approval_workflow.deactivate()
            publish = _page_permission("publish_page")
            for page_id in granted_pages:
                GroupPagePermission.objects.get_or_create(
                    group=editors, page_id=page_id, permission=publish
                )

    def _own_pages(self, page_ids) -> list:
        """The pages among these that belong to this organisation (the workflow goes only there,
        never onto a shared page above other organisations' pages)."""
        from wagtail.models import Page

        pages = Page.objects.filter(pk__in=page_ids).specific()
        return [page for page in pages if getattr(page, "organisation_id", None) == self.pk]

    def _approval_workflow(self):
        from wagtail.models import Workflow, WorkflowTask

        workflow = self.approval_workflow
        if workflow is None:
            workflow = Workflow.objects.create(name=f"{self.name}: {_('Approval')}"[:255])
            task = OrganisationApprovalTask.objects.create(
                name=f"{self.name}: {_('Approval by a second editor')}"[:255]
            )
            task.groups.set([self.group(Role.EDITOR)])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
            Organisation.objects.filter(pk=self.pk).update(approval_workflow=workflow)
            self.approval_workflow = workflow
        elif not workflow.active:
            workflow.active = True
            workflow.save(update_fields=["active"])
        return workflow

    @transaction.atomic
    def ensure_roles(self) -> None:
        """Create one group per staff role, with access to the Wagtail admin."""
        from django.contrib.auth.models import Permission

        if self.is_agency:
            # Agency accounts are not staff: no group, no admin access (cms/agencies.py).
            return
        admin_access = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        for role in Role:
            group, _created = Group.objects.get_or_create(name=f"{self.name}: {role.label}")
            group.permissions.add(admin_access)
            OrganisationRole.objects.get_or_create(
                organisation=self, role=role, defaults={"group": group}
            )

    def group(self, role: str) -> Group:
        return self.roles.get(role=role).group

    def add_member(self, user, *roles: str) -> None:
        if self.is_agency:
            raise ValueError("Agency members are added through cms.agencies, not as staff.")
        self.ensure_roles()
        for role in roles:
            user.groups.add(self.group(role))
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])

    def grant_shared_index(self, page) -> None:
        """Let the organisation's editors add their pages below a shared index page.

        The grant inherits down the tree in Wagtail, but cms/permissions.py stops it at every
        other organisation's page: it reaches the index and the organisation's own pages."""
        from wagtail.models import GroupPagePermission

        if self.is_agency:
            return
        self.ensure_roles()
        GroupPagePermission.objects.get_or_create(
            group=self.group(Role.EDITOR),
            page=page,
            permission__codename="add_page",
            defaults={"permission": _page_permission("add_page")},
        )

    def grant_page(self, page) -> None:
        """Give the organisation's groups their permissions on a page and its subtree."""
        from wagtail.models import GroupPagePermission, WorkflowPage

        self.ensure_roles()
        for org_role in self.roles.select_related("group"):
            for codename in self.role_page_permissions(org_role.role):
                GroupPagePermission.objects.get_or_create(
                    group=org_role.group,
                    page=page,
                    permission__codename=codename,
                    defaults={"permission": _page_permission(codename)},
                )
        if self.requires_approval and self._own_pages([page.pk]):
            WorkflowPage.objects.update_or_create(
                page=page, defaults={"workflow": self._approval_workflow()}
            )


def _page_permission(codename: str):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


class OrganisationRole(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="roles", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="organisation_role", verbose_name=_("group")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role"], name="unique_role_per_organisation"
            )
        ]
        verbose_name = _("organisation role")
        verbose_name_plural = _("organisation roles")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_role_display()}"


class OrganisationApprovalTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, except that nobody approves their own work.

    Wagtail's GroupApprovalTask lets any member of the groups approve, the submitter included;
    it has no switch against that. Here the member who submitted the page, or who wrote the
    revision under review, gets no approve or reject action (the admin's action views and the
    "approve with edits" path all ask ``get_actions``) and does not see it as work to review."""

    class Meta:
        verbose_name = _("approval by a second editor")
        verbose_name_plural = _("approvals by a second editor")

    @staticmethod
    def _is_own_work(task_state, user) -> bool:
        return user.pk in (task_state.workflow_state.requested_by_id, task_state.revision.user_id)

    def get_actions(self, obj, user):
        task_state = getattr(obj, "current_workflow_task_state", None)
        if task_state is not None and not user.is_superuser and self._is_own_work(task_state, user):
            return []
        return super().get_actions(obj, user)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        page = task_state.workflow_state.content_object
        if "approve" not in {name for name, _label, _modal in self.get_actions(page, user)}:
            raise PermissionDenied
        # The last approval publishes the page as the approver, and Wagtail checks the
        # approver's publish right, which editors lack while approval is on. The approval is
        # that right: the page tester (cms/permissions.py) grants it for this call only.
        user.approving_page_pk = page.pk
        try:
            return super().on_action(task_state, user, action_name, **kwargs)
        finally:
            del user.approving_page_pk

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)

    @classmethod
    def get_description(cls):
        return _("A second editor of the organisation approves; never the one who submitted")


def one_year_from_today():
    return timezone.localdate() + datetime.timedelta(days=365)


class AccessibilityFeedback(models.Model):
    """A barrier someone reported through the accessibility statement."""

    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    delete_after = models.DateField(_("delete after"), default=one_year_from_today)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y}: {self.message[:60]}"


# --- E-mail outbox -------------------------------------------------------------------------


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxEmailQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime) -> "OutboxEmailQuerySet":
        """Waiting mails whose next attempt has come, and mails whose sender died: a
        "sending" row whose lease ran out was claimed by a worker that never reported back."""
        return self.filter(
            models.Q(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
            | models.Q(status=OutboxStatus.SENDING, lease_until__lt=now)
        )

    def claim(
        self, *, now: datetime.datetime, lease: datetime.timedelta, limit: int, token: str
    ) -> list["OutboxEmail"]:
        """Mark up to ``limit`` due mails as "sending" for this worker alone and return them.

        PostgreSQL skips rows another worker has locked; SQLite has no row locks, but the
        project opens every SQLite transaction IMMEDIATE, so claims run one after another.
        The conditional UPDATE re-checks "due", so a row is never claimed twice at once.
        """
        with transaction.atomic():
            candidates = self.due(now).order_by("next_attempt_at", "pk")
            if transaction.get_connection().features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            ids = list(candidates.values_list("pk", flat=True)[:limit])
            if not ids:
                return []
            OutboxEmail.objects.filter(pk__in=ids).due(now).update(
                status=OutboxStatus.SENDING,
                lease_token=token,
                lease_until=now + lease,
                attempts=models.F("attempts") + 1,
            )
        return list(OutboxEmail.objects.filter(lease_token=token, status=OutboxStatus.SENDING))


class OutboxEmail(models.Model):
    """An e-mail written in the same transaction as what caused it, sent by the task queue.

    Sending is at least once: a worker killed after the mail server accepted a mail but
    before it marked the row "sent" leaves it "sending"; after the lease it is sent again.
    """

    subject = models.TextField(_("subject"))
    to = models.JSONField(_("recipients"), default=list)
    from_email = models.CharField(_("sender"), max_length=254)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # [{"filename", "mimetype", "content", "base64"}]: binary content is base64-encoded.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_token = models.CharField(max_length=32, blank=True, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        verbose_name = _("outbox e-mail")
        verbose_name_plural = _("outbox")

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> str:
        return ", ".join(self.to)

    def mark_sent(self, token: str) -> bool:
        return bool(
            OutboxEmail.objects.filter(pk=self.pk, lease_token=token).update(
                status=OutboxStatus.SENT, sent_at=timezone.now(), lease_token="", last_error=""
            )
        )

    def mark_failed_attempt(
        self,
        token: str,
        error: str,
        *,
        retry_after: datetime.timedelta,
        give_up_after: datetime.timedelta,
    ) -> str:
        """Schedule the next attempt, or give up once the mail is older than ``give_up_after``."""
        now = timezone.now()
        status = (
            OutboxStatus.FAILED if now - self.created_at >= give_up_after else OutboxStatus.QUEUED
        )
        OutboxEmail.objects.filter(pk=self.pk, lease_token=token).update(
            status=status,
            next_attempt_at=now + retry_after,
            lease_token="",
            lease_until=None,
            last_error=error[:2000],
        )
        return status

    def retry_now(self) -> None:
        OutboxEmail.objects.filter(pk=self.pk).exclude(status=OutboxStatus.SENT).update(
            status=OutboxStatus.QUEUED,
            next_attempt_at=timezone.now(),
            lease_token="",
            lease_until=None,
        )


@register_snippet
class SearchSynonym(models.Model):
    """A line of words the site search treats as one ("Windkraft, Windenergie, Windrad")."""

    terms = models.CharField(
        _("words that mean the same"),
        max_length=500,
        help_text=_(
            "Separated by commas, one word each, e.g. “Windkraft, Windenergie, Windrad”. "
            "A search for any of them also finds the others."
        ),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("search terms / synonyms")
        verbose_name_plural = _("search terms / synonyms")

    def __str__(self) -> str:
        return self.terms


# --- Sign-in with identity services (beteiligung/identity.py) -----------------------------


class TrustLevel(models.TextChoices):
    """Vertrauensniveau of a login, as BundID reports it (eIDAS: low, substantial, high)."""

    BASIC = "basisregistrierung", _("basic registration")
    SUBSTANTIAL = "substanziell", _("substantial")
    HIGH = "hoch", _("high")

    @classmethod
    def rank(cls, level: str) -> int:
        return {"": 0, cls.BASIC: 1, cls.SUBSTANTIAL: 2, cls.HIGH: 3}.get(level, 0)


def ninety_days_from_today():
    return timezone.localdate() + datetime.timedelta(days=90)


class IdentityLogin(models.Model):
    """One login (or linking of an identity service) and the trust level it carried: what a
    procedure, survey or service that requires a level is checked against."""

    user = models.ForeignKey(
        "beteiligung.User", on_delete=models.CASCADE, related_name="identity_logins"
    )
    provider = models.CharField(_("signed in with"), max_length=60)
    trust_level = models.CharField(
        _("trust level"), max_length=20, choices=TrustLevel.choices, blank=True
    )
    second_factor = models.BooleanField(_("second factor at the identity service"), default=False)
    logged_in_at = models.DateTimeField(_("logged in at"), auto_now_add=True)
    delete_after = models.DateField(_("delete after"), default=ninety_days_from_today)

    class Meta:
        ordering = ["-logged_in_at"]
        verbose_name = _("login")
        verbose_name_plural = _("logins")

    def __str__(self) -> str:
        return f"{self.provider} {self.logged_in_at:%d.%m.%Y %H:%M}"


class UsedAssertion(models.Model):
    """The ID of every SAML assertion accepted, kept until the assertion expires, so that a
    captured assertion cannot be posted a second time."""

    assertion_id = models.CharField(max_length=255, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.assertion_id


def min_trust_level_field(help_text) -> models.CharField:
    """The minimum trust level a procedure, survey or service may require of a login."""
    return models.CharField(
        _("minimum trust level"),
        max_length=20,
        choices=[("", _("none (an e-mail account is enough)")), *TrustLevel.choices],
        blank=True,
        help_text=help_text,
    )
