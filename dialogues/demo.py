"""A lively demo dialogue of the Landeshauptstadt Wiesbaden about its market square."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from beteiligung.demo import person
from beteiligung.models import Organisation
from cms.demo import home_page
from dialogues.models import Comment, CommentStatus, DialoguePage, Flag, Support

SLUG = "marktplatz"

CITIZENS = [
    ("buergerin@example.org", "Anna Becker"),
    ("buerger@example.org", "Jonas Weber"),
    ("m.schaefer@example.org", "Miriam Schäfer"),
    ("t.yilmaz@example.org", "Tarik Yılmaz"),
    ("h.klein@example.org", "Helga Klein"),
    ("l.nowak@example.org", "Lena Nowak"),
    ("p.hoffmann@example.org", "Peter Hoffmann"),
    ("s.wagner@example.org", ""),
    ("k.richter@example.org", "Karin Richter"),
    ("d.mueller@example.org", "Deniz Müller"),
]

IDEAS = [
    "Mehr Bäume und Schatten! Im Sommer ist der Platz eine Hitzeinsel, man hält es dort mittags kaum aus.",
    "Der Wochenmarkt sollte unbedingt bleiben und gern auch samstags länger als bis 14 Uhr geöffnet haben.",
    "Bitte keine weiteren Parkplätze auf dem Platz. Das Parkhaus am Rathaus ist fast nie voll.",
    "Ein Trinkwasserbrunnen wäre toll, gerade für Familien und ältere Menschen.",
    "Wie wäre es mit einem Spielbereich für kleine Kinder am Rand, der nicht den Markt stört?",
    "Sitzgelegenheiten ohne Konsumzwang fehlen. Bänke mit Rückenlehne und Armlehnen, bitte.",
    "Im Winter könnte der Platz für eine Eisbahn genutzt werden, wie früher.",
    "Die Beleuchtung abends ist schlecht. Man fühlt sich auf dem Weg zur Bushaltestelle unsicher.",
    "Fahrradbügel! Es gibt viel zu wenige, die Räder stehen überall an den Laternen.",
    "Mehr Platz für Außengastronomie würde den Platz beleben, aber bitte nicht alles zustellen.",
    "Ein kleiner Bühnenbereich für Musik und Vereine an Sommerabenden – das wäre schön.",
    "Das Pflaster ist für Rollstühle und Kinderwagen eine Zumutung. Bitte barrierefrei umbauen.",
    "Öffentliche Toiletten fehlen in der ganzen Innenstadt, auch am Marktplatz.",
    "Mehr Grünflächen, aber pflegeleicht: Stauden und Gräser statt Rasen.",
    "Ich wünsche mir, dass der Platz nicht nur für Touristen, sondern auch für Anwohnende gestaltet wird.",
    "Informationen zur Stadtgeschichte auf Tafeln rund um den Platz, gern mit QR-Code.",
    "Bitte bei allen Plänen an die Lieferverkehre der Geschäfte denken.",
    "Ein Wasserspiel zum Abkühlen für Kinder im Sommer wäre ein Gewinn.",
    "Sehen Sie sich https://www.wiesbaden.de an – dort gibt es Bilder vom Platz vor 1960.",
    "Weniger Veranstaltungen mit Lärm bis spät in die Nacht, die Anwohner brauchen Ruhe.",
]

REPLIES = [
    "Sehe ich genauso.",
    "Da stimme ich zu, aber wer bezahlt die Pflege?",
    "Gute Idee! Vielleicht in Kombination mit mehr Sitzplätzen?",
    "Das wurde schon 2019 diskutiert, leider ohne Ergebnis.",
    "Ich bin skeptisch, der Platz ist dafür eigentlich zu klein.",
    "Unbedingt! Gerade im Sommer merkt man das.",
    "Hat jemand Beispiele aus anderen Städten? Mainz hat das gut gelöst.",
    "Bitte auch an Menschen mit Sehbehinderung denken, Leitsysteme fehlen.",
    "Das sehe ich anders: Der Markt braucht die Fläche.",
    "Vielleicht kann man das zeitlich trennen: vormittags Markt, abends Kultur.",
    "Danke für den Hinweis, das wusste ich nicht.",
    "Genau das meine ich auch.",
]

OFFICIAL = (
    "Vielen Dank für die vielen Hinweise zu Schatten und Begrünung. Das Grünflächenamt prüft "
    "derzeit zwölf neue Baumstandorte am Rand des Platzes, die den Wochenmarkt nicht "
    "einschränken. Die Ergebnisse stellen wir im Frühjahr auf einer Informationsveranstaltung vor."
)

FLAGGED = "Wer so einen Unsinn vorschlägt, hat von Stadtplanung keine Ahnung. Typisch!"


def seed(stdout) -> None:
    organisation = Organisation.objects.filter(slug="wiesbaden").first()
    if organisation is None:
        stdout.write("Dialogues: organisation 'wiesbaden' missing, skipped")
        return
    home = home_page()
    page = DialoguePage.objects.filter(slug=SLUG).first()
    now = timezone.now()
    if page is None:
        page = DialoguePage(
            title="Zukunft des Marktplatzes",
            slug=SLUG,
            organisation=organisation,
            question="Wie soll der Marktplatz künftig genutzt werden?",
            introduction=(
                "<p>Der Marktplatz wird in den nächsten Jahren neu gestaltet. Bevor die "
                "Planung beginnt, möchten wir wissen: Was ist Ihnen wichtig? Markt, Grün, "
                "Gastronomie, Veranstaltungen, Ruhe? Diskutieren Sie mit – die Stadtverwaltung "
                "liest mit und antwortet.</p>"
            ),
            opens_at=now - datetime.timedelta(days=14),
            closes_at=now + datetime.timedelta(days=45),
            search_description="Online-Dialog der Landeshauptstadt Wiesbaden zum Marktplatz.",
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    organisation.grant_page(page)
    if not Comment.objects.filter(page=page).exists():
        build_discussion(page, organisation, now)
    stdout.write(f"Dialogue '{page.title}': {Comment.objects.filter(page=page).count()} comments")


@transaction.atomic
def build_discussion(page: DialoguePage, organisation: Organisation, now) -> None:
    """Comments written straight into the tables: a demo must not queue e-mails."""
    rng = random.Random(4)  # the same discussion on every machine
    people = [person(email, name) for email, name in CITIZENS]
    moderator = person("moderation@wiesbaden.example", "Wiesbaden (Moderation)")
    start = now - datetime.timedelta(days=13)
    comments: list[Comment] = []

    def add(text: str, author, parent: Comment | None = None, **extra) -> Comment:
        created = (parent.created_at if parent else start) + datetime.timedelta(
            minutes=rng.randint(20, 60 * 24 * (1 if parent else 12))
        )
        comment = Comment.objects.create(
            page=page,
            organisation=organisation,
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 1,
            author=author,
            text=text,
            created_at=min(created, now - datetime.timedelta(minutes=5)),
            **extra,
        )
        comments.append(comment)
        return comment

    roots = [add(text, rng.choice(people)) for text in IDEAS]
    for root in roots:
        for _ in range(rng.randint(0, 3)):
            second = add(rng.choice(REPLIES), rng.choice(people), root)
            if rng.random() < 0.4:
                add(rng.choice(REPLIES), rng.choice(people), second)
    answer = add(OFFICIAL, moderator, roots[0], official=True)
    flagged = add(FLAGGED, people[6], roots[5])
    for comment in comments:
        if comment is flagged or comment.official:
            continue
        for supporter in rng.sample(people, rng.randint(0, 6)):
            if supporter != comment.author:
                Support.objects.get_or_create(user=supporter, comment=comment)
    for reporter, reason in ((people[0], "insult"), (people[3], "insult")):
        Flag.objects.get_or_create(user=reporter, comment=flagged, defaults={"reason": reason})
    Comment.objects.filter(pk=flagged.pk).update(flag_count=2, needs_review=True)
    Comment.objects.filter(pk=answer.pk).update(status=CommentStatus.PUBLISHED)
    for comment in comments:
        Comment.recount_replies(comment.pk)
        comment.support_count = comment.supports.count()
        Comment.objects.filter(pk=comment.pk).update(support_count=comment.support_count)
