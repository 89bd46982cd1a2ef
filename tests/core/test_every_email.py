"""Every e-mail the portal sends speaks with one voice: German, "Sie", German dates with "Uhr",
no empty placeholder, no English word, and always a plain-text part beside the HTML.

Each mail is sent through the code that sends it in the portal (the service or task
function), with the demo's people, procedures, events, offices and reports, and read from the
outbox. docs/operations.md ("E-Mails, die das Portal sendet") lists the same mails.
"""

import re
from pathlib import Path

import allauth
import pytest
from allauth.core.context import request_context
from django.core import mail
from django.test import RequestFactory

from appointments.models import REFERENCE_ALPHABET
from tests.core.test_account_emails import context_for

pytestmark = pytest.mark.django_db

MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
GERMAN_DATE = re.compile(rf"\b\d{{1,2}}\. ({MONTHS}) \d{{4}}\b")
# A time, or a range of times ("9:00–9:15"), is followed by "Uhr".
TIME = re.compile(r"\b\d{1,2}:\d{2}(\s*[–-]\s*\d{1,2}:\d{2})?\b")
ENGLISH = re.compile(
    r"\b(Hello|Hi|Dear|Click|your|you|Thanks|Thank|Please|Regards|Sincerely|Cheers|"
    r"appointment|registration|event|booking|report|statement|cancelled|confirmed|"
    r"January|February|March|May|June|July|October|December|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|o'clock)\b",
    re.IGNORECASE,
)
INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer)\b", re.IGNORECASE)
EMPTY_PLACEHOLDER = re.compile(
    r"\{\{|\{%|%\(|\bNone\b|\bvon !|\bbei\s\s|[^\S\n]{2,}[!.,:;]|\s[!,;]|\(\s*\)", re.M
)
URL = re.compile(r"https?://\S+|\S+@\S+")
# A booking's reference is drawn at random from letters and digits ("T-K7GB-DU"); its
# parts are not words, so they are left out like addresses before the words are checked.
REFERENCE = re.compile(rf"\bT-[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{2}}\b")


def visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(style|script|head)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def problems_in(message) -> list[str]:
    """What a reader would stumble over in the mail, in subject, text and HTML part."""
    html = next((body for body, kind in message.alternatives if kind == "text/html"), "")
    found = []
    if not message.body.strip():
        found.append("no plain-text part")
    if not html.strip():
        found.append("no HTML part")
    parts = {"subject": message.subject, "text": message.body, "html": visible_text(html)}
    for name, text in parts.items():
        match = EMPTY_PLACEHOLDER.search(text)
        if match:
            found.append(
                f"{name}: empty placeholder in …{text[max(match.start() - 30, 0) : match.end() + 30]!r}"
            )
        words = REFERENCE.sub(" ", URL.sub(" ", text))
        for pattern, what in [
            (ENGLISH, "English word"),
            (INFORMAL, "'du' instead of 'Sie'"),
            (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "ISO date"),
        ]:
            match = pattern.search(words)
            if match:
                start = max(match.start() - 30, 0)
                found.append(
                    f"{name}: {what} {match.group()!r} in …{words[start : match.end() + 30]!r}"
                )
        for match in TIME.finditer(words):
            if not words[match.end() :].lstrip().startswith("Uhr"):
                found.append(
                    f"{name}: time without 'Uhr': …{words[match.start() : match.end() + 20]!r}"
                )
                break
    if re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", message.body):
        found.append("text: a numeric date instead of '1. Dezember 2026'")
    return found


# --- How each mail is sent in the portal ---------------------------------------------------


def demo_citizen():
    from beteiligung.models import User

    return User.objects.get(email="buergerin@example.org")


def a_booking(status: str):
    from appointments.models import Booking, Service, Slot

    slot = Slot.objects.filter(booked__lt=1).order_by("start").first()
    booking = Booking.objects.create(
        slot=slot,
        service=Service.objects.first(),
        name="Anna Becker",
        email="buergerin@example.org",
        user=demo_citizen(),
        status=status,
        delete_after=slot.start.date(),
    )
    return booking


def appointment(kind: str):
    def send() -> None:
        from appointments import notifications
        from appointments.models import BookingStatus

        status = {"reserved": BookingStatus.RESERVED, "cancelled": BookingStatus.CANCELLED}.get(
            kind, BookingStatus.CONFIRMED
        )
        booking = a_booking(status)
        if kind == "cancelled":
            notifications.cancelled(booking, by_staff=True)
        else:
            getattr(notifications, kind)(booking)

    return send


def a_registration(status: str = "confirmed"):
    from events import services
    from events.models import EventPage

    event = EventPage.objects.live().filter(registration_enabled=True).order_by("start").first()
    registration = services.register(
        event, name="Anna Becker", email="anna.becker@example.org", user=None
    )
    registration.status = status
    registration.save(update_fields=["status"])
    mail.outbox.clear()
    return registration


def event_mail(template: str):
    def send() -> None:
        from events import services

        registration = a_registration("waiting" if template == "waiting" else "confirmed")
        if template in ("changed", "cancelled"):
            event = registration.event
            event.cancelled = template == "cancelled"
            services.notify_registrants_of_change(event)
        else:
            services.send_registration_email(template, registration)

    return send


def event_staff_message() -> None:
    from events import services

    registration = a_registration()
    services.message_registrants(
        registration.event,
        "Raumänderung",
        "Die Veranstaltung findet im Saal 2 statt.",
        ["confirmed"],
    )


def statement_receipt() -> None:
    from cms.procedures import Statement
    from cms.statements import send_receipt

    statement = Statement.objects.submitted().exclude(email="").first()
    send_receipt(statement)


def final_notice() -> None:
    """The final notice after the result is published: a submitter with two statements."""
    from cms.notices import send_final_notices
    from cms.procedures import Statement, StatementStatus

    statement = Statement.objects.filter(status=StatementStatus.WEIGHED).exclude(email="").first()
    procedure = statement.procedure.specific
    procedure.statements.update(notified_at=statement.submitted_at)
    procedure.statements.filter(pk=statement.pk).update(notified_at=None)
    send_final_notices(procedure)


def agency_invitation() -> None:
    from cms.agencies import AgencyInvitation, invite_agency

    invitation = AgencyInvitation.objects.get(agency__slug="abwasserverband-langen")
    invite_agency(
        procedure=invitation.procedure.specific,
        agency=invitation.agency,
        deadline=invitation.deadline,
    )


def agency_reminder() -> None:
    import datetime

    from django.utils import timezone

    from cms.agencies import AgencyInvitation, send_due_reminders

    AgencyInvitation.objects.filter(agency__slug="denkmalpflege-hessen").update(
        deadline=timezone.now() + datetime.timedelta(days=3), reminder_sent_at=None
    )
    send_due_reminders()


def agency_colleague_invitation() -> None:
    from beteiligung.models import Organisation, User
    from cms.agencies import invite_colleague

    invite_colleague(
        agency=Organisation.objects.get(slug="hessen-mobil"),
        email="neu@hessen-mobil.example",
        invited_by=User.objects.get(username="koordination@hessen-mobil.example"),
    )


def a_reply():
    from dialogues.models import Comment, CommentStatus, Follow

    parent = Comment.objects.filter(status=CommentStatus.PUBLISHED, author__isnull=False).first()
    Follow.objects.update_or_create(
        user=parent.author, page=parent.page, defaults={"replies": True, "answers": True}
    )
    author = demo_citizen()
    if author == parent.author:
        from beteiligung.models import User

        author = User.objects.get(email="buerger@example.org")
    return Comment.objects.create(
        page=parent.page,
        parent=parent,
        author=author,
        text="Dem stimme ich zu, die Bänke fehlen.",
        status=CommentStatus.PUBLISHED,
        organisation=parent.organisation,
    )


def dialogue_reply() -> None:
    from dialogues.tasks import notify_reply

    mail.outbox.clear()
    notify_reply(a_reply().pk)


def dialogue_official_answer() -> None:
    from dialogues.tasks import notify_official_answer

    reply = a_reply()
    reply.official = True
    reply.save(update_fields=["official"])
    mail.outbox.clear()
    notify_official_answer(reply.pk)


def dialogue_flagged() -> None:
    from beteiligung.models import User
    from dialogues.models import Comment, CommentStatus
    from dialogues.services import flag_comment

    comment = (
        Comment.objects.filter(status=CommentStatus.PUBLISHED, flag_count=0)
        .exclude(organisation=None)
        .exclude(organisation__email="")
        .first()
    )
    # Enough people report it to cross the threshold; the comment is hidden, staff told.
    for user in User.objects.exclude(pk=comment.author_id)[:5]:
        flag_comment(comment, user, "spam")


def a_report(**fields):
    from maps import services
    from maps.models import ReportCategory

    category = ReportCategory.objects.exclude(notification_email="").first()
    return services.report_create(
        category=category,
        description="Die Straßenlaterne vor Haus 4 ist seit Tagen dunkel.",
        lat=50.0782,
        lon=8.2398,
        address="Marktplatz 4, Wiesbaden",
        reporter_name="Anna Becker",
        reporter_email="anna.becker@example.org",
        **fields,
    )


def report_confirm() -> None:
    a_report()


def report_new_staff() -> None:
    from maps import services

    report = a_report()
    mail.outbox.clear()
    services.report_confirm(report)


def report_status() -> None:
    from maps import services

    report = a_report(trusted=True)
    mail.outbox.clear()
    services.change_status(report, "in_progress", "Der Bauhof ist informiert.", None)


def report_answer() -> None:
    from maps import services

    report = a_report(trusted=True)
    mail.outbox.clear()
    services.publish_answer(report, "Die Laterne wird am Montag ersetzt.", None)


def accessibility_feedback() -> None:
    from beteiligung.feedback import receive_accessibility_feedback

    receive_accessibility_feedback(
        message="Das Formular lässt sich nicht mit der Tastatur bedienen.",
        page_url="https://portal.example/meldungen/neu/",
        name="Anna Becker",
        email="anna.becker@example.org",
    )


def a_procedure():
    from cms.procedures import ProcedurePage

    return ProcedurePage.objects.live().order_by("pk").first()


def alerts_confirm() -> None:
    from alerts import services
    from alerts.models import FollowKind, Subscription

    subscription = Subscription(kind=FollowKind.PROCEDURE, procedure=a_procedure().page_ptr)
    services.follow_by_email(subscription, "anna.becker@example.org", "de")


def alerts_alert(digest: str = ""):
    def send() -> None:
        import datetime

        from django.utils import timezone

        from alerts import services
        from alerts.models import FollowKind, Occurrence, Subscription

        procedure = a_procedure()
        Subscription.objects.create(
            kind=FollowKind.PROCEDURE,
            user=demo_citizen(),
            procedure=procedure.page_ptr,
            frequency=digest or "immediate",
            confirmed_at=timezone.now(),
        )
        Occurrence.objects.all().delete()
        phase = procedure.participation_phase()
        services.collect_and_dispatch(phase.start + datetime.timedelta(hours=1))
        if digest:
            services.send_digests(digest)

    return send


def alerts_participants() -> None:
    from alerts import services
    from cms.procedures import Statement

    statement = Statement.objects.submitted().exclude(email="").first()
    Statement.objects.filter(pk=statement.pk).update(contact_consent=True)
    services.message_participants(
        statement.procedure.specific,
        "Neue Planunterlagen",
        "Die überarbeiteten Pläne liegen ab Montag im Rathaus aus.",
    )


ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
ACCOUNT_MAILS = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for folder in ("account/email", "mfa/email")
    for path in (ALLAUTH_TEMPLATES / folder).glob("*_subject.txt")
)


def account_mail(prefix: str):
    def send() -> None:
        from beteiligung.accounts import AccountAdapter

        user = demo_citizen()
        request = RequestFactory().get("/")
        with request_context(request):
            AccountAdapter(request).send_mail(prefix, user.email, context_for(user))

    return send


# Mails about something that happens on a day: the day is written out in German.
DATED = {
    "appointments/reserved",
    "appointments/confirmed",
    "appointments/reminder",
    "appointments/cancelled",
    "events/confirmed",
    "events/waiting",
    "events/promoted",
    "events/reminder",
    "events/changed",
    "events/cancelled",
    "cms/statement_receipt",
    "cms/agency_invitation",
    "cms/agency_reminder",
    "account/email/email_changed",
    "account/email/password_changed",
}

MAILS = {
    "appointments/reserved": appointment("reserved"),
    "appointments/confirmed": appointment("confirmed"),
    "appointments/reminder": appointment("reminder"),
    "appointments/cancelled": appointment("cancelled"),
    "events/confirmed": event_mail("confirmed"),
    "events/waiting": event_mail("waiting"),
    "events/promoted": event_mail("promoted"),
    "events/reminder": event_mail("reminder"),
    "events/changed": event_mail("changed"),
    "events/cancelled": event_mail("cancelled"),
    "events/staff_message": event_staff_message,
    "cms/statement_receipt": statement_receipt,
    "cms/final_notice": final_notice,
    "cms/agency_invitation": agency_invitation,
    "cms/agency_reminder": agency_reminder,
    "cms/agency_colleague_invitation": agency_colleague_invitation,
    "dialogues/reply": dialogue_reply,
    "dialogues/official_answer": dialogue_official_answer,
    "dialogues/flagged": dialogue_flagged,
    "maps/report_confirm": report_confirm,
    "maps/report_new_staff": report_new_staff,
    "maps/report_status": report_status,
    "maps/report_answer": report_answer,
    "accessibility_feedback": accessibility_feedback,
    "alerts/confirm": alerts_confirm,
    "alerts/alert": alerts_alert(),
    "alerts/digest": alerts_alert("daily"),
    "alerts/participants": alerts_participants,
    **{prefix: account_mail(prefix) for prefix in ACCOUNT_MAILS},
}


def test_every_e_mail_template_of_the_portal_is_read_here():
    """A new mail template (emails/<name>_subject.txt) fails here until it has a scenario."""
    root = Path(__file__).resolve().parents[2]
    templates = {
        str(path.relative_to(folder)).removesuffix("_subject.txt")
        for folder in root.glob("*/templates/emails")
        for path in folder.rglob("*_subject.txt")
    }
    assert templates - set(MAILS) == set()


@pytest.mark.parametrize("name", sorted(MAILS))
def test_the_e_mail_reads_in_formal_german_with_german_dates(
    name, demo, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        MAILS[name]()

    assert mail.outbox, f"{name} sent nothing"
    message = mail.outbox[-1]
    assert problems_in(message) == [], f"{message.subject}\n\n{message.body}"
    assert re.search(r"\b(Sie|Ihr\w*|Ihnen)\b", message.body), message.body
    if name in DATED:
        assert GERMAN_DATE.search(message.body), message.body
        assert GERMAN_DATE.search(visible_text(message.alternatives[0][0]))


def test_a_booking_reference_that_spells_du_is_not_taken_for_the_informal_du():
    def message(text: str) -> mail.EmailMultiAlternatives:
        message = mail.EmailMultiAlternatives(subject=text, body=text)
        message.attach_alternative(f"<p>{text}</p>", "text/html")
        return message

    assert problems_in(message("Ihr Termin T-K7GB-DU ist bestätigt.")) == []
    assert len(problems_in(message("Dein Termin T-K7GB-DU ist bestätigt."))) == 3
