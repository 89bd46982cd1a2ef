"""The site search (/suche/): one query, results from every app, grouped by kind.

The core knows no feature app. Each app registers a provider in its ``AppConfig.ready``::

    search.register("events", _("Events"), find_events, pages=[EventPage])

A provider gets a ``Query`` and returns ``(hits, total)``: at most ``limit`` hits, scored
with ``Query.score`` so that hits of different kinds compare, and how many matched in all.
It must run a fixed number of database queries, whatever the number of hits.

Matching is German-aware on every database: words are folded (lower case, ä → ae,
ß → ss, so "Fuehrerschein" = "Führerschein"), simple endings are stripped ("Radwege" →
"radweg"), a word also matches the start of a longer word ("Straße" finds
"Straßenbeleuchtung") and, weaker, the inside of a compound ("Loch" in "Schlagloch"), and
the synonyms editors keep in the admin (``beteiligung.SearchSynonym``) widen each word.
Pages are found through Wagtail's search backend, which on PostgreSQL uses the database's
full-text search with its German configuration (settings.WAGTAILSEARCH_BACKENDS), and are
then scored the same way as everything else.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from beteiligung.validators import CONTROL_CHARACTERS

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Endings stripped from German words, longest first; the stem keeps at least 4 letters.
ENDINGS = ("ern", "en", "er", "es", "em", "e", "n", "s")
FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))
WORD = re.compile(r"\w+")


def fold(word: str) -> str:
    return word.casefold().translate(FOLD).replace("ß", "ss")


def stem(word: str) -> str:
    """A crude German stem of a folded word: enough for plurals and inflections."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


def with_umlauts(word: str) -> str:
    """ "Fuehrerschein" → "Führerschein": the spelling the full-text index knows."""
    for plain, umlaut in UMLAUTS:
        word = word.replace(plain, umlaut)
    return word


@dataclass(frozen=True)
class Term:
    """One typed word with the stems it matches: its own first, then its synonyms'."""

    word: str
    stems: tuple[str, ...]
    synonyms: tuple[str, ...] = ()


# Scores for one word in one field: the whole word, the start of a word, inside a word.
EXACT, PREFIX, INFIX = 10.0, 7.0, 3.0
SYNONYM_FACTOR = 0.8
MIN_INFIX = 4


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    def engine_text(self) -> str:
        """The words for the full-text backend: as typed, with umlauts, and synonyms."""
        seen: dict[str, None] = {}
        for term in self.terms:
            # The stem too: SQLite's index does not stem ("Radwege" must find "Radweg").
            variants = (term.word, with_umlauts(term.word.lower()), with_umlauts(term.stems[0]))
            for word in (*variants, *term.synonyms):
                for part in words(word):
                    seen.setdefault(part.lower(), None)
        return " ".join(seen)

    def score(self, title: str, *others: str) -> float:
        """How well the texts match: title words count fully, other texts a third.

        Every query word adds its best match; a short title that the words cover gets a
        bonus below one point that orders hits inside a group ("Kurpark": "Planungswerkstatt
        Kurpark Ost" before "Tag der offenen Baustelle Kurpark Ost"), while groups compare
        by whole points (see ``Group.rank``).
        """
        title_words = [fold(w) for w in words(title)]
        other_words = [fold(w) for text in others for w in words(text)]
        total = 0.0
        for term in self.terms:
            best = match(term, title_words)
            best = max(best, match(term, other_words) / 3)
            total += best
        if total and title_words:
            total += 0.5 * min(1.0, len(self.terms) / len(title_words))
        return total


def match(term: Term, tokens: list[str]) -> float:
    best = 0.0
    for index, query_stem in enumerate(term.stems):
        factor = 1.0 if index == 0 else SYNONYM_FACTOR
        for token in tokens:
            if token == query_stem or stem(token) == query_stem:
                value = EXACT
            elif token.startswith(query_stem):
                value = PREFIX
            elif len(query_stem) >= MIN_INFIX and query_stem in token:
                value = INFIX
            else:
                continue
            best = max(best, value * factor)
            if best == EXACT:
                return best
    return best


def parse(text: str, synonym_lines: Iterable[str] = ()) -> Query:
    """The cleaned query: control characters dropped, at most 200 characters and 8 words."""
    text = CONTROL_CHARACTERS.sub("", text or "").strip()[:MAX_QUERY_LENGTH]
    # One line of synonyms: "Windkraft, Windenergie, Windrad"; entries of one word each.
    entries = [[e.strip() for e in line.split(",")] for line in synonym_lines]
    groups = [[(e, stem(fold(e))) for e in line if WORD.fullmatch(e)] for line in entries]
    groups = [group for group in groups if len(group) > 1]
    terms = []
    seen = set()
    for word in words(text)[:MAX_WORDS]:
        own = stem(fold(word))
        if own in seen:
            continue
        seen.add(own)
        stems = [own]
        synonyms = []
        for group in groups:
            if any(own == other for _word, other in group):
                for synonym, other in group:
                    if other not in stems:
                        stems.append(other)
                        synonyms.append(synonym)
        terms.append(Term(word, tuple(stems), tuple(synonyms)))
    return Query(text, tuple(terms))


@dataclass
class Hit:
    title: str
    url: str
    score: float
    summary: str = ""
    meta: str = ""


@dataclass
class Group:
    key: str
    label: str
    hits: list[Hit]
    total: int
    order: int = 0

    @property
    def rank(self) -> int:
        """Whole points of the best hit: on a tie the kinds keep their order (procedures
        before the events that belong to them)."""
        return int(self.hits[0].score) if self.hits else 0


Finder = Callable[[Query, int], tuple[list[Hit], int]]


@dataclass
class Provider:
    key: str
    label: str
    find: Finder
    order: int
    pages: tuple[type, ...] = field(default_factory=tuple)


PROVIDERS: dict[str, Provider] = {}


def register(key: str, label, find: Finder, *, order: int = 50, pages: Iterable[type] = ()):
    """Add a kind of result; ``pages`` are the page types it covers (not listed as pages)."""
    PROVIDERS[key] = Provider(key, label, find, order, tuple(pages))


def claimed_page_types() -> list[type]:
    return [model for provider in PROVIDERS.values() for model in provider.pages]


def best_first(hits: list[Hit], limit: int) -> list[Hit]:
    return sorted(hits, key=lambda hit: (-hit.score, hit.title.casefold()))[:limit]


def scored(query: Query, candidates, limit: int, texts: Callable, make_hit: Callable):
    """Score a fixed list of candidates in Python: for small tables (services, categories)."""
    hits = []
    for candidate in candidates:
        value = query.score(*texts(candidate))
        if value > 0:
            hits.append(make_hit(candidate, value))
    return best_first(hits, limit), len(hits)


def search_pages(query: Query, queryset, limit: int, texts: Callable, make_hit: Callable):
    """Pages through the full-text backend, then scored like every other hit.

    The backend finds pages by their whole text (body included); a page that matched
    only there still gets a small score, below every title match, in the backend's order.
    """
    pool = limit * 3
    results = list(queryset.search(query.engine_text(), operator="or")[:pool])
    total = len(results)
    if total == pool:
        total = queryset.search(query.engine_text(), operator="or").count()
    hits = []
    for rank, page in enumerate(results):
        value = query.score(*texts(page)) or 1.0 / (rank + 2)
        hits.append(make_hit(page, value))
    return best_first(hits, limit), total


def run(query: Query, limit: int = 20) -> list[Group]:
    """Every provider's hits, the groups with the best match first."""
    groups = []
    for provider in PROVIDERS.values():
        hits, total = provider.find(query, limit)
        if hits:
            groups.append(Group(provider.key, provider.label, hits, total, provider.order))
    return sorted(groups, key=lambda group: (-group.rank, group.order))


def find(text: str, limit: int = 20) -> tuple[Query, list[Group]]:
    from beteiligung.models import SearchSynonym

    query = parse(text)
    if not query:
        return query, []
    query = parse(text, SearchSynonym.objects.values_list("terms", flat=True))
    return query, run(query, limit)


# Demo synonyms, seeded by beteiligung.demo -------------------------------------------

DEMO_SYNONYMS = [
    "Windkraft, Windenergie, Windrad, Windpark",
    "Führerschein, Fahrerlaubnis",
    "Schlagloch, Straßenschaden, Fahrbahnschaden",
    "Radweg, Fahrradweg, Radverkehr",
    "Müll, Abfall, Sperrmüll",
    "Laterne, Straßenbeleuchtung, Straßenlaterne",
    "Auto, Fahrzeug, Kfz, Zulassung",
    "Bebauungsplan, Bauleitplan, Bauplan",
]


def seed_demo_synonyms(stdout=None) -> None:
    from beteiligung.models import SearchSynonym

    for line in DEMO_SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=line)
    if stdout:
        stdout.write(f"Search synonyms: {SearchSynonym.objects.count()}")
