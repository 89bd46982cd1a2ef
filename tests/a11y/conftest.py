"""Every public page type and form state, described once for the axe audit in the browser
(test_axe.py) and the HTML validity check with the test client (test_html_valid.py).

A state is a path, optionally a form to send (``post``: the fields a visitor fills in or
leaves empty) and whether the demo citizen is logged in. The demo content (``seed_demo``)
provides the pages; builders add the few things the demo lacks (a one-question survey to
reach its thank-you page, a full slot, a second citizen's comment)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

DEMO_CITIZEN = "buergerin@example.org"


@dataclass
class State:
    name: str
    path: Callable[[], str]
    # None: the page is only opened. A dict: the form is sent with these values, empty
    # fields included, so that the page shows its error state.
    post: Callable[[], dict] | None = None
    # Where the test client sends the form when it is not the page itself.
    post_path: Callable[[], str] | None = None
    # Text the page must show, proving the state was reached (an error summary, a step).
    expect: str = ""
    # The form to send in the browser, and its button.
    form: str = "main form[method=post]"
    button: str = "button[type=submit]"
    logged_in: bool = False
    english: bool = False
    status: int = 200
    # Some steps follow a redirect (the event registration, the survey's thank-you page).
    follow: bool = False


def demo_citizen():
    from beteiligung.models import User

    return User.objects.get(username=DEMO_CITIZEN)


# Paths, looked up after the demo is seeded ----------------------------------------------


def procedure(slug: str = "regionalplan-suedhessen-2026"):
    from cms.procedures import ProcedurePage

    return ProcedurePage.objects.get(slug=slug)


def open_event():
    from events.models import EventPage

    now = timezone.now()
    for event in EventPage.objects.live().filter(registration_enabled=True).order_by("start"):
        if event.registration_open(now) and event.seats() != 0:
            return event
    raise AssertionError("The demo has no event open for registration.")


def registration(email: str = "erika@example.org"):
    from events import services

    return services.register(
        open_event(), name="Erika Mustermann", email=email, persons=1, needs=""
    )


def registration_cancel_path(email: str = "erika@example.org") -> str:
    from django.urls import reverse

    return reverse("events:cancel", args=[registration(email).cancel_token()])


def dialogue():
    from dialogues.models import DialoguePage

    return DialoguePage.objects.live().first()


def comment_post_path() -> str:
    return f"/kommentare/seite/{dialogue().pk}/neu/"


def demo_survey():
    from surveys.models import SurveyPage

    return SurveyPage.objects.get(slug="umfrage-mobilitaet")


def all_types_survey():
    from surveys.models import SurveyPage
    from tests.surveys.conftest import ALL_TYPES, make_survey

    page = SurveyPage.objects.filter(slug="alle-fragen").first()
    return page or make_survey(
        demo_survey().get_parent(), organisation(), ALL_TYPES, slug="alle-fragen"
    )


def simple_survey():
    from surveys.models import SurveyPage
    from tests.surveys.conftest import SIMPLE, make_survey

    page = SurveyPage.objects.filter(slug="kurzumfrage").first()
    return page or make_survey(
        demo_survey().get_parent(), organisation(), SIMPLE, slug="kurzumfrage"
    )


def organisation():
    from beteiligung.models import Organisation

    return Organisation.objects.get(slug="wiesbaden")


def bookable_slot():
    from appointments.models import Slot

    slot = (
        Slot.objects.filter(start__gt=timezone.now() + datetime.timedelta(days=1), booked=0)
        .filter(office__services__isnull=False, office__active=True)
        .order_by("start")
        .first()
    )
    assert slot is not None, "The demo has no free slot."
    return slot, slot.office.services.first()


def details_path() -> str:
    slot, service = bookable_slot()
    return f"/termine/leistung/{service.pk}/termin/{slot.pk}/"


def taken_slot_path() -> str:
    slot, service = bookable_slot()
    type(slot).objects.filter(pk=slot.pk).update(booked=slot.capacity)
    return f"/termine/leistung/{service.pk}/termin/{slot.pk}/"


def open_report():
    from maps.models import Report

    return (
        Report.objects.filter(published=True, hidden=False).exclude(lat=None).order_by("pk").first()
    )


def duplicate_report_post() -> dict:
    report = open_report()
    return {
        "category": str(report.category_id),
        "lat": str(report.lat),
        "lon": str(report.lon),
        "description": "Hier ist die Straße kaputt.",
        "reporter_email": "rita@example.org",
        "consent": "on",
    }


def others_comment():
    from dialogues.models import Comment, CommentStatus

    return (
        Comment.objects.filter(status=CommentStatus.PUBLISHED)
        .exclude(author__username=DEMO_CITIZEN)
        .exclude(author=None)
        .order_by("pk")
        .first()
    )


def own_comment():
    from dialogues.services import post_comment

    return post_comment(page=dialogue(), author=demo_citizen(), text="Mehr Bänke am Brunnen.")


def others_comment_edit_path() -> str:
    return f"/kommentare/{others_comment().pk}/bearbeiten/"


def feedback_path() -> str:
    from cms.procedures import ProcedurePage

    return f"/kartenhinweise/{ProcedurePage.objects.get(map_feedback=True).pk}/"


def booking(confirmed: bool):
    from appointments import services

    slot, service = bookable_slot()
    booking = services.reserve(
        slot=slot, service=service, name="Erika Mustermann", email="erika@example.org"
    )
    return services.confirm(booking) if confirmed else booking


def times_path() -> str:
    slot, service = bookable_slot()
    return (
        f"/termine/leistung/{service.pk}/stelle/{slot.office_id}/?tag={slot.local_start():%Y-%m-%d}"
    )


def cancelled_registration_path() -> str:
    from events import services
    from events.models import Registration

    path = registration_cancel_path("max@example.org")
    services.cancel(Registration.objects.get(email="max@example.org"))
    return path


def report_confirm_path() -> str:
    from maps.models import Report

    report = Report.objects.filter(confirmed_at=None).exclude(reporter_email="").first()
    report = report or open_report()
    return f"/meldungen/bestaetigen/{report.confirmation_token}/"


def agency_invitation_path(slug: str) -> str:
    from cms.agencies import AgencyInvitation

    return AgencyInvitation.objects.get(agency__slug=slug).accept_url()


def alert_follow_path(page: str) -> str:
    from alerts.models import FollowKind, Subscription

    organisation = procedure().organisation
    subscription = Subscription.objects.filter(email=f"{page}@example.org").first()
    if subscription is None:
        subscription = Subscription(
            kind=FollowKind.ORGANISATION, email=f"{page}@example.org", organisation=organisation
        )
        subscription.save()
    return f"/abos/{page}/{subscription.token}/"


def empty(*names: str) -> Callable[[], dict]:
    return lambda: dict.fromkeys(names, "")


STATES = [
    State("the home page", lambda: "/"),
    State(
        "what is open now (Mitmachen)", lambda: "/mitmachen/", expect="Alle Verfahren auf der Karte"
    ),
    State("what is open now, filtered", lambda: "/mitmachen/?q=Kurpark"),
    State("the procedure index", lambda: "/verfahren/"),
    State("a procedure open for statements", lambda: procedure().url),
    State(
        "the statement form with errors",
        lambda: procedure().url,
        post=empty("text", "name", "email", "place"),
        expect="error-summary",
        form="form.statement-form",
    ),
    State(
        "the statement review",
        lambda: procedure().url,
        post=lambda: {
            "submitter_kind": "citizen",
            "text": "Bitte den Grünzug erhalten.",
            "name": "Clara Citizen",
            "email": "clara@example.org",
            "consent": "on",
        },
        form="form.statement-form",
        expect="review-actions",
    ),
    State(
        "a concluded procedure with results", lambda: procedure("bebauungsplan-am-kurpark-ost").url
    ),
    State("the map feedback page", feedback_path),
    State("a content page", lambda: "/impressum/"),
    State("the accessibility statement", lambda: "/barrierefreiheit/"),
    State(
        "the accessibility feedback with errors",
        lambda: "/barrierefreiheit/",
        post=empty("message"),
        form="#feedback form",
        expect="error-summary",
    ),
    State("the search page", lambda: "/suche/?q=Regionalplan"),
    State("the survey page", lambda: demo_survey().url),
    State(
        "the survey page with errors in every question type",
        lambda: all_types_survey().url,
        post=lambda: {"abschnitt": "0", "aktion": "weiter"},
        expect="error-summary",
        form="form.survey-form",
        button="button[value=weiter]",
    ),
    State(
        "the survey thank-you page",
        lambda: simple_survey().url,
        post=lambda: {"abschnitt": "0", "aktion": "weiter", "verkehrsmittel": "Bus"},
        expect="Vielen Dank",
        form="form.survey-form",
        button="button[value=weiter]",
    ),
    State("the survey results", lambda: f"/umfragen/{demo_survey().pk}/ergebnisse/"),
    State("the event index", lambda: "/veranstaltungen/"),
    State("an event page", lambda: open_event().url),
    State(
        "the event registration with errors",
        lambda: open_event().url,
        post=empty("name", "email"),
        form="form[action='#anmeldung']",
        expect="error-summary",
    ),
    State(
        "the event registration confirmation",
        lambda: f"{open_event().url}?angemeldet=confirmed",
    ),
    State("the registration cancel page", registration_cancel_path),
    State("a cancelled registration", cancelled_registration_path),
    State("the appointment services", lambda: "/termine/"),
    State("the offices of a service", lambda: f"/termine/?leistung={bookable_slot()[1].pk}"),
    State("the appointment services found by a search", lambda: "/termine/?q=Führerschein"),
    State(
        "the free days at an office",
        lambda: "/termine/leistung/{1.pk}/stelle/{0.office_id}/".format(*bookable_slot()),
    ),
    State("the free times of a day", times_path),
    State(
        "the booking details with errors",
        details_path,
        post=empty("name", "email"),
        expect="error-summary",
    ),
    State("the booking details of a slot just taken", taken_slot_path, expect="error-summary"),
    State(
        "the booking confirmation step",
        lambda: f"/termine/bestaetigen/{booking(confirmed=False).token}/",
    ),
    State(
        "a confirmed booking with cancel and rebook",
        lambda: f"/termine/buchung/{booking(confirmed=True).token}/",
    ),
    State("the incident map and list", lambda: "/meldungen/"),
    State(
        "the incident report form with errors",
        lambda: "/meldungen/neu/",
        post=empty("description", "address"),
        expect="error-summary",
        form="form.maps-report-form",
    ),
    State(
        "the incident report duplicate suggestion step",
        lambda: "/meldungen/neu/",
        post=duplicate_report_post,
        expect="maps-inline-form",
        form="form.maps-report-form",
    ),
    State("an incident report", lambda: f"/meldungen/{open_report().pk}/"),
    State("the incident report confirmation", report_confirm_path),
    State("a dialogue for a logged-in citizen", lambda: dialogue().url, logged_in=True),
    State(
        "the dialogue comment form with errors",
        lambda: dialogue().url,
        post=empty("text"),
        post_path=comment_post_path,
        expect="error-summary",
        status=400,
        form="form.comment-form",
        logged_in=True,
    ),
    State(
        "the reply form",
        lambda: f"/kommentare/{others_comment().pk}/antworten/",
        logged_in=True,
    ),
    State(
        "the report-a-comment form with errors",
        lambda: f"/kommentare/{others_comment().pk}/melden/",
        post=empty("explanation"),
        logged_in=True,
        expect="error-summary",
        status=400,
    ),
    State(
        "editing one's own comment",
        lambda: f"/kommentare/{own_comment().pk}/bearbeiten/",
        logged_in=True,
    ),
    State(
        "deleting one's own comment",
        lambda: f"/kommentare/{own_comment().pk}/loeschen/",
        logged_in=True,
    ),
    State(
        "the login with a wrong password",
        lambda: "/konto/login/",
        post=lambda: {"login": DEMO_CITIZEN, "password": "falsches-passwort"},
        expect="errorlist",
    ),
    State(
        "the signup with errors",
        lambda: "/konto/signup/",
        post=lambda: {
            "display_name": "",
            "email": "neu@example.org",
            "password1": "kurz",
            "password2": "anders",
        },
        expect="errorlist",
    ),
    State("the password reset", lambda: "/konto/password/reset/"),
    State("the account overview", lambda: "/konto/", logged_in=True),
    State("the data export", lambda: "/konto/meine-daten/", logged_in=True),
    State("the delete account confirmation", lambda: "/konto/loeschen/", logged_in=True),
    State(
        "an agency's invitation to give a statement",
        lambda: agency_invitation_path("abwasserverband-langen"),
        expect="Konto anlegen",
    ),
    State(
        "an agency invitation already used",
        lambda: agency_invitation_path("hessen-mobil"),
        status=410,
        expect="bereits verwendet",
    ),
    State(
        "the agency workspace of an account without agency",
        lambda: "/konto/traeger/",
        logged_in=True,
        expect="arbeitet noch für keinen Träger",
    ),
    State("my alerts (Meine Abos)", lambda: "/konto/abos/", logged_in=True),
    State("follow an area", lambda: "/abos/gebiet/", logged_in=True),
    State(
        "follow an area with errors",
        lambda: "/abos/gebiet/",
        post=empty("place", "latitude", "longitude"),
        expect="Bitte korrigieren",
        logged_in=True,
    ),
    State("confirm an alert", lambda: alert_follow_path("bestaetigen")),
    State("stop an alert", lambda: alert_follow_path("abmelden")),
    State("the not found page", lambda: "/gibt-es-nicht/", status=404),
    State("the forbidden page", others_comment_edit_path, logged_in=True, status=403),
    State("the home page in English", lambda: "/", english=True),
    State("a procedure in English", lambda: procedure().url, english=True),
]


def state_id(state: State) -> str:
    return state.name.replace(" ", "_")
