"""The follows of an account in the data download; account deletion erases them."""

from alerts.models import Delivery, Subscription


def export(user) -> list[dict]:
    return [
        {
            "type": s.get_kind_display(),
            "name": s.label,
            "frequency": s.get_frequency_display(),
            "created_at": s.created_at.isoformat(),
            "last_opened_at": s.last_opened_at.isoformat() if s.last_opened_at else None,
            "alerts_sent": s.deliveries.exclude(sent_at=None).count(),
        }
        for s in Subscription.objects.filter(user=user).select_related("procedure", "organisation")
    ]


def erase(user) -> None:
    Delivery.objects.filter(subscription__user=user).delete()
    Subscription.objects.filter(user=user).delete()
    # Follows by e-mail without an account under the same address go too: the person asked
    # for everything to be erased.
    Subscription.objects.filter(user__isnull=True, email__iexact=user.email).delete()
