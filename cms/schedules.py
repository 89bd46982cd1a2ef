from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Erase personal data of statements after the retention period",
        "func": "cms.tasks.erase_expired_statement_data",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "Delete weighing reports and letters after their retention",
        "func": "cms.tasks.delete_expired_report_files",
        "schedule_type": Schedule.DAILY,
    },
    {
        # Hourly, so the reminder leaves on the day it is due; sent once per invitation.
        "name": "Remind invited public agencies before their deadline",
        "func": "cms.tasks.send_agency_reminders",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "Erase personal data of agency invitations after the retention period",
        "func": "cms.tasks.erase_expired_agency_data",
        "schedule_type": Schedule.DAILY,
    },
]
