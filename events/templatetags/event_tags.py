from django import template

register = template.Library()


@register.simple_tag
def my_registrations(user):
    """The account's event registrations with their events, in one query."""
    from events.models import Registration

    if not user.is_authenticated:
        return []
    return Registration.objects.filter(user=user).select_related("event")[:100]
