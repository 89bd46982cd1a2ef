from django_q.models import Schedule

SCHEDULES = [
    {
        # New statements join their near group at once (assist.tasks.place_statement);
        # the concerns need all of a procedure's texts, so they follow within the hour.
        "name": "Recompute the similar concerns of procedures with new statements",
        "func": "assist.tasks.refresh_stale_concerns",
        "schedule_type": Schedule.HOURLY,
    },
]
