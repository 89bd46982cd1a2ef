"""The assistant's panel beside the weighing form (hook ``weighing_statement_panels``, see
docs/cms.md): already-weighed statements like the one being weighed, why they are alike,
and their decision to take over. A suggestion changes nothing until the planner saves."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from assist.similarity import Match, char_vectoriser, similar_statements, similar_to_text
from cms.procedures import ProcedureDocument, Statement
from cms.segments import StatementGroup, StatementSegment

SUGGESTIONS = 3
NEIGHBOURS = 5
# Below this a neighbour is not worth a planner's look for grouping.
NEIGHBOUR_SCORE = 0.5
# A topic or plan reference whose words share less than this with the text is no hint.
LABEL_SCORE = 0.08


@dataclass
class Suggestion:
    statement: Statement
    segment: StatementSegment | None
    percent: int
    words: str
    method: str
    result: str
    result_label: str
    response: str
    ours: SafeString
    theirs: SafeString

    @property
    def reference(self) -> str:
        return self.segment.reference if self.segment else self.statement.reference


def highlighted(text: str, passages: list[str]) -> SafeString:
    """The text escaped, each passage found in it wrapped in <mark>. Citizens' text is
    hostile: every piece is escaped on its own, only the marks are ours."""
    spans = []
    for passage in passages:
        at = text.find(passage) if passage else -1
        if at >= 0:
            spans.append((at, at + len(passage)))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above


def in_words(score: float) -> str:
    if score >= 0.9:
        return gettext("almost the same wording")
    if score >= 0.7:
        return gettext("very similar")
    if score >= 0.5:
        return gettext("similar")
    return gettext("somewhat similar")


def method_label(method: str) -> str:
    if method == "semantic":
        # Latent semantic analysis of the procedure's own words, not a language model.
        return gettext("similar concern (words the texts share)")
    return pgettext("similarity method", "similar wording (shared character sequences)")


def weighed_part(statement: Statement, theirs: list[str]) -> StatementSegment | None:
    """For a statement weighed in segments, the weighed segment its matching passages lie in
    (the most of them), whose answer fits the passage better than the whole one."""
    best, best_hits = None, -1
    for segment in statement.segments.exclude(result="").exclude(response=""):
        hits = sum(1 for passage in theirs if passage and passage in segment.text)
        if hits > best_hits:
            best, best_hits = segment, hits
    return best


def suggestion(match: Match, text: str) -> Suggestion:
    ours = [a for a, _b in match.passages]
    theirs = [b for _a, b in match.passages]
    source = match.statement
    segment = None
    if not (source.result and source.response):
        segment = weighed_part(source, theirs)
    decided = segment or source
    return Suggestion(
        statement=source,
        segment=segment,
        percent=round(match.score * 100),
        words=in_words(match.score),
        method=method_label(match.method),
        result=decided.result,
        result_label=decided.get_result_display(),
        response=decided.response,
        ours=highlighted(text, ours),
        theirs=highlighted(segment.text if segment else source.text, theirs),
    )


def best_label(text: str, labels: list[str]) -> tuple[int, float] | None:
    """Which of the short labels (topics, document titles and sections) shares the most
    words with the text, by the same character n-grams the grouping uses."""
    if not labels or not text.strip():
        return None
    try:
        matrix = char_vectoriser().fit_transform([text, *labels])
    except ValueError:
        return None
    from sklearn.metrics.pairwise import cosine_similarity

    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    best = int(scores.argmax())
    return (best, float(scores[best])) if scores[best] >= LABEL_SCORE else None


def topic_hint(statement: Statement, text: str) -> str:
    """The procedure's topic in use (statements and segments) that best fits the text."""
    topics = set(
        Statement.objects.filter(procedure_id=statement.procedure_id)
        .exclude(topic="")
        .values_list("topic", flat=True)
    )
    topics |= set(
        StatementSegment.objects.filter(statement__procedure_id=statement.procedure_id)
        .exclude(topic="")
        .values_list("topic", flat=True)
    )
    topics = sorted(topics)
    found = best_label(text, topics)
    return topics[found[0]] if found else ""


@dataclass
class DocumentHint:
    document: ProcedureDocument
    section: str


def headings(document: ProcedureDocument) -> list[str]:
    return [line.strip() for line in document.contents.splitlines() if line.strip()]


def document_hint(statement: Statement, text: str) -> DocumentHint | None:
    """The plan document, and the heading of its table of contents, that best fit the text;
    without a fitting heading the document's own title and section."""
    hints = []
    for document in ProcedureDocument.objects.filter(page_id=statement.procedure_id):
        hints.append((f"{document.title} {document.section}", document, document.section))
        hints += [(heading, document, heading) for heading in headings(document)]
    found = best_label(text, [label for label, _document, _section in hints])
    if found is None:
        return None
    _label, document, section = hints[found[0]]
    return DocumentHint(document=document, section=section)


def outermost(group: StatementGroup | None) -> StatementGroup | None:
    """An identical group inside a near group counts as the near group."""
    if group is not None and group.parent_id:
        return group.parent
    return group


def same_procedure(matches: list[Match], statement: Statement) -> list[Match]:
    # The engine searches one procedure; the panel checks again, since a leak would show
    # another organisation's citizens' words.
    return [m for m in matches if m.statement.procedure_id == statement.procedure_id]


def suggestion_panel(
    request: HttpRequest, statement: Statement, segment: StatementSegment | None = None
) -> str:
    if segment is not None:
        text = segment.text
        matches = similar_to_text(
            statement.procedure_id,
            text,
            exclude_ids=[statement.pk],
            limit=SUGGESTIONS,
            weighed_only=True,
        )
    else:
        text = statement.text
        matches = similar_statements(statement, limit=SUGGESTIONS, weighed_only=True)
    group = outermost(statement.group)
    neighbours = []
    if segment is None:
        neighbours = [
            m
            for m in same_procedure(similar_statements(statement, limit=NEIGHBOURS), statement)
            if m.score >= NEIGHBOUR_SCORE
            and (group is None or outermost(m.statement.group) != group)
        ]
    key = f"segment-{segment.pk}" if segment is not None else "statement"
    current = segment or statement
    return render_to_string(
        "assist/panel.html",
        {
            "statement": statement,
            "segment": segment,
            "group": group,
            "key": key,
            "suggestions": [suggestion(m, text) for m in same_procedure(matches, statement)],
            # A statement weighed in segments takes its answer from them, not from a panel.
            "can_take_over": segment is not None or not statement.has_segments,
            "topic": "" if current.topic else topic_hint(statement, text),
            "document": document_hint(statement, text)
            if segment is not None and segment.document_id is None
            else None,
            "neighbours": [
                {"match": m, "percent": round(m.score * 100), "words": in_words(m.score)}
                for m in neighbours
            ],
        },
        request=request,
    )
