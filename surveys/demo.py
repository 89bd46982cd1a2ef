"""Demo survey "Mobilität in Wiesbaden": every question type and 300 generated responses.

Idempotent: the page is looked up by slug; responses are only generated when it has none.
The answers come from a seeded random generator, so every demo database looks the same.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from beteiligung.models import Organisation
from cms.demo import home_page
from surveys.models import (
    OTHER,
    Participation,
    ResultsVisibility,
    SurveyFormField,
    SurveyPage,
    SurveySubmission,
)

SLUG = "umfrage-mobilitaet"
RESPONSES = 300

DISTRICTS = ["Mitte", "Biebrich", "Dotzheim", "Schierstein", "Sonnenberg", "Kastel"]
MODES = ["Zu Fuß", "Fahrrad", "Bus", "Auto"]
WISHES = ["Mehr Radwege", "Dichterer Bustakt", "Breitere Gehwege", "Mehr Parkplätze", "Tempo 30"]
ITEMS = ["Sicherheit", "Sauberkeit", "Pünktlichkeit", "Barrierefreiheit"]
PRIORITIES = ["Radverkehr", "Busverkehr", "Fußverkehr", "Autoverkehr"]
IDEAS = [
    "Eine durchgehende Radroute von Biebrich in die Innenstadt wäre großartig.",
    "Die Busse am Abend fahren zu selten, nach 21 Uhr komme ich kaum noch nach Hause.",
    "Mehr Bänke und Schatten an den Haltestellen, gerade für ältere Menschen.",
    "Die Ampelschaltung am Ring ist für Fußgänger viel zu kurz.",
    "Bitte die Gehwege freihalten, parkende Autos blockieren Kinderwagen und Rollstühle.",
    "Ein Fahrradparkhaus am Hauptbahnhof fehlt.",
    "",
]

QUESTIONS = [
    {"label": "Über Sie", "field_type": "section", "help_text": "Ein paar Angaben vorab."},
    {
        "label": "In welchem Stadtteil wohnen Sie?",
        "field_type": "dropdown",
        "choices": "\n".join(DISTRICTS),
    },
    {
        "label": "Ihr Alter",
        "field_type": "number",
        "min_value": 10,
        "max_value": 110,
        "required": False,
        "help_text": "Freiwillig, in Jahren.",
    },
    {
        "label": "Wie sind Sie meistens unterwegs?",
        "field_type": "radio",
        "choices": "\n".join(MODES),
        "allow_other": True,
    },
    {
        "label": "Welche Buslinie nutzen Sie am häufigsten?",
        "field_type": "singleline",
        "required": False,
        "condition_question": "Wie sind Sie meistens unterwegs?",
        "condition_value": "Bus",
    },
    {"label": "Ihre Wege", "field_type": "section", "help_text": "Wie erleben Sie den Verkehr?"},
    {
        "label": "Was wünschen Sie sich?",
        "field_type": "checkboxes",
        "choices": "\n".join(WISHES),
        "min_selections": 1,
        "max_selections": 3,
        "help_text": "Wählen Sie eine bis drei Antworten.",
    },
    {
        "label": "Wie zufrieden sind Sie mit dem Verkehr in Wiesbaden?",
        "field_type": "scale",
        "scale_points": 5,
        "scale_min_label": "gar nicht zufrieden",
        "scale_max_label": "sehr zufrieden",
    },
    {
        "label": "Wie bewerten Sie den Busverkehr?",
        "field_type": "matrix",
        "items": "\n".join(ITEMS),
        "scale_points": 5,
        "scale_min_label": "schlecht",
        "scale_max_label": "sehr gut",
    },
    {
        "label": "Was soll die Stadt zuerst fördern?",
        "field_type": "ranking",
        "choices": "\n".join(PRIORITIES),
        "help_text": "Platz 1 ist Ihnen am wichtigsten.",
    },
    {
        "label": "Seit wann wohnen Sie in Wiesbaden?",
        "field_type": "date",
        "required": False,
    },
    {
        "label": "Ihre Idee für bessere Mobilität",
        "field_type": "multiline",
        "required": False,
    },
]


def survey_page(organisation: Organisation) -> SurveyPage:
    page = SurveyPage.objects.filter(slug=SLUG).first()
    if page is not None:
        return page
    now = timezone.now()
    page = SurveyPage(
        title="Mobilität in Wiesbaden",
        slug=SLUG,
        organisation=organisation,
        introduction=(
            "Wie bewegen Sie sich durch Wiesbaden, und was sollte besser werden? Die Umfrage "
            "dauert etwa fünf Minuten. Ihre Antworten fließen in den Verkehrsentwicklungsplan ein."
        ),
        opens_at=now - datetime.timedelta(days=14),
        closes_at=now + datetime.timedelta(days=30),
        thank_you_text="Vielen Dank! Ihre Antworten helfen uns, den Verkehr besser zu planen.",
        participation=Participation.ANONYMOUS,
        results_visibility=ResultsVisibility.LIVE,
        deletion_days=180,
    )
    page.form_fields = [SurveyFormField(**question) for question in QUESTIONS]
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def fake_answers(rng: random.Random) -> dict:
    mode = rng.choices(MODES + [OTHER], weights=[25, 25, 30, 17, 3])[0]
    data = {
        "in_welchem_stadtteil_wohnen_sie": rng.choice(DISTRICTS),
        "wie_sind_sie_meistens_unterwegs": mode,
        "wie_sind_sie_meistens_unterwegs__other": "E-Scooter" if mode == OTHER else "",
        "was_wunschen_sie_sich": rng.sample(WISHES, rng.randint(1, 3)),
        "wie_zufrieden_sind_sie_mit_dem_verkehr_in_wiesbaden": rng.choices(
            [1, 2, 3, 4, 5], weights=[10, 25, 30, 25, 10]
        )[0],
        "wie_bewerten_sie_den_busverkehr": {item: rng.randint(1, 5) for item in ITEMS},
        "was_soll_die_stadt_zuerst_fordern": rng.sample(PRIORITIES, len(PRIORITIES)),
        "ihre_idee_fur_bessere_mobilitat": rng.choice(IDEAS),
    }
    if rng.random() < 0.8:
        data["ihr_alter"] = rng.randint(16, 85)
    if mode == "Bus":
        data["welche_buslinie_nutzen_sie_am_haufigsten"] = rng.choice(["1", "4", "6", "14", "47"])
    if rng.random() < 0.5:
        data["seit_wann_wohnen_sie_in_wiesbaden"] = datetime.date(
            rng.randint(1960, 2025), rng.randint(1, 12), rng.randint(1, 28)
        ).isoformat()
    return data


@transaction.atomic
def seed(stdout) -> None:
    organisation = Organisation.objects.get(slug="wiesbaden")
    page = survey_page(organisation)
    if page.get_submissions().exists():
        stdout.write(f"Survey {page.title!r} already has responses")
        return
    rng = random.Random(2026)
    submissions = []
    for _n in range(RESPONSES):
        submissions.append(
            SurveySubmission(
                page=page, form_data=fake_answers(rng), delete_after=page.deletion_date()
            )
        )
    SurveySubmission.objects.bulk_create(submissions)
    # submit_time is auto_now_add; spread the responses over the two weeks the survey ran.
    start = timezone.now() - datetime.timedelta(days=14)
    for submission in submissions:
        submission.submit_time = start + datetime.timedelta(minutes=rng.randint(0, 14 * 24 * 60))
    SurveySubmission.objects.bulk_update(submissions, ["submit_time"], batch_size=500)
    stdout.write(f"Survey {page.title!r} with {RESPONSES} responses")
