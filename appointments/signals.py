"""Regenerate an office's slots when its rules, closures or horizon change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from appointments.models import Closure, Office, OpeningRule
from beteiligung.queue import enqueue


@receiver([post_save, post_delete], sender=OpeningRule)
@receiver([post_save, post_delete], sender=Closure)
def regenerate_for_rule(sender, instance, **kwargs) -> None:
    enqueue("appointments.tasks.generate_office_slots", instance.office_id)


@receiver(post_save, sender=Office)
def regenerate_for_office(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields and set(update_fields) <= {"feed_token"}:
        return
    enqueue("appointments.tasks.generate_office_slots", instance.pk)
