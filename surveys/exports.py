"""CSV and XLSX exports: one row per response, one column per question (or per option/item)."""

import csv
import io
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from surveys.models import OTHER, QuestionType
from surveys.results import as_list, summarise


def safe(value):
    """Keep spreadsheet programs from running answers as formulas."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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


def rows(page) -> Iterator[list]:
    cols = columns(page)
    yield [pgettext("survey export", "Response"), _("Submitted at")] + [
        header for header, _get in cols
    ]
    submissions = page.get_submissions().order_by("submit_time", "pk")
    for pk, submitted, data in submissions.values_list("pk", "submit_time", "form_data").iterator(
        chunk_size=2000
    ):
        when = timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M")
        yield [pk, when] + [safe(get(data)) for _header, get in cols]


def to_csv(page) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows(rows(page))
    return out.getvalue()


def summary_rows(page) -> Iterator[list]:
    summary = summarise(page)
    yield [_("Responses"), summary["total"]]
    yield []
    yield [_("Question"), _("Answer"), _("Count"), _("Percent")]
    for result in summary["questions"]:
        question = result["question"]
        if result["kind"] == QuestionType.MATRIX:
            for row in result["rows"]:
                yield [safe(question.label), safe(row["label"]), row["count"], row["mean"]]
        elif result["rows"]:
            for row in result["rows"]:
                yield [safe(question.label), safe(row["label"]), row["count"], row["percent"]]
        else:
            yield [safe(question.label), _("answered"), result["answered"], None]


def to_xlsx(page) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses"))
    for row in rows(page):
        sheet.append(row)
    summary = workbook.create_sheet(_("Summary"))
    for row in summary_rows(page):
        summary.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
