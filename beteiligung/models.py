import datetime

from django.contrib.auth.models import AbstractUser, Group
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

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


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)

    @transaction.atomic
    def ensure_roles(self) -> None:
        """Create one group per staff role, with access to the Wagtail admin."""
        from django.contrib.auth.models import Permission

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
        self.ensure_roles()
        for role in roles:
            user.groups.add(self.group(role))
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])

    def grant_page(self, page) -> None:
        """Give the organisation's groups their permissions on a page and its subtree."""
        from wagtail.models import GroupPagePermission

        self.ensure_roles()
        for org_role in self.roles.select_related("group"):
            for codename in ROLE_PAGE_PERMISSIONS[org_role.role]:
                GroupPagePermission.objects.get_or_create(
                    group=org_role.group,
                    page=page,
                    permission__codename=codename,
                    defaults={"permission": _page_permission(codename)},
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
