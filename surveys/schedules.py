from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Erase survey responses after their deletion date",
        "func": "surveys.tasks.erase_expired_responses",
        "schedule_type": Schedule.DAILY,
    },
]
