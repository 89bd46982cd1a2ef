from importlib import import_module

from django.apps import apps


def sync_schedules(**kwargs) -> None:
    """Create or update the django-q2 schedule of every app's ``schedules.SCHEDULES``."""
    from django_q.models import Schedule

    for app_config in apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.schedules")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.schedules":
                raise
            continue
        for entry in module.SCHEDULES:
            entry = dict(entry)
            name = entry.pop("name")
            Schedule.objects.update_or_create(name=name, defaults=entry)
