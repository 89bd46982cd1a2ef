"""The XLSX of a large survey is built by the queue and linked on the results page; the
file holds what the immediate export holds and is deleted after its retention."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.utils import timezone
from django_q.tasks import async_task
from openpyxl import load_workbook

from beteiligung.roles import Role
from cms.report import ReportFileStatus
from surveys.models import SurveyExportFile, SurveySubmission
from tests.conftest import make_staff
from tests.surveys.conftest import ALL_TYPES, make_survey
from tests.surveys.test_exports import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def large(home, organisation, settings):
    """A survey above the threshold: two responses against a threshold of one."""
    settings.SURVEY_EXPORT_INLINE_MAX = 1
    page = make_survey(home, organisation, ALL_TYPES, slug="gross", deletion_days=90)
    SurveySubmission.objects.bulk_create(
        SurveySubmission(page=page, form_data=data, delete_after=page.deletion_date())
        for data in DATA
    )
    return page


@pytest.fixture
def staff(organisation):
    return make_staff(organisation, Role.PLANNER)


def sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {name: list(workbook[name].values) for name in workbook.sheetnames}


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def request_and_build(client, page, callbacks_capture) -> SurveyExportFile:
    with callbacks_capture(execute=True):
        client.get(f"/umfragen/{page.pk}/export.xlsx")
    return SurveyExportFile.objects.filter(page=page).first()


def test_a_large_survey_gets_its_xlsx_from_the_queue_with_a_link_when_ready(
    client, large, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(f"/umfragen/{large.pk}/export.xlsx", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/umfragen/{large.pk}/ergebnisse/#export"
    assert "Der Export wird vorbereitet …" in page
    assert "Wird vorbereitet …" in page
    export = SurveyExportFile.objects.get()
    assert export.status == ReportFileStatus.PENDING and export.requested_by == staff
    assert export.responses == 2
    client.get(f"/umfragen/{large.pk}/export.xlsx")
    assert SurveyExportFile.objects.count() == 1, "ein zweiter Klick baut nicht noch einmal"

    for callback in callbacks:
        callback()  # the queue (django-q2, synchronous in tests) builds it
    export.refresh_from_db()
    assert export.status == ReportFileStatus.READY
    page = client.get(f"/umfragen/{large.pk}/ergebnisse/").content.decode()
    link = f"/umfragen/{large.pk}/export/{export.pk}.xlsx"
    assert link in page and "Herunterladen" in page and "Wird vorbereitet" not in page
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="gross.xlsx"'
    assert download["Cache-Control"] == "private, no-store"
    assert downloaded(download).startswith(b"PK")


def test_the_built_file_holds_what_the_immediate_export_holds(
    client, large, staff, settings, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    export = request_and_build(client, large, django_capture_on_commit_callbacks)
    built = downloaded(client.get(f"/umfragen/{large.pk}/export/{export.pk}.xlsx"))

    settings.SURVEY_EXPORT_INLINE_MAX = 2
    inline = client.get(f"/umfragen/{large.pk}/export.xlsx").content

    assert sheets(built) == sheets(inline)
    assert sheets(built)["Antworten"][0][:3] == ("Antwort", "Eingegangen am", "Wohnort")


def test_libreoffice_reads_the_built_file_like_the_immediate_export(
    client, large, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is missing: apt-get install libreoffice-calc-nogui"
    client.force_login(staff)
    export = request_and_build(client, large, django_capture_on_commit_callbacks)
    (tmp_path / "gebaut.xlsx").write_bytes(
        downloaded(client.get(f"/umfragen/{large.pk}/export/{export.pk}.xlsx"))
    )
    settings.SURVEY_EXPORT_INLINE_MAX = 2
    (tmp_path / "sofort.xlsx").write_bytes(client.get(f"/umfragen/{large.pk}/export.xlsx").content)

    subprocess.run(  # noqa: S603
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, quote, UTF-8
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "gebaut.xlsx"),
            str(tmp_path / "sofort.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    built = (tmp_path / "out" / "gebaut.csv").read_text()
    assert built == (tmp_path / "out" / "sofort.csv").read_text()
    assert built.startswith("Antwort,Eingegangen am,Wohnort")
    assert '"=HYPERLINK(""x"")"' in built and "Roller" in built


def test_a_ready_file_is_handed_out_again_until_the_responses_change(
    client, large, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    export = request_and_build(client, large, django_capture_on_commit_callbacks)

    again = client.get(f"/umfragen/{large.pk}/export.xlsx")
    assert again.status_code == 200 and downloaded(again).startswith(b"PK")
    assert SurveyExportFile.objects.count() == 1

    SurveySubmission.objects.create(page=large, form_data={}, delete_after=large.deletion_date())
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/umfragen/{large.pk}/export.xlsx")
    newest = SurveyExportFile.objects.exclude(pk=export.pk).get()
    assert (newest.status, newest.responses) == (ReportFileStatus.READY, 3)


def test_a_failed_build_says_so_in_german_and_a_new_click_builds_again(
    client, large, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    (tmp_path / "kein-ordner").write_text("")
    settings.MEDIA_ROOT = tmp_path / "kein-ordner" / "media"  # the file cannot be stored
    # django-q2's synchronous mode re-raises what the task raised; a worker records it.
    with pytest.raises(NotADirectoryError):
        request_and_build(client, large, django_capture_on_commit_callbacks)
    failed = SurveyExportFile.objects.get()
    assert failed.status == ReportFileStatus.FAILED

    page = client.get(f"/umfragen/{large.pk}/ergebnisse/").content.decode()
    assert "Der Export konnte nicht erstellt werden." in page
    assert f"/export/{failed.pk}.xlsx" not in page
    assert client.get(f"/umfragen/{large.pk}/export/{failed.pk}.xlsx").status_code == 404

    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/umfragen/{large.pk}/export.xlsx")
    assert SurveyExportFile.objects.filter(status=ReportFileStatus.READY).count() == 1


def test_only_staff_of_the_organisation_fetch_a_built_file(
    client, large, staff, citizen, organisation, other_organisation, home,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(staff)
    export = request_and_build(client, large, django_capture_on_commit_callbacks)
    link = f"/umfragen/{large.pk}/export/{export.pk}.xlsx"
    other_survey = make_survey(home, organisation, ALL_TYPES, slug="andere")

    for user in (citizen, make_staff(other_organisation), make_staff(organisation, Role.MODERATOR)):
        client.force_login(user)
        response = client.get(link)
        assert response.status_code == 403
        assert not response.has_header("Content-Disposition")
    client.force_login(staff)
    assert client.get(f"/umfragen/{other_survey.pk}/export/{export.pk}.xlsx").status_code == 404


def test_a_small_survey_downloads_at_once_without_a_stored_file(client, large, staff, settings):
    settings.SURVEY_EXPORT_INLINE_MAX = 2
    client.force_login(staff)

    response = client.get(f"/umfragen/{large.pk}/export.xlsx")

    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not SurveyExportFile.objects.exists()


def test_a_built_file_is_deleted_after_its_days_and_never_after_the_responses(
    client, large, staff, settings, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    export = request_and_build(client, large, django_capture_on_commit_callbacks)
    assert export.delete_after == timezone.localdate() + datetime.timedelta(days=7)
    stored = export.file.path

    short = make_survey(
        large.get_parent(),
        large.organisation,
        ALL_TYPES,
        slug="kurz",
        closes_at=timezone.now(),
        deletion_days=2,
    )
    SurveySubmission.objects.bulk_create(
        SurveySubmission(page=short, form_data=data, delete_after=short.deletion_date())
        for data in DATA
    )
    soon = request_and_build(client, short, django_capture_on_commit_callbacks)
    assert soon.delete_after == short.deletion_date() < export.delete_after

    SurveyExportFile.objects.filter(pk=export.pk).update(
        delete_after=timezone.localdate() - datetime.timedelta(days=1)
    )
    async_task("surveys.tasks.delete_expired_export_files")

    assert list(SurveyExportFile.objects.values_list("pk", flat=True)) == [soon.pk]
    assert not export.file.storage.exists(stored)
