from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Erase survey responses after their deletion date",
        "func": "surveys.tasks.erase_expired_responses",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "Delete survey XLSX exports after their retention",
        "func": "surveys.tasks.delete_expired_export_files",
        "schedule_type": Schedule.DAILY,
    },
]
