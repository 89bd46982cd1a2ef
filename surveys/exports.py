"""CSV and XLSX exports: one row per response, one column per question (or per option/item)."""

from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from beteiligung import exports
from surveys.models import OTHER, QuestionType
from surveys.results import as_list, cached_summary


def columns(page) -> list[tuple[str, Callable[[dict], object]]]:
    cols: list[tuple[str, Callable[[dict], object]]] = []
    other_text, place = _("Other (text)"), pgettext("ranking", "place")
    for q in page.questions():
        name = q.clean_name
        if q.field_type == QuestionType.CHECKBOXES:
            values = q.options() + ([OTHER] if q.has_other() else [])
            for value in values:
                label = _("Other") if value == OTHER else value
                cols.append(
                    (f"{q.label}: {label}", lambda d, n=name, v=value: int(v in as_list(d.get(n))))
                )
        elif q.field_type == QuestionType.MATRIX:
            for item in q.matrix_items():
                cols.append(
                    (f"{q.label}: {item}", lambda d, n=name, i=item: (d.get(n) or {}).get(i, ""))
                )
        elif q.field_type == QuestionType.RANKING:
            for option in q.options():
                cols.append(
                    (
                        f"{q.label}: {option} ({place})",
                        lambda d, n=name, o=option: rank_of(d.get(n), o),
                    )
                )
        else:
            cols.append(
                (q.label, lambda d, n=name: _("Other") if d.get(n) == OTHER else d.get(n, ""))
            )
        if q.has_other():
            other = q.other_name()
            cols.append((f"{q.label}: {other_text}", lambda d, n=other: d.get(n, "")))
    return cols


def rank_of(ranking, option: str):
    ranking = as_list(ranking)
    return ranking.index(option) + 1 if option in ranking else ""


def headers(page) -> list[str]:
    return [pgettext("survey export", "Response"), _("Submitted at")] + [
        header for header, _get in columns(page)
    ]


def rows(page) -> Iterator[list]:
    """Plain values; beteiligung.exports types the cells and defuses formulas."""
    cols = columns(page)
    submissions = page.get_submissions().order_by("submit_time", "pk")
    for pk, submitted, data in submissions.values_list("pk", "submit_time", "form_data").iterator(
        chunk_size=2000
    ):
        yield [pk, submitted] + [get(data) for _header, get in cols]


def to_csv(page) -> str:
    return exports.to_csv(headers(page), rows(page))


def summary_rows(page) -> Iterator[list]:
    summary = cached_summary(page, page.questions())
    yield [_("Responses"), summary["total"]]
    yield []
    yield [_("Question"), _("Answer"), _("Count"), _("Percent")]
    for result in summary["questions"]:
        question = result["question"]
        if result["kind"] == QuestionType.MATRIX:
            for row in result["rows"]:
                yield [question.label, row["label"], row["count"], row["mean"]]
        elif result["rows"]:
            for row in result["rows"]:
                yield [question.label, row["label"], row["count"], row["percent"]]
        else:
            yield [question.label, _("answered"), result["answered"], None]


def to_xlsx(page) -> bytes:
    return exports.to_xlsx(
        exports.Sheet(_("Responses"), headers(page), rows(page)),
        exports.Sheet(_("Summary"), [], summary_rows(page)),
    )
