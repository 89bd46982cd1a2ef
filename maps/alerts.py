"""Status changes of public reports, for those who follow the area they are in."""

from django.utils.translation import gettext as _

from alerts import sources
from alerts.models import OccurrenceKind
from maps.models import Report, ReportUpdate


def status_changes(since, now) -> list[sources.Item]:
    updates = (
        ReportUpdate.objects.filter(created_at__gt=since, created_at__lte=now)
        .exclude(new_status="")
        .filter(report__in=Report.objects.public())
        .select_related("report__category")
    )
    items = []
    for update in updates:
        if update.new_status == update.old_status:
            continue
        report = update.report
        items.append(
            sources.Item(
                kind=OccurrenceKind.REPORT_STATUS,
                key=f"report:{update.pk}",
                title=_("Report no. %(number)s (%(category)s): %(status)s")
                % {
                    "number": report.pk,
                    "category": report.category.name,
                    "status": update.get_new_status_display(),
                },
                text=" ".join(report.place().split())[:300],
                url=report.get_absolute_url(),
                latitude=float(report.lat) if report.lat is not None else None,
                longitude=float(report.lon) if report.lon is not None else None,
                place=report.address,
                happened_at=update.created_at,
                for_followers_of_procedure=False,
            )
        )
    return items


def register() -> None:
    sources.register("maps", status_changes)
