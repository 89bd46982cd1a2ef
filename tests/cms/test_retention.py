"""Personal data of statements is erased after the procedure's retention period."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from cms.procedures import Statement, StatementAttachment, StatementStatus
from cms.tasks import erase_expired_statement_data
from tests.cms.conftest import make_statement


def test_the_deletion_date_follows_the_procedure_end_and_retention(procedure):
    procedure.retention_days = 30
    end = timezone.localdate(procedure.ends_at())
    assert procedure.personal_data_deletion_date() == end + datetime.timedelta(days=30)


def test_the_task_erases_personal_data_and_keeps_the_statement(procedure, citizen):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = make_statement(procedure, user=citizen, delete_personal_data_after=yesterday)
    attachment = StatementAttachment.objects.create(
        statement=expired,
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    path = attachment.file.path
    kept = make_statement(procedure, name="Bleibt", email="bleibt@example.org")

    assert erase_expired_statement_data() == 1

    expired.refresh_from_db()
    assert (expired.name, expired.email, expired.user) == ("", "", None)
    assert expired.personal_data_erased_at is not None
    assert expired.text == "Bitte mehr Bäume pflanzen."
    assert not expired.attachments.exists()
    import os

    assert not os.path.exists(path)
    kept.refresh_from_db()
    assert kept.email == "bleibt@example.org"


def test_old_drafts_are_deleted(procedure):
    draft = Statement.objects.create(procedure=procedure, text="Nie abgeschickt", name="X")
    Statement.objects.filter(pk=draft.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    fresh = Statement.objects.create(procedure=procedure, text="Gerade", name="Y")
    erase_expired_statement_data()
    assert list(Statement.objects.filter(status=StatementStatus.DRAFT)) == [fresh]


def test_the_task_is_scheduled_daily(db):
    from django_q.models import Schedule

    from beteiligung.signals import sync_schedules

    sync_schedules()
    schedule = Schedule.objects.get(func="cms.tasks.erase_expired_statement_data")
    assert schedule.schedule_type == Schedule.DAILY


def test_deleting_an_account_anonymises_its_statements(procedure, citizen):
    statement = make_statement(procedure, user=citizen, name="Clara", email="citizen@example.org")
    citizen.delete()
    statement.refresh_from_db()
    assert (statement.name, statement.email, statement.user) == ("", "", None)
    assert statement.text == "Bitte mehr Bäume pflanzen."


def test_the_data_export_lists_my_statements(client, procedure, citizen):
    statement = make_statement(procedure, user=citizen, email="citizen@example.org")
    client.force_login(citizen)
    response = client.get("/konto/meine-daten/?format=json")
    records = response.json()["statements"]["records"]
    assert [r["reference"] for r in records] == [statement.reference]
    assert records[0]["text"] == "Bitte mehr Bäume pflanzen."


def test_deleting_the_account_through_the_portal_keeps_the_statement_anonymised(procedure, citizen):
    from beteiligung.privacy import delete_account

    statement = make_statement(procedure, user=citizen, email="citizen@example.org")
    delete_account(citizen)
    statement.refresh_from_db()
    assert (statement.email, statement.user) == ("", None)
    assert statement.personal_data_erased_at is not None
