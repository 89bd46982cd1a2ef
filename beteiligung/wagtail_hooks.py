from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from beteiligung.dashboard import WorkCount, WorkItem, WorkPanel, long_datetime
from beteiligung.models import AccessibilityFeedback, Organisation, OutboxEmail, OutboxStatus
from beteiligung.page_cache import cache_for_visitors, page_tag


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_admin_menu = False
    list_display = ["name", "kind", "short_name", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("address"),
        FieldPanel("website"),
        FieldPanel("requires_approval"),
    ]


class AccessibilityFeedbackViewSet(SnippetViewSet):
    model = AccessibilityFeedback
    icon = "help"
    menu_label = _("Accessibility feedback")
    list_display = ["created_at", "page_url", "message", "email"]
    list_filter = ["created_at"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("page_url"),
        FieldPanel("message"),
        FieldPanel("name"),
        FieldPanel("email"),
    ]


register_snippet(OrganisationViewSet)
register_snippet(AccessibilityFeedbackViewSet)


# The e-mail outbox ("Postausgang") registers its admin views and hooks on import.
import beteiligung.outbox_admin  # noqa: E402, F401

# Staff dashboard and admin look -------------------------------------------------------


@hooks.register("insert_global_admin_css")
def staff_admin_css() -> str:
    """Our admin rules (work panels, map heights; the admin does not load portal.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/staff-admin.css"))


@hooks.register("construct_homepage_panels")
def add_outbox_panel(request, panels) -> None:
    """Mails the mail server did not take: for superusers, who may retry them."""
    if not request.user.is_superuser:
        return
    failed = OutboxEmail.objects.filter(status=OutboxStatus.FAILED)
    counts = OutboxEmail.objects.aggregate(
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        waiting=Count("pk", filter=Q(status=OutboxStatus.QUEUED, attempts__gt=0)),
    )
    url = reverse("outbox:index")
    panels.append(
        WorkPanel(
            name="outbox",
            heading=gettext("E-mail outbox"),
            url=url,
            link_label=gettext("Open the outbox"),
            counts=[
                WorkCount(
                    gettext("failed, not delivered"), counts["failed"], f"{url}?status=failed"
                ),
                WorkCount(gettext("waiting for another attempt"), counts["waiting"]),
            ],
            items_heading=gettext("Latest failures"),
            items=[
                WorkItem(
                    mail.subject,
                    reverse("outbox:inspect", args=[mail.pk]),
                    long_datetime(mail.created_at),
                )
                for mail in failed.order_by("-created_at")[:3]
            ],
            order=90,
        )
    )


# Page cache for anonymous visitors (beteiligung/page_cache.py) -------------------------


def view_restrictions(page: Page, request: HttpRequest) -> QuerySet:
    """The view restrictions that apply to ``page``, read in one query and evaluated.

    Wagtail's ``get_view_restrictions`` reads the ancestors' ``alias_of`` first and then the
    restrictions (2 queries). Routing has just loaded every page from the site's root down
    to this one (``_cached_parent_obj``); when none of them is an alias and the site's root
    sits right below the tree's root (which cannot be an alias), those pages and the tree's
    root are the pages to check. Anything else (an alias on the way, a page not reached by
    routing, a site deeper in the tree) takes Wagtail's own method.
    """
    chain, current = [], page
    while current is not None:
        chain.append(current)
        current = current.__dict__.get("_cached_parent_obj")
    top = chain[-1]
    site = Site.find_for_request(request)
    if (
        site is None
        or site.root_page_id != top.pk
        or top.depth != 2
        or any(p.alias_of_id for p in chain)
    ):
        restrictions = page.get_view_restrictions()
    else:
        restrictions = PageViewRestriction.objects.filter(
            Q(page_id__in=[p.pk for p in chain]) | Q(page__path=top.path[: Page.steplen])
        )
    list(restrictions)
    return restrictions


@hooks.register("before_serve_page")
def cache_page_for_visitors(page, request, serve_args, serve_kwargs) -> None:
    # "pages": any publication anywhere (menus, listings, the footer); "page:<id>": what
    # the apps invalidate when a comment, registration or statement changes this page.
    # Pages behind a password or login are the visitor's own: never cached.
    restrictions = view_restrictions(page, request)
    # Wagtail's check_view_restrictions (on_serve_page, after us) asks the page again:
    # it gets the rows read here instead of two more queries.
    page.get_view_restrictions = lambda: restrictions
    if not restrictions:
        cache_for_visitors(request, "pages", page_tag(page.pk))
