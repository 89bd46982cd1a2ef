"""Tasks of the assistant, run by the django-q2 cluster: load, call, done."""


def place_statement(statement_id: int) -> int | None:
    """Group a new statement with its near-duplicates; returns its near group's id."""
    from assist.grouping import place

    group = place(statement_id)
    return group.pk if group else None


def refresh_stale_concerns() -> int:
    """Recompute the similar concerns of procedures whose statements changed (scheduled)."""
    from assist.grouping import refresh_stale_concerns as refresh

    return len(refresh())


def queue_placement(sender, statement, **kwargs) -> None:
    """Receiver of cms.signals.statement_submitted."""
    from beteiligung.queue import enqueue

    enqueue("assist.tasks.place_statement", statement.pk)
