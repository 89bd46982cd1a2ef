"""Staff notification e-mails link to the item instead of repeating what the citizen wrote
or who they are: shared mailboxes, forwards and mail archives keep no name, e-mail
address, phone number or text of a citizen."""

import pytest
from django.core import mail

from maps.models import Report
from tests.conftest import make_user
from tests.dialogues.conftest import make_comment, make_dialogue
from tests.maps.conftest import make_category
from tests.maps.test_report_form import form_data

pytestmark = pytest.mark.django_db

PHONE = "0171 2345678"


def whole_mail(message) -> str:
    html = "".join(body for body, _type in getattr(message, "alternatives", []))
    headers = " ".join(str(value) for value in message.extra_headers.values())
    return "\n".join([message.subject, message.body, html, headers])


def test_the_new_report_mail_to_staff_links_to_the_report_only(
    client, settings, organisation, django_capture_on_commit_callbacks
):
    category = make_category(organisation)
    data = form_data(
        category,
        reporter_email="",  # no address to confirm: the report goes to staff review at once
        description=f"Loch vor meinem Haus, rufen Sie mich an: {PHONE}",
        address="Musterweg 1, 35037 Marburg",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/meldungen/neu/", data)

    report = Report.objects.get()
    [message] = [m for m in mail.outbox if m.to == [category.notification_email]]
    text = whole_mail(message)
    assert f"{settings.SITE_URL}/admin/meldungen/{report.pk}/" in message.body
    assert f'href="{settings.SITE_URL}/admin/meldungen/{report.pk}/"' in text
    assert f"Neue Meldung #{report.pk}" in message.subject
    for personal in ("Rita Reporter", PHONE, "Musterweg", "Loch vor meinem Haus"):
        assert personal not in text


def test_the_accessibility_feedback_mail_links_to_the_feedback_only(
    client, settings, home, django_capture_on_commit_callbacks
):
    from beteiligung.models import AccessibilityFeedback
    from cms.models import AccessibilityPage

    page = AccessibilityPage(title="Barrierefreiheit", slug="barrierefreiheit")
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page.url,
            {
                "message": f"Der Kontrast ist zu gering. Rückruf unter {PHONE}",
                "page_url": "/meldungen/",
                "name": "Clara Citizen",
                "email": "clara@example.org",
            },
        )

    feedback = AccessibilityFeedback.objects.get()
    [message] = mail.outbox
    assert message.to == [settings.STAFF_NOTIFICATION_EMAIL]
    link = (
        f"{settings.SITE_URL}/admin/snippets/beteiligung/accessibilityfeedback/edit/{feedback.pk}/"
    )
    assert link in message.body
    assert "Rückmeldung in der Verwaltung lesen und beantworten" in message.body
    assert "/meldungen/" in message.body  # the page concerned is no personal data
    assert "Reply-To" not in message.extra_headers
    for personal in ("Clara Citizen", "clara@example.org", PHONE, "Kontrast"):
        assert personal not in whole_mail(message)


def test_the_flagged_comment_mail_links_to_the_comment_only(
    home, organisation, django_capture_on_commit_callbacks
):
    from dialogues.tasks import notify_moderators

    organisation.email = "moderation@musterstadt.example"
    organisation.save()
    dialogue = make_dialogue(home, organisation)
    author = make_user("autor@example.org", display_name="Anton Autor")
    comment = make_comment(dialogue, author, text=f"Ruft Herrn Nachbar an: {PHONE}")

    with django_capture_on_commit_callbacks(execute=True):
        assert notify_moderators(comment.pk) == 1

    [message] = mail.outbox
    assert message.to == ["moderation@musterstadt.example"]
    assert f"/admin/kommentare/?filter=alle&kommentar={comment.pk}" in message.body
    assert "ausgeblendet, bis Sie ihn prüfen." in message.body
    for personal in ("Anton Autor", "autor@example.org", PHONE, "Nachbar"):
        assert personal not in whole_mail(message)
