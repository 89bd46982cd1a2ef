"""The citizen's statements in the data export, and what account deletion does to them."""

from cms.procedures import Statement


def export(user) -> list[dict]:
    statements = Statement.objects.submitted().filter(user=user).select_related("procedure")
    return [
        {
            "reference": s.reference,
            "procedure": s.procedure.title,
            "submitted_at": s.submitted_at.isoformat(),
            "submitted_as": s.get_submitter_kind_display(),
            "agency": s.agency_name,
            "name": s.name,
            "email": s.email,
            "postal_address": s.postal_address,
            "text": s.text,
            "section": s.section,
            "place": s.place,
            "latitude": str(s.latitude) if s.latitude is not None else None,
            "longitude": str(s.longitude) if s.longitude is not None else None,
            "attachments": [a.original_name for a in s.attachments.all()],
            "status": s.get_status_display(),
            "result": s.get_result_display() if s.result else "",
            "response": s.response,
            "personal_data_deleted_after": s.delete_personal_data_after.isoformat()
            if s.delete_personal_data_after
            else None,
        }
        for s in statements.prefetch_related("attachments")
    ]


def erase(user) -> None:
    """Formal statements stay in the procedure (they must be weighed), without the person."""
    for statement in Statement.objects.filter(user=user).prefetch_related("attachments"):
        statement.erase_personal_data()
