"""``{% follow_button "procedure" page.pk page.title %}``: one click to follow from any page."""

from django import template
from taggit.models import Tag

from alerts.models import FollowKind, Subscription
from alerts.services import is_following

register = template.Library()


@register.inclusion_tag("alerts/follow_button.html", takes_context=True)
def follow_button(context, kind: str, target, label: str) -> dict:
    request = context["request"]
    if kind == FollowKind.TOPIC:
        # The topic comes from the address (?topic=…): only a topic that exists gets a button.
        # PostgreSQL refuses NUL bytes in a text comparison: such an address names no tag.
        slug = str(target)[:100]
        found = Tag.objects.filter(slug=slug) if "\x00" not in slug else Tag.objects.none()
        label = found.values_list("name", flat=True).first()
        if label is None:
            return {"hidden": True}
    key = Subscription(
        kind=kind,
        procedure_id=target if kind == FollowKind.PROCEDURE else None,
        organisation_id=target if kind == FollowKind.ORGANISATION else None,
        topic=target if kind == FollowKind.TOPIC else "",
    ).target_key()
    return {
        "request": request,
        "user": request.user,
        "kind": kind,
        "target": target,
        "label": label,
        "following": is_following(request.user, key),
        "next": request.get_full_path(),
        "form_id": f"follow-{kind}-{target}",
    }
