"""Map notes in the account's data export.

The author of a map note is the author of its dialogue comment; dialogues.privacy exports
and anonymises the comments, so the point, category and place description go out here and
stay with the anonymised comment on deletion (like the comment text, they are public
debate, not account data).
"""

from maps.models import MapContribution


def export(user) -> list[dict]:
    return [
        {
            "procedure": note.procedure.title,
            "category": note.category.name,
            "latitude": str(note.latitude) if note.latitude is not None else None,
            "longitude": str(note.longitude) if note.longitude is not None else None,
            "place": note.place,
            "text": note.comment.text,
            "status": note.comment.get_status_display(),
            "created_at": note.created_at.isoformat(),
        }
        for note in MapContribution.objects.filter(comment__author=user).select_related(
            "procedure", "category", "comment"
        )
    ]


def erase(user) -> None:
    """Nothing of its own to erase: dialogues.privacy detaches the comments from the account."""


def export_reports(user) -> list[dict]:
    return [
        {
            "id": report.pk,
            "category": report.category.name,
            "status": report.get_status_display(),
            "description": report.description,
            "place": report.address,
            "latitude": str(report.lat) if report.lat is not None else None,
            "longitude": str(report.lon) if report.lon is not None else None,
            "reporter_name": report.reporter_name,
            "reporter_email": report.reporter_email,
            "reporter_phone": report.reporter_phone,
            "created_at": report.created_at.isoformat(),
        }
        for report in user.reports.select_related("category").order_by("created_at")
    ]


def erase_reports(user) -> None:
    """The report stays for the office and the public map; the person leaves it."""
    user.reports.update(
        reporter_name="", reporter_email="", reporter_phone="", notify=False, user=None
    )
