"""The arithmetic of the grouping, on plain lists of texts (no database): the bench and the
tests run it on the labelled set, assist/grouping.py on a procedure's statements.

Near-duplicates (campaign letters): MinHash signatures of the word pairs of the text without
salutation and closing (umlauts folded, case folded), LSH banding to find candidates in linear
time, each candidate checked against its bucket's first member by estimated Jaccard
similarity, groups as the connected pieces. Word pairs keep reordered paragraphs and inserted
sentences cheap (only the pairs at the seams change); a typo costs two pairs.

Similar concerns (semantic): latent semantic analysis, i.e. TF-IDF over folded, stemmed words
and a truncated SVD fitted on the procedure's own texts, then average-linkage clustering by
cosine distance. It is not a language model: it knows only the words of the procedure.
"""

import re

import numpy as np

from beteiligung.search import fold, stem
from cms.segments import normalised_text

NUM_PERM = 128
# 32 bands of 4 rows: a pair with Jaccard 0.6 shares a band with probability 0.99, one with
# 0.2 with 0.05 (and the check below rejects it).
BANDS, ROWS = 32, 4
# Estimated Jaccard similarity of the word-pair sets from which two letters count as copies
# of one text; tuned on assist/testdata (bench/assist.py prints the figures).
NEAR_THRESHOLD = 0.35
# A short text is mostly what a sender adds to any letter ("Bitte bestätigen Sie den
# Eingang."); two of them sharing such sentences would chain unrelated campaigns together.
SHORT_TEXT = 40
SHORT_THRESHOLD = 0.5

# Average cosine similarity inside a concern cluster, in the LSA space.
CONCERN_THRESHOLD = 0.35
LSA_DIMENSIONS = 100
# Average linkage keeps a distance matrix of the distinct texts: bounded for memory.
MAX_CONCERN_UNITS = 5000

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return [fold(word) for word in WORD.findall(normalised_text(text))]


def shingles(text: str) -> set[bytes]:
    found = words(text)
    if len(found) < 2:
        return {" ".join(found).encode()}
    return {f"{a} {b}".encode() for a, b in zip(found, found[1:], strict=False)}


def signatures(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One MinHash signature (NUM_PERM values below 2**32) per text, as uint32 rows, and the
    number of word pairs of each text."""
    # Imported here: assist.models imports this module, and every process of the portal
    # would otherwise load datasketch and SciPy at start.
    from datasketch import MinHash

    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint32), np.zeros(0, dtype=int)
    sets = [shingles(text) for text in texts]
    hashes = MinHash.bulk(sets, num_perm=NUM_PERM, seed=22)
    return (
        np.array([h.hashvalues for h in hashes], dtype=np.uint32),
        np.array([len(s) for s in sets]),
    )


def thresholds(size: int, sizes: np.ndarray) -> np.ndarray:
    """The similarity a pair needs, stricter where one of the texts is short."""
    return np.where(np.minimum(size, sizes) < SHORT_TEXT, SHORT_THRESHOLD, NEAR_THRESHOLD)


def similarity_to(signature: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of ``others``."""
    if len(others) == 0:
        return np.zeros(0)
    return (others == signature).mean(axis=1)


def near_labels(sigs: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """A group number per row: rows in the same group are (chains of) near-duplicates.
    ``sizes``: the number of word pairs of each text."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    count = len(sigs)
    if count == 0:
        return np.zeros(0, dtype=int)
    sources, targets = [], []
    for band in range(BANDS):
        # One number per band (wrapping arithmetic): a rare collision costs only a check.
        keys = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for column in sigs[:, band * ROWS : (band + 1) * ROWS].T.astype(np.uint64):
                keys = keys * np.uint64(1_000_003) + column
        _keys, inverse = np.unique(keys, return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        bounds = np.flatnonzero(np.diff(inverse[order])) + 1
        for bucket in np.split(order, bounds):
            if len(bucket) < 2:
                continue
            leader, rest = bucket[0], bucket[1:]
            needed = thresholds(sizes[leader], sizes[rest])
            close = rest[similarity_to(sigs[leader], sigs[rest]) >= needed]
            sources.extend([leader] * len(close))
            targets.extend(close.tolist())
    graph = coo_matrix(
        (np.ones(len(sources), dtype=np.int8), (sources, targets)), shape=(count, count)
    )
    _count, labels = connected_components(graph, directed=False)
    return labels


def concern_words(text: str) -> str:
    return " ".join(stem(word) for word in words(text) if len(word) > 2)


def concern_labels(texts: list[str], threshold: float = CONCERN_THRESHOLD) -> np.ndarray:
    """A cluster number per text by similar concern; -1 where a text stands alone."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    count = len(texts)
    labels = np.full(count, -1)
    if count < 3:
        return labels
    if count > MAX_CONCERN_UNITS:
        raise ValueError(f"{count} distinct texts exceed MAX_CONCERN_UNITS")
    matrix = TfidfVectorizer(sublinear_tf=True, max_df=0.5, min_df=1).fit_transform(
        [concern_words(text) for text in texts]
    )
    dimensions = min(LSA_DIMENSIONS, matrix.shape[1] - 1, count - 1)
    if dimensions < 2:
        return labels
    vectors = normalize(TruncatedSVD(dimensions, random_state=22).fit_transform(matrix))
    clusters = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        distance_threshold=1 - threshold,
    ).fit_predict(vectors)
    sizes = np.bincount(clusters)
    return np.where(sizes[clusters] > 1, clusters, -1)
