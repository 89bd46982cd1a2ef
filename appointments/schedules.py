from django_q.models import Schedule

SCHEDULES = [
    {
        "name": "Appointments: generate slots up to the horizon",
        "func": "appointments.tasks.generate_all_slots",
        "schedule_type": Schedule.DAILY,
    },
    {
        "name": "Appointments: expire reservations, release held-back slots",
        "func": "appointments.tasks.release_due",
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
    },
    {
        "name": "Appointments: send reminders",
        "func": "appointments.tasks.send_reminders",
        "schedule_type": Schedule.HOURLY,
    },
    {
        "name": "Appointments: erase personal data of past bookings",
        "func": "appointments.tasks.erase_personal_data",
        "schedule_type": Schedule.DAILY,
    },
]
