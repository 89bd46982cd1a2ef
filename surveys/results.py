"""Result aggregation: one pass over the stored answers, counting in Python, kept in the
cache until the answers change.

The answers live in one JSON column; reading only that column in chunks keeps 10,000
responses at a few hundred milliseconds without a query per response or per question.
``cached_summary()`` keeps that pass in the cache under a key that names the number and
the newest of the responses, the page's published revision and the language: a new or
erased response, or changed questions, give a new key, so the results are never stale and
are computed once per change instead of once per view.
"""

import hashlib
import statistics
from collections import Counter

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import translation
from django.utils.translation import gettext as _

from surveys.models import OTHER, QuestionType

FILTERABLE = {
    QuestionType.RADIO,
    QuestionType.DROPDOWN,
    QuestionType.CHECKBOXES,
    QuestionType.SCALE,
}


def as_list(value) -> list:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def option_label(value) -> str:
    return _("Other") if value == OTHER else str(value)


def filter_choices(questions) -> list[dict]:
    """Every answer of every choice question, for the "only respondents who…" filter."""
    groups = []
    for question in questions:
        if question.field_type not in FILTERABLE:
            continue
        if question.field_type == QuestionType.SCALE:
            values = [str(v) for v in question.scale_values()]
        else:
            values = question.options() + ([OTHER] if question.has_other() else [])
        groups.append(
            {
                "question": question,
                "options": [(f"{question.clean_name}::{v}", option_label(v)) for v in values],
            }
        )
    return groups


def parse_filter(value: str, questions) -> tuple[str, str] | None:
    name, sep, answer = (value or "").partition("::")
    if not sep or name not in {q.clean_name for q in questions if q.field_type in FILTERABLE}:
        return None
    return name, answer


def iter_answers(page, filter_by: tuple[str, str] | None = None):
    rows = page.get_submissions().order_by().values_list("form_data", flat=True)
    for data in rows.iterator(chunk_size=2000):
        if filter_by and filter_by[1] not in [str(v) for v in as_list(data.get(filter_by[0]))]:
            continue
        yield data


def percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def summarise(page, questions=None, filter_by: tuple[str, str] | None = None) -> dict:
    questions = questions if questions is not None else page.questions()
    counters = {q.clean_name: Counter() for q in questions}
    answered = Counter()
    numbers: dict[str, list] = {q.clean_name: [] for q in questions}
    matrix: dict[str, dict[str, Counter]] = {
        q.clean_name: {item: Counter() for item in q.matrix_items()}
        for q in questions
        if q.field_type == QuestionType.MATRIX
    }
    specs = [(q.clean_name, q.field_type) for q in questions]
    total = 0
    for data in iter_answers(page, filter_by):
        total += 1
        for name, kind in specs:
            value = data.get(name)
            if value in (None, "", [], {}):
                continue
            answered[name] += 1
            if kind in (QuestionType.RADIO, QuestionType.DROPDOWN, QuestionType.SCALE):
                counters[name][value] += 1
            elif kind == QuestionType.CHECKBOXES:
                counters[name].update(value)
            elif kind == QuestionType.RANKING:
                for rank, option in enumerate(value, start=1):
                    counters[name][option] += rank
                    if rank == 1:
                        counters[name][("first", option)] += 1
            elif kind == QuestionType.MATRIX:
                for item, rating in value.items():
                    if item in matrix[name]:
                        matrix[name][item][rating] += 1
            elif kind in (QuestionType.NUMBER, QuestionType.DATE):
                numbers[name].append(value)

    results = []
    for question in questions:
        name, kind = question.clean_name, question.field_type
        base = answered[name]
        result = {"question": question, "kind": kind, "answered": base, "rows": []}
        counts = counters[name]
        if kind in (QuestionType.RADIO, QuestionType.DROPDOWN, QuestionType.CHECKBOXES):
            values = question.options() + ([OTHER] if question.has_other() else [])
            result["rows"] = [
                {"label": option_label(v), "count": counts[v], "percent": percent(counts[v], base)}
                for v in values
            ]
        elif kind == QuestionType.SCALE:
            result["rows"] = [
                {"label": label, "count": counts[v], "percent": percent(counts[v], base)}
                for v, label in scale_labels(question)
            ]
            result["mean"] = mean_of(counts)
        elif kind == QuestionType.MATRIX:
            result["columns"] = [label for _v, label in scale_labels(question)]
            result["rows"] = []
            for item, item_counts in matrix[name].items():
                n = sum(item_counts.values())
                result["rows"].append(
                    {
                        "label": item,
                        "count": n,
                        "cells": [item_counts[v] for v in question.scale_values()],
                        "mean": mean_of(item_counts),
                        "percent": percent(mean_of(item_counts) or 0, question.scale_values()[-1]),
                    }
                )
        elif kind == QuestionType.RANKING:
            for option in question.options():
                first = counts[("first", option)]
                result["rows"].append(
                    {
                        "label": option,
                        "count": first,
                        "percent": percent(first, base),
                        "mean": round(counts[option] / base, 2) if base else None,
                    }
                )
        elif kind == QuestionType.NUMBER:
            values = numbers[name]
            if values:
                result.update(
                    minimum=min(values),
                    maximum=max(values),
                    mean=round(statistics.fmean(values), 2),
                    median=statistics.median(values),
                )
        elif kind == QuestionType.DATE:
            values = numbers[name]
            if values:
                result.update(minimum=min(values), maximum=max(values))
        results.append(result)
    return {"total": total, "questions": results}


def scale_labels(question) -> list[tuple[int, str]]:
    values = question.scale_values()
    labels = {values[0]: question.scale_min_label, values[-1]: question.scale_max_label}
    return [(v, f"{v} ({labels[v]})" if labels.get(v) else str(v)) for v in values]


def mean_of(counts: Counter) -> float | None:
    n = sum(counts.values())
    if not n:
        return None
    return round(sum(int(k) * c for k, c in counts.items()) / n, 2)


RESULTS_CACHE_SECONDS = 7 * 24 * 3600


def cached_summary(page, questions, filter_by: tuple[str, str] | None = None) -> dict:
    state = page.get_submissions().order_by().aggregate(count=Count("pk"), newest=Max("pk"))
    fingerprint = repr(
        (
            page.pk,
            page.live_revision_id,
            page.last_published_at,
            [(q.pk, q.clean_name, q.field_type) for q in questions],
            filter_by,
            state,
            translation.get_language(),
        )
    )
    key = "surveys:results:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    stored = cache.get(key)
    if stored is None:
        summary = summarise(page, questions, filter_by)
        # Question objects stay out of the cache; the same questions are put back in order.
        stored = {
            "total": summary["total"],
            "questions": [
                {k: v for k, v in result.items() if k != "question"}
                for result in summary["questions"]
            ],
        }
        cache.set(key, stored, RESULTS_CACHE_SECONDS)
    return {
        "total": stored["total"],
        "questions": [
            {"question": question, **result}
            for question, result in zip(questions, stored["questions"], strict=True)
        ],
    }
