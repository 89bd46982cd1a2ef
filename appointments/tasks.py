"""Thin django-q2 tasks: load by id, call the model or service function."""

from appointments import services, slots
from appointments.models import Office


def generate_office_slots(office_id: int) -> int:
    office = Office.objects.filter(pk=office_id, active=True).first()
    if office is None:
        return 0
    return slots.generate_slots(office).created


def generate_all_slots() -> int:
    return sum(result.created for result in slots.generate_all().values())


def release_due() -> int:
    return services.release_due()


def send_reminders() -> int:
    return services.send_reminders()


def erase_personal_data() -> int:
    return services.erase_personal_data()
