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

    def grant_shared_index(self, page) -> None:
        """Let the organisation's editors add their pages below a shared index page.

        The grant inherits down the tree in Wagtail, but cms/permissions.py stops it at every
        other organisation's page: it reaches the index and the organisation's own pages."""
        from wagtail.models import GroupPagePermission

        self.ensure_roles()
        GroupPagePermission.objects.get_or_create(
            group=self.group(Role.EDITOR),
            page=page,
            permission__codename="add_page",
            defaults={"permission": _page_permission("add_page")},
        )

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
