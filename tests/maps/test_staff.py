"""Incident handlers of the responsible organisation triage its reports in the admin."""

import pytest
from django.core import mail

from beteiligung.roles import Role
from maps.models import Report, ReportPhoto, ReportStatus
from tests.conftest import make_staff
from tests.maps.conftest import image_bytes, make_category, make_report

pytestmark = pytest.mark.django_db

ACTIONS = [
    ("get", "", {}),
    ("post", "status/", {"status": "in_progress", "note": "Ist beauftragt"}),
    ("post", "antwort/", {"text": "Danke für den Hinweis"}),
    ("post", "notiz/", {"text": "intern"}),
    ("post", "sichtbarkeit/", {"action": "hide"}),
]


@pytest.fixture
def report(category):
    return make_report(category, reporter_email="rita@example.org", notify=True)


@pytest.mark.parametrize("method,action,data", ACTIONS)
@pytest.mark.parametrize(
    "persona,allowed",
    [("handler", True), ("other_handler", False), ("editor", False), ("citizen", False)],
)
def test_only_handlers_of_the_responsible_organisation_act_on_a_report(
    client, request, report, organisation, persona, allowed, method, action, data
):
    if persona == "editor":
        user = make_staff(organisation, Role.EDITOR)
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    response = getattr(client, method)(f"/admin/meldungen/{report.pk}/{action}", data)
    if allowed:
        assert response.status_code in (200, 302)
    elif persona == "citizen":
        assert response.status_code == 302 and "login" in response.url
    else:
        assert response.status_code == 403
    report.refresh_from_db()
    assert (report.status == ReportStatus.NEW) == (not allowed or action != "status/")


def test_the_triage_list_shows_only_the_own_organisations_reports(
    client, handler, other_handler, category, other_category
):
    own = make_report(category, published=False)
    foreign = make_report(other_category)
    client.force_login(handler)
    html = client.get("/admin/meldungen/").content.decode()
    assert f"/admin/meldungen/{own.pk}/" in html
    assert f"/admin/meldungen/{foreign.pk}/" not in html


def test_staff_without_the_role_get_no_triage_list(client, organisation):
    client.force_login(make_staff(organisation, Role.EDITOR))
    assert client.get("/admin/meldungen/").status_code == 403


def test_the_menu_shows_reports_to_handlers(client, handler):
    client.force_login(handler)
    html = client.get("/admin/").content.decode()
    assert "/admin/meldungen/" in html and "Meldungen" in html


def test_a_status_change_emails_the_reporter_with_a_stop_link(
    client, handler, report, django_capture_on_commit_callbacks
):
    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/meldungen/{report.pk}/status/",
            {"status": "in_progress", "note": "Ist beauftragt"},
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS
    assert report.status_note == "Ist beauftragt"
    message = mail.outbox[-1]
    assert message.to == ["rita@example.org"]
    assert "Ist beauftragt" in message.body
    assert "/meldungen/abbestellen/" in message.body
    public = client.get(f"/meldungen/{report.pk}/").content.decode()
    assert "Ist beauftragt" in public


def test_no_email_after_the_reporter_stopped_them(
    client, handler, report, django_capture_on_commit_callbacks
):
    report.notify = False
    report.save()
    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/meldungen/{report.pk}/antwort/", {"text": "Antwort"})
    assert mail.outbox == []
    assert report.updates.get().text == "Antwort"


def test_internal_notes_stay_internal(client, handler, report):
    client.force_login(handler)
    client.post(f"/admin/meldungen/{report.pk}/notiz/", {"text": "Bauhof Nord fragen"})
    assert "Bauhof Nord fragen" in client.get(f"/admin/meldungen/{report.pk}/").content.decode()
    assert "Bauhof Nord fragen" not in client.get(f"/meldungen/{report.pk}/").content.decode()


def test_a_handler_merges_a_duplicate(client, handler, category, report):
    original = make_report(category, supporters_count=2)
    report.supporters_count = 1
    report.save()
    client.force_login(handler)
    client.post(f"/admin/meldungen/{report.pk}/duplikat/", {"original": original.pk})
    report.refresh_from_db()
    original.refresh_from_db()
    assert report.status == ReportStatus.CLOSED_DUPLICATE
    assert report.duplicate_of == original
    assert original.supporters_count == 3
    assert report.delete_after is not None


def test_reassigning_the_category_moves_the_report_to_the_other_organisation(
    client, handler, other_handler, report, other_category
):
    client.force_login(handler)
    client.post(f"/admin/meldungen/{report.pk}/kategorie/", {"category": other_category.pk})
    report.refresh_from_db()
    assert report.category == other_category
    assert client.get(f"/admin/meldungen/{report.pk}/").status_code == 403
    client.force_login(other_handler)
    assert client.get(f"/admin/meldungen/{report.pk}/").status_code == 200


def test_hidden_reports_disappear_from_the_public(client, handler, report):
    client.force_login(handler)
    client.post(f"/admin/meldungen/{report.pk}/sichtbarkeit/", {"action": "hide"})
    assert client.get(f"/meldungen/{report.pk}/").status_code == 404
    assert f"/meldungen/{report.pk}/" not in client.get("/meldungen/").content.decode()


def test_a_handler_publishes_a_report_after_review(client, handler, organisation):
    category = make_category(organisation, "Graffiti", requires_review=True)
    report = make_report(category, published=False)
    client.force_login(handler)
    client.post(f"/admin/meldungen/{report.pk}/sichtbarkeit/", {"action": "publish"})
    report.refresh_from_db()
    assert report.published


def test_redacting_a_photo_deletes_the_file(client, handler, other_handler, report):
    from django.core.files.base import ContentFile

    photo = ReportPhoto(report=report)
    photo.image.save("p.jpg", ContentFile(image_bytes()), save=True)
    path = photo.image.path
    url = f"/admin/meldungen/{report.pk}/fotos/{photo.pk}/schwaerzen/"
    client.force_login(other_handler)
    assert client.post(url).status_code == 403
    client.force_login(handler)
    client.post(url)
    photo.refresh_from_db()
    assert not photo.image and photo.redacted_at
    import os

    assert not os.path.exists(path)


def test_whole_journey_report_confirm_triage_close(
    client, handler, category, django_capture_on_commit_callbacks
):
    from tests.maps.test_report_form import form_data

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/meldungen/neu/", form_data(category))
    report = Report.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/meldungen/bestaetigen/{report.confirmation_token}/")
    assert mail.outbox[-1].to == [category.notification_email]

    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/meldungen/{report.pk}/status/", {"status": "confirmed", "note": ""})
        client.post(f"/admin/meldungen/{report.pk}/antwort/", {"text": "Kommt auf die Liste"})
        client.post(
            f"/admin/meldungen/{report.pk}/status/",
            {"status": "resolved", "note": "Loch ist verfüllt"},
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert report.open311_status() == "closed"
    assert report.delete_after is not None
    to_reporter = [m for m in mail.outbox if m.to == ["rita@example.org"]]
    assert len(to_reporter) == 4  # confirmation link, two status changes, one answer
    assert "Loch ist verfüllt" in to_reporter[-1].body
    client.logout()
    page = client.get(f"/meldungen/{report.pk}/").content.decode()
    assert "Kommt auf die Liste" in page and "Loch ist verfüllt" in page
