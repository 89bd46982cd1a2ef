"""Queue work for the django-q2 cluster once the current transaction has committed."""

from django.db import transaction
from django_q.tasks import async_task


def enqueue(func: str, *args, **kwargs) -> None:
    """Queue ``func`` (a dotted path) with arguments that survive pickling (ids, strings)."""
    transaction.on_commit(lambda: async_task(func, *args, **kwargs))
