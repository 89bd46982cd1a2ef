"""Which statements of a procedure resemble a given one: the planner's suggestions.

Everything is computed on this machine from the procedure's own statements; nothing is sent
anywhere and nothing learnt here is kept beyond the call (docs/assist.md).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from cms.procedures import Statement
from cms.segments import StatementSegment, normalised_text

# Below this a lexical match shares little more than the language and the topic words.
MIN_SCORE = 0.3
# A passage pair is shown when its sentences share at least this much.
MIN_PASSAGE_SCORE = 0.4
MAX_PASSAGES = 3
# The character TF-IDF is fitted on the text and at most this many of the procedure's
# statements, preselected by their fingerprints (``bounded``).
MAX_CANDIDATES = 300

SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n")


@dataclass(frozen=True)
class Match:
    statement: Statement
    score: float
    method: str
    passages: list[tuple[str, str]]


def char_vectoriser():
    # scikit-learn is loaded on the first suggestion, not with every process of the portal.
    from sklearn.feature_extraction.text import TfidfVectorizer

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
    from sklearn.metrics.pairwise import cosine_similarity

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
    return ranked(procedure_id, text, set(exclude_ids), limit, weighed_only, concern_mates=set())


def similar_statements(
    statement: Statement, *, limit: int = 5, weighed_only: bool = False
) -> list[Match]:
    """The most similar other submitted statements of the same procedure, best first. Those
    sharing a similar concern with it (assist.Concern) come as "semantic" matches even when
    their wording differs."""
    from assist.models import ConcernMembership

    mates = set(
        ConcernMembership.objects.filter(concern__memberships__statement=statement)
        .exclude(statement=statement)
        .values_list("statement_id", flat=True)
    )
    return ranked(
        statement.procedure_id, statement.text, {statement.pk}, limit, weighed_only, mates
    )


def bounded(candidates, text: str, concern_mates: set[int]) -> list[int]:
    """At most MAX_CANDIDATES of the candidates, the closest by their stored MinHash
    fingerprints, and the concern mates among them. Fitting the character TF-IDF on every
    statement of a mass procedure took seconds per weighing page (11 s at 1,000 statements
    on a busy machine); the fingerprints are compared in one array operation."""
    # Imported here: NumPy costs every process of the portal 70 ms at start.
    import numpy as np

    from assist import engine
    from assist.models import Fingerprint

    ids = list(candidates.values_list("pk", flat=True))
    if len(ids) <= MAX_CANDIDATES:
        return ids
    stored = list(
        Fingerprint.objects.filter(statement__in=candidates).values_list(
            "statement_id", "signature"
        )
    )
    signatures = [Fingerprint.unpack(data) for _pk, data in stored]
    fitting = [i for i, sig in enumerate(signatures) if len(sig) == engine.NUM_PERM]
    chosen = set(ids) & concern_mates
    if fitting:
        query = engine.signatures([text])[0][0]
        scores = engine.similarity_to(query, np.stack([signatures[i] for i in fitting]))
        best = np.argsort(-scores, kind="stable")[:MAX_CANDIDATES]
        chosen.update(stored[fitting[i]][0] for i in best)
    # Statements the queue has not fingerprinted yet (the newest) are compared as they are.
    fingerprinted = {pk for pk, _data in stored}
    unprinted = [pk for pk in ids if pk not in fingerprinted]
    chosen.update(sorted(unprinted, reverse=True)[:MAX_CANDIDATES])
    return sorted(chosen)


def ranked(
    procedure_id: int,
    text: str,
    exclude_ids: set[int],
    limit: int,
    weighed_only: bool,
    concern_mates: set[int],
) -> list[Match]:
    candidates = Statement.objects.submitted().filter(procedure_id=procedure_id)
    if weighed_only:
        candidates = candidates.filter(pk__in=weighed_statements().values("pk"))
    if exclude_ids:
        candidates = candidates.exclude(pk__in=exclude_ids)
    rows = list(
        Statement.objects.filter(pk__in=bounded(candidates, text, concern_mates)).values_list(
            "pk", "text"
        )
    )
    query = normalised_text(text)
    if not rows or not query.strip():
        return []
    documents = [normalised_text(other) for _pk, other in rows]
    try:
        matrix = char_vectoriser().fit_transform([query, *documents])
    except ValueError:
        return []
    from sklearn.metrics.pairwise import cosine_similarity

    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    found = [
        (float(scores[i]), rows[i][0], "near" if scores[i] >= MIN_SCORE else "semantic")
        for i in range(len(rows))
        if scores[i] >= MIN_SCORE or rows[i][0] in concern_mates
    ]
    # Copies first, then the statements that only share the concern.
    found.sort(key=lambda item: (item[2] != "near", -item[0]))
    found = found[:limit]
    statements = Statement.objects.select_related("procedure").in_bulk([pk for _s, pk, _m in found])
    return [
        Match(
            statement=statements[pk],
            score=round(min(score, 1.0), 3),
            method=method,
            passages=matching_passages(text, statements[pk].text),
        )
        for score, pk, method in found
    ]
