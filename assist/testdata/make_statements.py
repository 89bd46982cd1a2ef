"""Build statements_de.jsonl, the assistant's labelled test set, from the hand-written texts
in texts_de.py: each campaign letter as its senders vary it (salutation, closing and name,
a sentence of their own, reordered or left-out paragraphs, typos), every paraphrased concern
and every unrelated statement once.

    .venv/bin/python -m assist.testdata.make_statements

The seed is fixed, so the file only changes when the texts or the variations do.
"""

import json
import random
from pathlib import Path

from assist.testdata.texts_de import (
    CAMPAIGNS,
    CLOSINGS,
    CONCERNS,
    INSERTIONS,
    NAMES,
    SALUTATIONS,
    UNRELATED,
)

VARIANTS_PER_CAMPAIGN = 24
OUTPUT = Path(__file__).with_name("statements_de.jsonl")

UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def typo(text: str, rng: random.Random) -> str:
    """One slip of the keyboard in a word of some length."""
    words = text.split(" ")
    candidates = [i for i, word in enumerate(words) if len(word) > 5 and word.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    position = rng.randrange(1, len(word) - 2)
    kind = rng.choice(["swap", "drop", "double", "umlaut"])
    if kind == "swap":
        word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    elif kind == "drop":
        word = word[:position] + word[position + 1 :]
    elif kind == "double":
        word = word[:position] + word[position] + word[position:]
    else:
        word = "".join(UMLAUTS.get(c, c) for c in word)
    words[i] = word
    return " ".join(words)


def variant(paragraphs: list[str], rng: random.Random, *, plain: bool = False) -> str:
    """A campaign letter as one sender sends it."""
    body = list(paragraphs)
    if not plain:
        if len(body) > 2 and rng.random() < 0.2:
            body.pop(rng.randrange(1, len(body)))
        if rng.random() < 0.3:
            rng.shuffle(body)
        for _ in range(rng.choice([0, 1, 1, 2])):
            at = rng.randrange(len(body) + 1)
            body.insert(at, rng.choice(INSERTIONS))
        for _ in range(rng.choice([0, 1, 2, 3, 4])):
            i = rng.randrange(len(body))
            body[i] = typo(body[i], rng)
        if rng.random() < 0.1:
            body = [paragraph.lower() for paragraph in body]
    salutation = rng.choice(SALUTATIONS)
    closing = f"{rng.choice(CLOSINGS)}\n{rng.choice(NAMES)}"
    parts = ([salutation] if salutation else []) + body + [closing]
    return "\n\n".join(parts)


def build(rng: random.Random) -> list[dict]:
    rows = []
    for label, campaign in CAMPAIGNS.items():
        for number in range(VARIANTS_PER_CAMPAIGN):
            rows.append(
                {
                    "text": variant(campaign["paragraphs"], rng, plain=number == 0),
                    "campaign": label,
                    "concern": campaign["concern"],
                }
            )
    for label, texts in CONCERNS.items():
        rows += [{"text": text, "campaign": None, "concern": label} for text in texts]
    rows += [{"text": text, "campaign": None, "concern": None} for text in UNRELATED]
    rng.shuffle(rows)
    return [{"id": number, **row} for number, row in enumerate(rows, start=1)]


def main() -> None:
    rows = build(random.Random(22))
    with OUTPUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} statements written to {OUTPUT}")


if __name__ == "__main__":
    main()
