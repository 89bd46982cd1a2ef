"""How far a page permission reaches: an organisation's pages are its own.

Wagtail grants page permissions per group and page (``GroupPagePermission``) and lets them
inherit down the whole tree. Editors need ``add_page`` on the shared index pages (procedures,
events) to create their organisation's pages there, and that grant would otherwise also reach
into every other organisation's procedure below the same index.

The rule, decided in one place (``permission_reaches``): a permission a group holds on page P
reaches a page X at or below P only if every organisation page on X's path (X included)
belongs to the group's organisation. A page outside every organisation's pages (home, the
shared indexes) is governed by Wagtail's plain rules; a page of RP Darmstadt, or below one,
only by RP Darmstadt's groups. Groups that belong to no organisation (Wagtail's own "Editors"
and "Moderators") therefore reach shared pages only. Superusers are not limited.

``OrganisationPagePermissionPolicy`` applies the rule to everything Wagtail asks the page
policy (listings, choosers, reports, workflow notifications); ``OrganisationPagePermissionTester``
applies it to the per-page checks of the admin views (add, edit, publish, unpublish, move,
copy, delete, revisions, history); ``OrganisationPage.permissions_for_user`` returns it.
"""

from collections import defaultdict
from functools import cache

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import GroupPagePermission, Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy


@cache
def organisation_page_models() -> tuple[type[Page], ...]:
    """Every concrete page model that belongs to an organisation."""
    from django.apps import apps

    from cms.models import OrganisationPage

    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, OrganisationPage) and not model._meta.abstract
    )


def organisations_on_path(page: Page, cache: dict | None = None) -> dict[str, int]:
    """The organisation pages from the root down to ``page`` (included): path → organisation id.

    ``cache`` (path → organisation id or None) is kept on the user for the request, so a
    listing of sibling pages asks the database for their common ancestors once; a page that is
    itself an organisation page answers for itself."""
    from cms.models import OrganisationPage

    cache = {} if cache is None else cache
    steps = Page.steplen
    paths = [page.path[:end] for end in range(steps, len(page.path) + 1, steps)]
    if isinstance(page, OrganisationPage) and page.organisation_id is not None:
        cache.setdefault(page.path, page.organisation_id)
    missing = [path for path in paths if path not in cache]
    if missing:
        # One query per organisation page model (four); a UNION would be one, but SQLite
        # answered it with "table is locked" while the live server wrote in another thread.
        found = dict.fromkeys(missing)
        for model in organisation_page_models():
            found.update(
                model.objects.filter(path__in=missing).values_list("path", "organisation_id")
            )
        cache.update(found)
    return {path: cache[path] for path in paths if cache[path] is not None}


def permission_reaches(perm: GroupPagePermission, page: Page, on_path: dict[str, int]) -> bool:
    """True when the group's permission on ``perm.page`` applies to ``page``.

    ``on_path`` comes from ``organisations_on_path(page)``; ``perm.group_organisation_id`` is
    annotated by the policy (None for groups of no organisation)."""
    if not page.path.startswith(perm.page.path):
        return False
    return all(organisation == perm.group_organisation_id for organisation in on_path.values())


def page_actions_for(user, page: Page) -> set[str]:
    """The page actions ('add', 'change', 'publish', …) the user's groups hold on this page.

    This is the helper that decides "may this user act on this page"; superusers are not asked."""
    perms = [
        perm
        for perm in page_policy.get_cached_permissions_for_user(user)
        if page.path.startswith(perm.page.path)
    ]
    if not perms:
        return set()
    if not hasattr(user, "_organisations_by_path"):
        user._organisations_by_path = {}
    on_path = organisations_on_path(page, user._organisations_by_path)
    return {
        perm.permission.codename.rsplit("_", maxsplit=1)[0]
        for perm in perms
        if permission_reaches(perm, page, on_path)
    }


def _inside_organisation_pages(exclude_organisations: list) -> Q:
    """Pages (of an outer Page queryset) at or below an organisation page that belongs to none
    of ``exclude_organisations``."""
    condition = Q(pk__in=[])
    for model in organisation_page_models():
        foreign = model.objects.exclude(organisation_id__in=exclude_organisations)
        foreign = foreign.annotate(outer_prefix=Substr(OuterRef("path"), 1, Length("path"))).filter(
            path=F("outer_prefix")
        )
        condition |= Q(Exists(foreign))
    return condition


def _ids(organisation_id: int | None) -> list[int]:
    return [] if organisation_id is None else [organisation_id]


def _below_any(paths: set[str]) -> Q:
    """Pages at or below any of the paths (only the topmost of nested paths are kept)."""
    topmost = [
        path
        for path in sorted(paths)
        if not any(path != other and path.startswith(other) for other in paths)
    ]
    condition = Q(pk__in=[])
    for path in topmost:
        condition |= Q(path__startswith=path)
    return condition


def pages_of_own_organisations(pages: QuerySet, user) -> QuerySet:
    """The pages without those of organisations the user does not work for (shared pages stay).

    For the admin's page choosers and explorer: another organisation's procedures, drafts
    included, are not shown to its staff. Superusers see everything."""
    from beteiligung.roles import Role, organisations_for

    if user.is_superuser:
        return pages
    own = list(organisations_for(user, *Role.values).values_list("pk", flat=True))
    # By id: the chooser searches this queryset, and search backends take field lookups only.
    foreign = Page.objects.filter(_inside_organisation_pages(own)).values("id")
    return pages.exclude(id__in=foreign)


class OrganisationPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy with the organisation boundary (see the module docstring)."""

    # Our own cache: its rows carry the group's organisation, Wagtail's would not.
    permission_cache_name = "_organisation_page_permission_cache"

    def get_all_permissions_for_user(self, user):
        return (
            super()
            .get_all_permissions_for_user(user)
            .annotate(group_organisation_id=F("group__organisation_role__organisation_id"))
        )

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        base_permission = self._base_user_has_permission(user)
        if base_permission is not None:
            return base_permission
        held = page_actions_for(user, instance)
        if "add" in held and instance.owner_id == user.pk:
            held.add("change")
        return bool(set(actions) & held)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        codenames = self._get_permission_codenames(actions)
        add_codename = self._get_permission_codename("add")
        owner_only = "change" in actions and "add" not in actions
        # Granted paths by group organisation: one clause per organisation, not per row
        # (an editor holds five rows on every page of the organisation).
        granted, granted_own_pages = defaultdict(set), defaultdict(set)
        for perm in self.get_cached_permissions_for_user(user):
            codename = perm.permission.codename
            if codename in codenames:
                granted[perm.group_organisation_id].add(perm.page.path)
            elif owner_only and codename == add_codename:
                granted_own_pages[perm.group_organisation_id].add(perm.page.path)
        condition = Q(pk__in=[])
        for organisation, paths in granted.items():
            condition |= _below_any(paths) & ~_inside_organisation_pages(_ids(organisation))
        for organisation, paths in granted_own_pages.items():
            condition |= (
                _below_any(paths) & Q(owner=user) & ~_inside_organisation_pages(_ids(organisation))
            )
        return self.model._default_manager.filter(condition)

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        from django.contrib.auth import get_user_model

        ancestors = instance.get_ancestors(inclusive=True)
        perms = (
            GroupPagePermission.objects.filter(page__in=ancestors)
            .select_related("page", "permission")
            .annotate(group_organisation_id=F("group__organisation_role__organisation_id"))
        )
        on_path = organisations_on_path(instance)
        codenames = self._get_permission_codenames(actions)
        add_codename = self._get_permission_codename("add")
        groups, owner_groups = set(), set()
        for perm in perms:
            if not permission_reaches(perm, instance, on_path):
                continue
            if perm.permission.codename in codenames:
                groups.add(perm.group_id)
            elif perm.permission.codename == add_codename and "change" in actions:
                owner_groups.add(perm.group_id)
        q = Q(groups__in=groups) | (Q(groups__in=owner_groups) & Q(pk=instance.owner_id))
        if include_superusers:
            q |= Q(is_superuser=True)
        return get_user_model()._default_manager.filter(is_active=True).filter(q).distinct()


page_policy = OrganisationPagePermissionPolicy()


class OrganisationPagePermissionTester(PagePermissionTester):
    """Wagtail's per-page checks, with only the permissions that reach this page."""

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        if self.user.is_active and not self.user.is_superuser:
            self.permissions = page_actions_for(user, page)

    def can_publish(self) -> bool:
        # An approver of the organisation's approval workflow publishes the page by approving
        # it (beteiligung.models.OrganisationApprovalTask.on_action), and only then.
        approving = getattr(self.user, "approving_page_pk", None) == self.page.pk
        return super().can_publish() or (approving and self.user.is_active)
