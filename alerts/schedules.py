from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Alerts: collect what happened and tell the followers",
        "func": "alerts.tasks.collect_and_dispatch",
        "schedule_type": Schedule.MINUTES,
        "minutes": 5,
    },
    {
        "name": "Alerts: daily digests",
        "func": "alerts.tasks.send_daily_digests",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "Alerts: weekly digests",
        "func": "alerts.tasks.send_weekly_digests",
        "schedule_type": Schedule.WEEKLY,
    },
    {
        "name": "Alerts: erase unconfirmed and expired follows",
        "func": "alerts.tasks.erase_expired",
        "schedule_type": Schedule.DAILY,
    },
]
