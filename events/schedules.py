from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Remind registrants one day before the event",
        "func": "events.tasks.send_reminders",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "Erase event registrations after their deletion date",
        "func": "events.tasks.erase_expired_registrations",
        "schedule_type": Schedule.DAILY,
    },
]
