from django import template

register = template.Library()


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
