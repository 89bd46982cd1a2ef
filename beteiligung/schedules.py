"""Recurring tasks. Every app may have a ``schedules.py`` with a ``SCHEDULES`` list;
``sync_schedules`` turns them into django-q2 schedules after each migrate."""

from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Send the e-mail outbox (retries with backoff)",
        "func": "beteiligung.tasks.sweep_outbox",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    {
        "name": "Erase old accessibility feedback",
        "func": "beteiligung.tasks.erase_expired_accessibility_feedback",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "Erase old login records and expired SAML assertion IDs",
        "func": "beteiligung.tasks.erase_expired_identity_records",
        "schedule_type": Schedule.DAILY,
    },
]
