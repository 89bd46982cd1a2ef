from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Erase reporter data of closed incident reports",
        "func": "maps.tasks.erase_expired_reporter_data",
        "schedule_type": Schedule.DAILY,
    },
]
