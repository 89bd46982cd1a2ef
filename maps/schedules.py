from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Erase reporter data of closed incident reports",
        "func": "maps.tasks.erase_expired_reporter_data",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "Delete incident reports never confirmed by e-mail",
        "func": "maps.tasks.delete_unconfirmed_reports",
        "schedule_type": Schedule.DAILY,
    },
]
