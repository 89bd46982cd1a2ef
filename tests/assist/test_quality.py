"""The grouping measured on the labelled German test set (assist/testdata): campaign letters
varied by their senders must land together, and nothing else with them."""

from collections import Counter

import numpy as np

from assist import engine
from assist.evaluation import load_test_set, pairwise_quality


def test_the_test_set_has_300_statements_with_campaigns_concerns_and_unrelated_ones():
    rows = load_test_set()
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    campaigns = Counter(r["campaign"] for r in rows if r["campaign"])
    assert len(campaigns) >= 5 and min(campaigns.values()) >= 10
    assert sum(1 for r in rows if r["campaign"] is None and r["concern"]) >= 50
    assert sum(1 for r in rows if r["campaign"] is None and r["concern"] is None) >= 30


def test_the_lexical_grouping_finds_the_campaigns_with_an_f1_of_at_least_0_9():
    rows = load_test_set()
    labels = engine.near_labels(*engine.signatures([r["text"] for r in rows]))
    quality = pairwise_quality(labels, [r["campaign"] for r in rows])
    assert quality.f1 >= 0.9
    assert quality.precision >= 0.95


def test_a_statement_in_own_words_is_grouped_with_no_campaign():
    rows = load_test_set()
    labels = engine.near_labels(*engine.signatures([r["text"] for r in rows]))
    sizes = np.bincount(labels)
    own_words = [label for r, label in zip(rows, labels, strict=True) if r["campaign"] is None]
    assert all(sizes[label] == 1 for label in own_words)


def test_the_quality_measure_counts_a_wrong_pair_and_a_missed_pair():
    truth = ["a", "a", "b", None]
    assert pairwise_quality(np.array([0, 0, 1, 2]), truth).f1 == 1.0
    merged = pairwise_quality(np.array([0, 0, 0, 1]), truth)
    assert merged.precision < 1 and merged.recall == 1
    split = pairwise_quality(np.array([0, 1, 2, -1]), truth)
    assert split.recall == 0 and split.precision == 1
