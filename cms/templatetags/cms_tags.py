from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import richtext

from beteiligung.page_cache import tag_version

register = template.Library()
FOOTER_SECONDS = 24 * 60 * 60


@register.simple_tag(takes_context=True)
def site_footer(context) -> dict:
    """The footer's links and contact text, read once per publication, not on every page.

    Reading them cost the site lookup, the setting and the pages (3 queries on each page).
    The key holds the version of the "pages" tag, which any publication, move or footer
    change raises (cms/page_cache.py), and the host and language the links are built for.
    """
    from cms.models import FooterSettings

    request = context.get("request")
    if request is None:
        return {"links": [], "contact": ""}
    version = tag_version("pages")
    key = f"cms:footer:{request.get_host()}:{get_language()}:{version}"
    found = cache.get(key) if version is not None else None
    if found is None:
        site = Site.find_for_request(request)
        if site is None:
            # A host that matches no site and no default site: no footer pages to link.
            return {"links": [], "contact": ""}
        footer = FooterSettings.for_site_with_pages(site)
        found = {
            "links": [(str(label), page.get_url(request)) for label, page in footer.links()],
            "contact": str(richtext(footer.contact_text)) if footer.contact_text else "",
        }
        if version is not None:
            cache.set(key, found, FOOTER_SECONDS)
    return {"links": found["links"], "contact": mark_safe(found["contact"])}  # noqa: S308 (the editors' rich text, rendered by Wagtail)


@register.simple_tag
def my_statements(user):
    """The account's submitted statements, newest first (for the /konto/ section)."""
    from cms.procedures import Statement

    if not user.is_authenticated:
        return []
    return (
        Statement.objects.submitted()
        .filter(user=user)
        .select_related("procedure")
        .order_by("-submitted_at")[:100]
    )


@register.simple_tag
def weighing_report_files(user, procedure):
    """The report box on the weighing table (cms/report/weighing_links.html)."""
    from cms.report import weighing_report_files

    return weighing_report_files(user, procedure)


@register.simple_tag
def public_report(procedure):
    """The anonymised weighing report linked from the published result, if built."""
    from cms.report import ReportFile

    return ReportFile.objects.public_report(procedure)


@register.filter
def when(value) -> str:
    """A moment as people read it here: "1. Dezember 2026, 14:30 Uhr"."""
    from cms.procedures import format_datetime

    return format_datetime(value) if value else ""
