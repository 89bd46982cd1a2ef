from django import template

register = template.Library()


@register.simple_tag
def my_bookings(user):
    """The account's bookings with what the /konto/ section shows, in one query."""
    from appointments.models import Booking

    if not user.is_authenticated:
        return []
    return Booking.objects.filter(user=user).select_related("slot__office", "service")[:100]
