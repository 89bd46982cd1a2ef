"""Staff roles and the checks that tie a staff member to their organisation.

With ``STAFF_REQUIRE_MFA`` on, a staff role counts only for an account with a second factor
(TOTP) set up: ``has_role`` and ``organisations_for`` treat an account without one like a
citizen's, so no role check anywhere (exports, free-text answers, official answers, admin
screens) lets it through. Views that exist only for staff carry ``@staff_view``, which
sends such a staff member to the TOTP setup instead of a bare 403 and marks the view, so
that a test can find every staff view in the URL resolver.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    PLANNER = "planner", _("Planner")
    CLERK = "clerk", _("Appointment clerk")
    INCIDENT_HANDLER = "incident_handler", _("Incident handler")


def lacks_second_factor(user) -> bool:
    """True when staff must use a second factor and this account has none set up.

    The account, not the session, is checked: once an authenticator exists, allauth asks
    for its code at every login, so a session of such an account has passed it.
    """
    if not settings.STAFF_REQUIRE_MFA or not user.is_authenticated:
        return False
    has_factor = getattr(user, "_has_second_factor", None)
    if has_factor is None:
        from allauth.mfa.models import Authenticator

        has_factor = (
            Authenticator.objects.filter(user=user)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
            .exists()
        )
        # One query per request: the request's user object lives as long as the request.
        user._has_second_factor = has_factor
    return not has_factor


def is_staff_member(user) -> bool:
    """Anyone the back office is for: staff flag, superuser or the Wagtail admin permission."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def second_factor_setup(request: HttpRequest) -> HttpResponse:
    messages.info(
        request, gettext("Please set up two-factor authentication to use the administration.")
    )
    return redirect("mfa_activate_totp")


def staff_view(view: Callable) -> Callable:
    """Mark a view that exists only for staff; without a second factor they set one up first."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if is_staff_member(request.user) and lacks_second_factor(request.user):
            return second_factor_setup(request)
        return view(request, *args, **kwargs)

    wrapper.staff_view = True
    return wrapper


def is_staff_view(view: Callable) -> bool:
    return getattr(view, "staff_view", False)


def has_role(user, organisation, *roles: str) -> bool:
    """True when the user holds one of the roles in the organisation (superusers hold all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if lacks_second_factor(user):
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

    if not user.is_authenticated or lacks_second_factor(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(roles__role__in=roles, roles__group__user=user).distinct()
