"""Groups of a procedure's statements, kept in the database: near-duplicate groups
(``StatementGroup`` with method NEAR) and clusters of similar concern (``Concern``).

How the groups relate (docs/assist.md): a statement has one ``Statement.group``, which the
weighing uses. An identical group is exact and stays; when its text is a near-duplicate of
other statements, the identical group becomes a subgroup of their near group
(``StatementGroup.parent``) and its members count among the near group's members. A statement
of no identical group joins the near group directly. Concerns are suggestions beside the
groups: a statement may be in several, and they never change what the weighing sees.
"""

import time
from collections import Counter
from dataclasses import dataclass
from uuid import uuid4

import numpy as np
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from assist import engine
from assist.models import Concern, ConcernMembership, ConcernRun, Fingerprint
from cms.procedures import Statement
from cms.segments import GroupMethod, StatementGroup, group_all


@dataclass(frozen=True)
class Summary:
    statements: int
    identical_groups: int
    near_groups: int
    in_near_groups: int
    concerns: int
    in_concerns: int
    concerns_skipped: bool
    seconds: float


def signatures_of(rows: list[tuple[int, str]]) -> dict[int, tuple[np.ndarray, int]]:
    """The stored signature and word-pair count of each (pk, text), computing and storing
    the missing ones."""
    stored = {
        pk: (Fingerprint.unpack(data), pairs)
        for pk, data, pairs in Fingerprint.objects.filter(
            statement_id__in=[pk for pk, _text in rows]
        ).values_list("statement_id", "signature", "word_pairs")
    }
    # Fingerprints from before the word-pair count are computed again.
    stored = {
        pk: found
        for pk, found in stored.items()
        if len(found[0]) == engine.NUM_PERM and found[1] > 0
    }
    missing = [(pk, text) for pk, text in rows if pk not in stored]
    if missing:
        sigs, sizes = engine.signatures([text for _pk, text in missing])
        Fingerprint.objects.filter(statement_id__in=[pk for pk, _text in missing]).delete()
        Fingerprint.objects.bulk_create(
            [
                Fingerprint(statement_id=pk, signature=Fingerprint.pack(sig), word_pairs=size)
                for (pk, _text), sig, size in zip(missing, sigs, sizes.tolist(), strict=True)
            ],
            batch_size=1000,
        )
        stored.update(
            {
                pk: (sig, size)
                for (pk, _text), sig, size in zip(missing, sigs, sizes.tolist(), strict=True)
            }
        )
    return stored


def new_near_group(procedure_id: int) -> StatementGroup:
    return StatementGroup.objects.create(
        procedure_id=procedure_id, method=GroupMethod.NEAR, key=uuid4().hex
    )


def near_group_id(group_id: int | None, method: str | None, parent_id: int | None) -> int | None:
    if group_id is None:
        return None
    return group_id if method == GroupMethod.NEAR else parent_id


def join(near: StatementGroup, rows: list[dict]) -> None:
    """Put the statements (rows with pk, group_id, group__method) into the near group: an
    identical group as a whole, any other statement directly."""
    identical = {r["group_id"] for r in rows if r["group__method"] == GroupMethod.IDENTICAL}
    loose = [r["pk"] for r in rows if r["group__method"] != GroupMethod.IDENTICAL]
    StatementGroup.objects.filter(pk__in=identical).update(parent=near)
    Statement.objects.filter(pk__in=loose).update(group=near)


def remove_empty_near_groups(procedure_id: int) -> None:
    StatementGroup.objects.filter(
        procedure_id=procedure_id, method=GroupMethod.NEAR, statements__isnull=True
    ).exclude(subgroups__isnull=False).delete()


ROW_FIELDS = ("pk", "group_id", "group__method", "group__parent_id", "kept_apart")


def place(statement_id: int) -> StatementGroup | None:
    """Put one new statement with its near-duplicates (the task after each statement);
    returns its near group. Near groups it bridges become one."""
    statement = Statement.objects.submitted().filter(pk=statement_id).first()
    if statement is None:
        return None
    procedure_statements = Statement.objects.submitted().filter(procedure_id=statement.procedure_id)
    # Statements from before the assistant (or an interrupted task) get their fingerprint now.
    missing = procedure_statements.filter(
        Q(fingerprint__isnull=True) | Q(fingerprint__word_pairs=0)
    ).exclude(pk=statement.pk)
    signatures_of(list(missing.values_list("pk", "text")))
    mine, my_size = signatures_of([(statement.pk, statement.text)])[statement.pk]
    usable = list(
        procedure_statements.exclude(pk=statement.pk).values(
            *ROW_FIELDS, "fingerprint__signature", "fingerprint__word_pairs"
        )
    )
    if not usable:
        return None
    matrix = np.vstack([Fingerprint.unpack(r["fingerprint__signature"]) for r in usable])
    needed = engine.thresholds(my_size, np.array([r["fingerprint__word_pairs"] for r in usable]))
    scores = engine.similarity_to(mine, matrix)
    # Statements a planner took out of a suggested group stay out.
    close = [
        r for r, ok in zip(usable, scores >= needed, strict=True) if ok and not r["kept_apart"]
    ]
    own = Statement.objects.filter(pk=statement.pk).values(*ROW_FIELDS).get()
    if own["kept_apart"]:
        return None
    if own["group__method"] == GroupMethod.IDENTICAL:
        close = [r for r in close if r["group_id"] != own["group_id"]]
    if not close:
        existing = near_group_id(own["group_id"], own["group__method"], own["group__parent_id"])
        return StatementGroup.objects.filter(pk=existing).first()
    with transaction.atomic():
        found = {
            near_group_id(r["group_id"], r["group__method"], r["group__parent_id"])
            for r in [own, *close]
        } - {None}
        if found:
            target = StatementGroup.objects.get(pk=min(found))
            merged = found - {target.pk}
            Statement.objects.filter(group_id__in=merged).update(group=target)
            StatementGroup.objects.filter(parent_id__in=merged).update(parent=target)
            StatementGroup.objects.filter(pk__in=merged).delete()
        else:
            target = new_near_group(statement.procedure_id)
        join(target, [own, *close])
    return target


def group_procedure(procedure_id: int, *, concerns: bool = True) -> Summary:
    """Group all statements of a procedure anew: identical ones, near-duplicates, concerns."""
    started = time.perf_counter()
    group_all(procedure_id)
    statements = Statement.objects.submitted().filter(procedure_id=procedure_id).order_by("pk")
    rows = list(statements.values(*ROW_FIELDS, "text"))
    sigs = signatures_of([(r["pk"], r["text"]) for r in rows])
    matrix = np.vstack([sigs[r["pk"]][0] for r in rows]) if rows else np.zeros((0, 1))
    labels = engine.near_labels(matrix, np.array([sigs[r["pk"]][1] for r in rows], dtype=int))
    components: dict[int, list[dict]] = {}
    for row, label in zip(rows, labels.tolist(), strict=True):
        # A planner took it out of a suggested group: it stays out of every near group.
        components.setdefault(("apart", row["pk"]) if row["kept_apart"] else label, []).append(row)
    with transaction.atomic():
        taken: set[int] = set()
        # Largest first, so a group that split keeps its number for its larger part.
        for members in sorted(components.values(), key=len, reverse=True):
            units = {
                ("g", r["group_id"])
                if r["group__method"] == GroupMethod.IDENTICAL
                else ("s", r["pk"])
                for r in members
            }
            if len(units) < 2:
                leave_near_groups(members)
                continue
            current = Counter(
                near_group_id(r["group_id"], r["group__method"], r["group__parent_id"])
                for r in members
            )
            reusable = [
                pk for pk, _n in current.most_common() if pk is not None and pk not in taken
            ]
            target = (
                StatementGroup.objects.get(pk=reusable[0])
                if reusable
                else new_near_group(procedure_id)
            )
            taken.add(target.pk)
            join(target, members)
        remove_empty_near_groups(procedure_id)
    concern_count, in_concerns, skipped = (0, 0, False)
    if concerns:
        concern_count, in_concerns, skipped = group_concerns(procedure_id, rows, labels)
    near = StatementGroup.objects.filter(procedure_id=procedure_id, method=GroupMethod.NEAR)
    return Summary(
        statements=len(rows),
        identical_groups=StatementGroup.objects.filter(
            procedure_id=procedure_id, method=GroupMethod.IDENTICAL
        ).count(),
        near_groups=near.count(),
        in_near_groups=statements.filter(
            Q(group__method=GroupMethod.NEAR) | Q(group__parent__isnull=False)
        ).count(),
        concerns=concern_count,
        in_concerns=in_concerns,
        concerns_skipped=skipped,
        seconds=round(time.perf_counter() - started, 2),
    )


def leave_near_groups(members: list[dict]) -> None:
    """Statements that are no near-duplicate of any other (any more)."""
    for row in members:
        if row["group__method"] == GroupMethod.NEAR:
            Statement.objects.filter(pk=row["pk"]).update(group=None)
        elif row["group__parent_id"] is not None:
            StatementGroup.objects.filter(pk=row["group_id"]).update(parent=None)


def characteristic_terms(texts: list[str], document_frequency: Counter, total: int) -> str:
    """The word stems the cluster's texts use much more often than the procedure."""
    counts = Counter(word for text in texts for word in set(engine.concern_words(text).split()))
    scored = sorted(
        ((n / len(texts)) / ((document_frequency[word] + 1) / (total + 1)), word)
        for word, n in counts.items()
        if n > 1
    )
    return ", ".join(word for _score, word in reversed(scored[-4:]))[:200]


def group_concerns(
    procedure_id: int, rows: list[dict], labels: np.ndarray
) -> tuple[int, int, bool]:
    """Replace the procedure's concern clusters. Near-duplicates count once (their first
    text), so a campaign does not outweigh the statements written in own words."""
    units: dict[int, list[dict]] = {}
    for row, label in zip(rows, labels.tolist(), strict=True):
        units.setdefault(label, []).append(row)
    unit_rows = list(units.values())
    texts = [members[0]["text"] for members in unit_rows]
    Concern.objects.filter(procedure_id=procedure_id).delete()
    ConcernRun.objects.update_or_create(
        procedure_id=procedure_id,
        defaults={"statements": len(rows), "finished_at": timezone.now()},
    )
    if len(texts) > engine.MAX_CONCERN_UNITS:
        return 0, 0, True
    clusters = engine.concern_labels(texts)
    frequency = Counter(word for text in texts for word in set(engine.concern_words(text).split()))
    in_concerns = 0
    created = 0
    for cluster in sorted(set(clusters.tolist()) - {-1}):
        indices = [i for i, c in enumerate(clusters.tolist()) if c == cluster]
        concern = Concern.objects.create(
            procedure_id=procedure_id,
            terms=characteristic_terms([texts[i] for i in indices], frequency, len(texts)),
        )
        members = [row["pk"] for i in indices for row in unit_rows[i]]
        ConcernMembership.objects.bulk_create(
            [ConcernMembership(concern=concern, statement_id=pk) for pk in members],
            batch_size=1000,
        )
        created += 1
        in_concerns += len(members)
    return created, in_concerns, False


def refresh_concerns(procedure_id: int) -> int:
    """Recompute the procedure's similar concerns and leave its groups as they are: a
    statement's near group (or identical group) counts as one text. Returns the number of
    concerns."""
    rows = list(
        Statement.objects.submitted()
        .filter(procedure_id=procedure_id)
        .order_by("pk")
        .values(*ROW_FIELDS, "text")
    )
    units = [
        near_group_id(r["group_id"], r["group__method"], r["group__parent_id"])
        or r["group_id"]
        or -r["pk"]
        for r in rows
    ]
    with transaction.atomic():
        created, _in_concerns, _skipped = group_concerns(procedure_id, rows, np.array(units))
    return created


def refresh_stale_concerns() -> list[int]:
    """Every procedure whose number of statements changed since its concerns were computed
    gets them recomputed; returns the procedures' ids."""
    counts = dict(
        Statement.objects.submitted()
        .values("procedure_id")
        .annotate(n=Count("pk"))
        .values_list("procedure_id", "n")
    )
    seen = dict(ConcernRun.objects.values_list("procedure_id", "statements"))
    stale = [pk for pk, n in counts.items() if seen.get(pk) != n]
    stale += [pk for pk, n in seen.items() if n and pk not in counts]
    for procedure_id in stale:
        refresh_concerns(procedure_id)
    return stale
