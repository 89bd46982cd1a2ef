from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import AbstractPage
from wagtail.permissions import register_permission_policy

from cms.permissions import page_policy, pages_of_own_organisations

# Replaces Wagtail's page policy for every page type: listings, choosers, reports and workflow
# notifications then respect the organisation boundary too. Registered before anything asks.
register_permission_policy(AbstractPage, page_policy)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_shows_own_organisation(pages, request):
    return pages_of_own_organisations(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_own_organisation(parent_page, pages, request):
    return pages_of_own_organisations(pages, request.user)


@hooks.register("after_create_page")
def grant_organisation_on_new_page(request, page) -> None:
    """A page that belongs to an organisation becomes editable by that organisation's staff."""
    organisation = getattr(page.specific, "organisation", None)
    if organisation is not None:
        organisation.grant_page(page)


@hooks.register("register_admin_urls")
def register_weighing_urls():
    from django.urls import include, path

    from cms import admin_urls

    return [path("abwaegung/", include(admin_urls, namespace="cms_weighing"))]


class WeighingMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        from beteiligung.roles import organisations_for
        from cms.weighing import WEIGHING_ROLES

        return organisations_for(request.user, *WEIGHING_ROLES).exists()


@hooks.register("register_admin_menu_item")
def register_weighing_menu_item():
    return WeighingMenuItem(
        _("Weighing of statements"),
        reverse("cms_weighing:index"),
        name="weighing",
        icon_name="list-ul",
        order=250,
    )
