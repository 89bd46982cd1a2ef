"""A candidate embedding model for similar concerns, measured on the labelled German set.

    .venv/bin/pip install --target /tmp/wordllama wordllama   # not a dependency
    PYTHONPATH=/tmp/wordllama .venv/bin/python bench/assist_embeddings.py

Embeds the statements written in own words (assist/testdata/statements_de.jsonl without the
campaigns) with WordLlama's bundled weights, offline, clusters them as assist/engine.py
clusters concerns (average linkage by cosine) at several thresholds and prints pairwise
precision, recall and F1 next to the LSA concerns of the engine, with the CPU time.
"""

import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings")

import django  # noqa: E402

django.setup()

from sklearn.cluster import AgglomerativeClustering  # noqa: E402

from assist import engine  # noqa: E402
from assist.evaluation import load_test_set, pairwise_quality  # noqa: E402


def main() -> None:
    import wordllama
    from wordllama import WordLlama

    started = time.process_time()
    # The package folder holds the weights and the tokenizer: nothing is downloaded.
    model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    loaded = time.process_time() - started
    own = [row for row in load_test_set() if row["campaign"] is None]
    texts, truth = [row["text"] for row in own], [row["concern"] for row in own]
    started = time.process_time()
    vectors = model.embed(texts, norm=True)
    embedded = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(texts)} statements in own words")
    print(
        f"model loaded in {loaded:.2f} s CPU, embedded in {embedded:.3f} s CPU, peak {peak:.0f} MiB"
    )
    print(f"LSA concerns (engine):  {pairwise_quality(engine.concern_labels(texts), truth)}")
    for threshold in (0.4, 0.5, 0.6, 0.7, 0.8):
        clusters = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - threshold
        ).fit_predict(vectors)
        sizes = np.bincount(clusters)
        labels = np.where(sizes[clusters] > 1, clusters, -1)
        print(f"WordLlama, cosine ≥ {threshold}: {pairwise_quality(labels, truth)}")


if __name__ == "__main__":
    main()
