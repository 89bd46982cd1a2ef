from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Erase old comment reports and moderation log entries",
        "func": "dialogues.tasks.erase_expired",
        "schedule_type": Schedule.DAILY,
    },
]
