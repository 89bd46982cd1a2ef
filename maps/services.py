"""Writes that span several models or send e-mail: filing a report, staff actions."""

from django.conf import settings
from django.db import transaction

from beteiligung.emails import queue_email
from maps.models import Report, ReportCategory, ReportPhoto


def site_url(path: str) -> str:
    return settings.SITE_URL + path


@transaction.atomic
def report_create(
    *,
    category: ReportCategory,
    description: str,
    lat=None,
    lon=None,
    address: str = "",
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    media_url: str = "",
    user=None,
    notify: bool = True,
    photos: list[tuple] = (),
    attributes: dict | None = None,
    source: str = "web",
    trusted: bool = False,
) -> Report:
    """Save the report and its processed photos, then start confirmation or review.

    ``trusted`` (a logged-in user or an API client) skips the e-mail confirmation. Without an
    e-mail address there is nobody to confirm, so the report waits for staff review.
    """
    if user and not reporter_email:
        reporter_email = user.email
    report = Report.objects.create(
        category=category,
        description=description,
        lat=lat,
        lon=lon,
        address=address,
        reporter_name=reporter_name,
        reporter_email=reporter_email,
        reporter_phone=reporter_phone,
        media_url=media_url,
        user=user,
        notify=notify and bool(reporter_email),
        attributes=attributes or {},
        source=source,
    )
    for content, width, height in photos:
        photo = ReportPhoto(report=report, width=width, height=height)
        photo.image.save("photo.jpg", content, save=True)
    if trusted:
        report.confirm()
        notify_staff(report)
    elif reporter_email:
        queue_email(
            "maps/report_confirm",
            [reporter_email],
            {
                "report": report,
                "confirm_url": site_url(f"/meldungen/bestaetigen/{report.confirmation_token}/"),
            },
        )
    else:
        notify_staff(report)
    return report


def report_confirm(report: Report) -> None:
    if report.confirmed_at:
        return
    report.confirm()
    notify_staff(report)


def notify_staff(report: Report) -> None:
    address = report.category.notification_email
    if not address:
        return
    queue_email(
        "maps/report_new_staff",
        [address],
        {
            "report": report,
            "admin_url": site_url(report.get_admin_url()),
            "needs_review": not report.published,
        },
        language=settings.LANGUAGE_CODE,
    )


def _email_reporter(report: Report, template: str, context: dict) -> None:
    if not report.can_email_reporter():
        return
    queue_email(
        template,
        [report.reporter_email],
        {
            "report": report,
            # A rejected or hidden report has no public page to link to.
            "report_url": site_url(report.get_absolute_url()) if report.is_public else "",
            "stop_url": site_url(f"/meldungen/abbestellen/{report.unsubscribe_token()}/"),
            **context,
        },
        language=settings.LANGUAGE_CODE,
    )


@transaction.atomic
def change_status(report: Report, status: str, note: str, author) -> None:
    if status == report.status and not note:
        return
    update = report.set_status(status, note, author)
    _email_reporter(report, "maps/report_status", {"update": update})


@transaction.atomic
def publish_answer(report: Report, text: str, author) -> None:
    update = report.answer(text, author)
    _email_reporter(report, "maps/report_answer", {"update": update})


@transaction.atomic
def merge_duplicate(report: Report, original: Report, author) -> None:
    update = report.mark_duplicate(original, author)
    if report.supporters_count:
        Report.objects.filter(pk=original.pk).update(
            supporters_count=original.supporters_count + report.supporters_count
        )
    _email_reporter(report, "maps/report_status", {"update": update})
