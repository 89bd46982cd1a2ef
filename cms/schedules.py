from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Erase personal data of statements after the retention period",
        "func": "cms.tasks.erase_expired_statement_data",
        "schedule_type": Schedule.DAILY,
    },
]
