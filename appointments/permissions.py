"""Who may configure offices and services and see their bookings: the organisation's
appointment clerks and editors."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies.base import BasePermissionPolicy

from beteiligung.roles import Role, has_role, organisations_for

STAFF_ROLES = (Role.CLERK, Role.EDITOR)


def staff_organisations(user):
    return organisations_for(user, *STAFF_ROLES)


def require_office_staff(user, office) -> None:
    if not has_role(user, office.organisation, *STAFF_ROLES):
        raise PermissionDenied


class OrganisationPermissionPolicy(BasePermissionPolicy):
    """Staff of an organisation manage that organisation's records, and only those."""

    def user_has_permission(self, user, action) -> bool:
        return user.is_active and (user.is_superuser or staff_organisations(user).exists())

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if instance.organisation_id is None:
            return self.user_has_permission(user, action)
        return has_role(user, instance.organisation, *STAFF_ROLES)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model._default_manager.filter(organisation__in=staff_organisations(user))

    def users_with_any_permission(self, actions):
        from beteiligung.models import User

        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__organisation_role__role__in=STAFF_ROLES),
            is_active=True,
        ).distinct()


class OrganisationForm(WagtailAdminModelForm):
    """Offer only the user's own organisations (and their offices)."""

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or for_user.is_superuser:
            return
        organisations = staff_organisations(for_user)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = None
        if "offices" in self.fields:
            self.fields["offices"].queryset = self.fields["offices"].queryset.filter(
                organisation__in=organisations
            )
