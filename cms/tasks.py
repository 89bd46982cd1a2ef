"""Tasks of the procedures, run by the django-q2 cluster: load, call, done."""

import datetime

from django.utils import timezone


def erase_expired_statement_data() -> int:
    """Erase name, e-mail, account link and attachments of statements past their date;
    the anonymised statement stays. Unsubmitted drafts are deleted after a day."""
    from cms.procedures import Statement, StatementStatus

    today = timezone.localdate()
    expired = Statement.objects.filter(
        delete_personal_data_after__lt=today, personal_data_erased_at__isnull=True
    ).prefetch_related("attachments")
    count = 0
    for statement in expired.iterator(chunk_size=500):
        statement.erase_personal_data()
        count += 1
    stale = Statement.objects.filter(
        status=StatementStatus.DRAFT,
        created_at__lt=timezone.now() - datetime.timedelta(days=1),
    ).prefetch_related("attachments")
    for draft in stale:
        draft.erase_personal_data()
        draft.delete()
    return count


def send_final_notices(procedure_id: int) -> dict:
    from cms.notices import send_final_notices
    from cms.procedures import ProcedurePage

    return send_final_notices(ProcedurePage.objects.get(pk=procedure_id))


# Tasks queued before the final notice replaced the per-statement result mail.
notify_statement_results = send_final_notices


def build_report_file(report_id: int) -> None:
    from cms.report import ReportFile

    ReportFile.objects.select_related("procedure").get(pk=report_id).build()


def delete_expired_report_files() -> int:
    from cms.report import delete_expired_report_files

    return delete_expired_report_files()


def send_agency_reminders() -> int:
    from cms.agencies import send_due_reminders

    return send_due_reminders()


def erase_expired_agency_data() -> int:
    from cms.agencies import erase_expired

    return erase_expired()
