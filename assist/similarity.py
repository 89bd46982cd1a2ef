"""Which statements of a procedure resemble a given one: the planner's suggestions.

Everything is computed on this machine from the procedure's own statements; nothing is sent
anywhere and nothing learnt here is kept beyond the call (docs/assist.md).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from cms.procedures import Statement
from cms.segments import StatementSegment, normalised_text

# Below this a lexical match shares little more than the language and the topic words.
MIN_SCORE = 0.3
# A passage pair is shown when its sentences share at least this much.
MIN_PASSAGE_SCORE = 0.4
MAX_PASSAGES = 3

SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n")


@dataclass(frozen=True)
class Match:
    statement: Statement
    score: float
    method: str
    passages: list[tuple[str, str]]


def char_vectoriser() -> TfidfVectorizer:
    # Character n-grams inside word bounds: a typo or an inflected ending costs a few
    # n-grams, not the whole word.
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True
    )


def weighed_statements():
    """Statements whose decision a planner could take over: the statement itself has a result
    and a response, or one of its segments has."""
    weighed_segment = StatementSegment.objects.filter(statement=OuterRef("pk")).exclude(
        Q(result="") | Q(response="")
    )
    return Statement.objects.filter((~Q(result="") & ~Q(response="")) | Exists(weighed_segment))


def sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if len(part.strip()) > 15]


def matching_passages(text: str, other: str) -> list[tuple[str, str]]:
    """The sentence pairs the two texts share most, best first, each sentence used once."""
    ours, theirs = sentences(text), sentences(other)
    if not ours or not theirs:
        return []
    try:
        vectors = char_vectoriser().fit_transform(ours + theirs)
    except ValueError:  # nothing but stop characters
        return []
    scores = cosine_similarity(vectors[: len(ours)], vectors[len(ours) :])
    pairs = sorted(
        ((scores[i, j], i, j) for i in range(len(ours)) for j in range(len(theirs))),
        reverse=True,
    )
    used_ours, used_theirs, passages = set(), set(), []
    for score, i, j in pairs:
        if score < MIN_PASSAGE_SCORE or len(passages) == MAX_PASSAGES:
            break
        if i in used_ours or j in used_theirs:
            continue
        used_ours.add(i)
        used_theirs.add(j)
        passages.append((ours[i], theirs[j]))
    return passages


def similar_to_text(
    procedure_id: int,
    text: str,
    *,
    exclude_ids: Iterable[int] = (),
    limit: int = 5,
    weighed_only: bool = False,
) -> list[Match]:
    """The most similar submitted statements of the procedure for a free text (a segment's
    passage), best first."""
    candidates = Statement.objects.submitted().filter(procedure_id=procedure_id)
    if weighed_only:
        candidates = candidates.filter(pk__in=weighed_statements().values("pk"))
    exclude_ids = list(exclude_ids)
    if exclude_ids:
        candidates = candidates.exclude(pk__in=exclude_ids)
    rows = list(candidates.values_list("pk", "text"))
    query = normalised_text(text)
    if not rows or not query.strip():
        return []
    documents = [normalised_text(other) for _pk, other in rows]
    vectoriser = char_vectoriser()
    try:
        matrix = vectoriser.fit_transform([query, *documents])
    except ValueError:
        return []
    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    best = [i for i in scores.argsort()[::-1][:limit] if scores[i] >= MIN_SCORE]
    statements = Statement.objects.select_related("procedure").in_bulk([rows[i][0] for i in best])
    return [
        Match(
            statement=statements[rows[i][0]],
            score=round(float(min(scores[i], 1.0)), 3),
            method="near",
            passages=matching_passages(text, statements[rows[i][0]].text),
        )
        for i in best
    ]


def similar_statements(
    statement: Statement, *, limit: int = 5, weighed_only: bool = False
) -> list[Match]:
    """The most similar other submitted statements of the same procedure, best first."""
    return similar_to_text(
        statement.procedure_id,
        statement.text,
        exclude_ids=[statement.pk],
        limit=limit,
        weighed_only=weighed_only,
    )
