"""Staff roles and the checks that tie a staff member to their organisation."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    PLANNER = "planner", _("Planner")
    CLERK = "clerk", _("Appointment clerk")
    INCIDENT_HANDLER = "incident_handler", _("Incident handler")


def has_role(user, organisation, *roles: str) -> bool:
    """True when the user holds one of the roles in the organisation (superusers hold all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if organisation is None:
        return False
    return organisation.roles.filter(role__in=roles, group__user=user).exists()


def require_role(user, organisation, *roles: str) -> None:
    if not has_role(user, organisation, *roles):
        raise PermissionDenied


def organisations_for(user, *roles: str):
    """The organisations in which the user holds one of the roles."""
    from beteiligung.models import Organisation

    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(roles__role__in=roles, roles__group__user=user).distinct()
