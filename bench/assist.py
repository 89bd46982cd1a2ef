"""Quality and speed of the weighing assistant's grouping (issue #22).

    .venv/bin/python bench/assist.py [--count 10000]

Prints pairwise precision, recall and F1 per method on the labelled set
(assist/testdata/statements_de.jsonl), then the time and peak memory to group ``--count``
statements synthesised from the set's texts with the same variations (salutations, names,
inserted sentences, reordering, typos). The engine runs on plain texts, without the database.
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")

import django  # noqa: E402

django.setup()

from assist import engine  # noqa: E402
from assist.evaluation import load_test_set, pairwise_quality  # noqa: E402
from assist.testdata.make_statements import variant  # noqa: E402
from assist.testdata.texts_de import CAMPAIGNS  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def concern_prediction(texts: list[str], near: np.ndarray) -> np.ndarray:
    """A concern per statement: near-duplicates count once, as in assist/grouping.py."""
    first: dict[int, int] = {}
    for i, label in enumerate(near.tolist()):
        first.setdefault(label, i)
    units = list(first)
    clusters = engine.concern_labels([texts[first[label]] for label in units])
    cluster_of = dict(zip(units, clusters.tolist(), strict=True))
    sizes = np.bincount(near)
    # A near group without a concern cluster is still one concern.
    return np.array(
        [
            cluster_of[label]
            if cluster_of[label] >= 0
            else (10**6 + label if sizes[label] > 1 else -1)
            for label in near.tolist()
        ]
    )


def tfidf_components(texts: list[str], threshold: float = 0.5) -> np.ndarray:
    """For comparison: TF-IDF on character n-grams (assist/similarity.py), all pairs."""
    from scipy.sparse.csgraph import connected_components

    from assist.similarity import char_vectoriser
    from cms.segments import normalised_text

    matrix = char_vectoriser().fit_transform([normalised_text(t) for t in texts])
    similar = (matrix @ matrix.T) >= threshold
    return connected_components(similar, directed=False)[1]


def quality_on_the_set() -> None:
    rows = load_test_set()
    texts = [r["text"] for r in rows]
    campaigns = [r["campaign"] for r in rows]
    concerns = [r["concern"] for r in rows]
    own_words = [i for i, r in enumerate(rows) if r["campaign"] is None]
    print(
        f"Labelled set: {len(rows)} statements, {len(set(filter(None, campaigns)))} campaigns, "
        f"{len(set(filter(None, concerns)))} concerns, {len(own_words)} in own words"
    )
    print(f"{'method':44} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")

    def line(name: str, quality, seconds: float) -> None:
        print(
            f"{name:44} {quality.precision:9.3f} {quality.recall:7.3f} {quality.f1:6.3f} {seconds:8.2f}"
        )

    started = time.perf_counter()
    near = engine.near_labels(*engine.signatures(texts))
    line(
        "near (MinHash word pairs) vs campaign",
        pairwise_quality(near, campaigns),
        time.perf_counter() - started,
    )
    started = time.perf_counter()
    tfidf = tfidf_components(texts)
    line(
        "tf-idf char n-grams, cosine 0.5 vs campaign",
        pairwise_quality(tfidf, campaigns),
        time.perf_counter() - started,
    )
    started = time.perf_counter()
    concern = concern_prediction(texts, near)
    seconds = time.perf_counter() - started
    line("semantic (LSA) vs concern, all", pairwise_quality(concern, concerns), seconds)
    subset = engine.concern_labels([texts[i] for i in own_words])
    line(
        "semantic (LSA) vs concern, own words only",
        pairwise_quality(subset, [concerns[i] for i in own_words]),
        0,
    )


def synthesised(count: int, rng: random.Random) -> tuple[list[str], list[str]]:
    rows = load_test_set()
    singles = [r["text"] for r in rows if r["campaign"] is None]
    texts, labels = [], []
    for _ in range(count):
        if rng.random() < 0.8:
            label = rng.choice(list(CAMPAIGNS))
            texts.append(variant(CAMPAIGNS[label]["paragraphs"], rng))
        else:
            index = rng.randrange(len(singles))
            label = f"copy-{index}"
            texts.append(variant([singles[index]], rng))
        labels.append(label)
    return texts, labels


def speed(count: int) -> None:
    texts, labels = synthesised(count, random.Random(10_000))
    before = peak_mib()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    sigs, sizes = engine.signatures(texts)
    signed = time.perf_counter()
    near = engine.near_labels(sigs, sizes)
    grouped = time.perf_counter()
    concern_prediction(texts, near)
    done = time.perf_counter()
    quality = pairwise_quality(near, labels)
    print(
        f"\n{count} synthesised statements on {os.cpu_count()} cores "
        f"(load average {os.getloadavg()[0]:.1f}):"
    )
    print(f"  MinHash signatures {signed - started:6.1f} s")
    print(
        f"  near groups        {grouped - signed:6.1f} s  ({len(set(near.tolist()))} groups, "
        f"F1 {quality.f1:.3f} vs the source text)"
    )
    print(f"  similar concerns   {done - grouped:6.1f} s")
    print(
        f"  total              {done - started:6.1f} s (goal 60 s), "
        f"{cpu_seconds() - cpu_before:.1f} s of CPU time (what an idle machine would take)"
    )
    print(
        f"  peak memory        {peak_mib():6.0f} MiB resident, {peak_mib() - before:.0f} MiB "
        "more than before grouping (goal 1024 MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    quality_on_the_set()
    speed(args.count)


if __name__ == "__main__":
    main()
