"""Pairwise precision, recall and F1 of a grouping against the labels of assist/testdata:
a pair of statements counts as found when both sit in one group, as true when both carry the
same label. Unlabelled statements belong with no other."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TEST_SET = Path(__file__).parent / "testdata" / "statements_de.jsonl"


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float


def load_test_set(path: Path = TEST_SET) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def pairs_within(labels) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def pairwise_quality(predicted: np.ndarray, truth: list[str | None]) -> Quality:
    """``predicted``: a group number per statement, -1 for none."""
    # Statements without a group or label get a number of their own, so they pair with none.
    found = [p if p >= 0 else f"alone-{i}" for i, p in enumerate(predicted.tolist())]
    true = [t if t is not None else f"alone-{i}" for i, t in enumerate(truth)]
    both = pairs_within(zip(found, true, strict=True))
    found_pairs, true_pairs = pairs_within(found), pairs_within(true)
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(round(precision, 3), round(recall, 3), round(f1, 3))
