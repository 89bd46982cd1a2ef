from django import template

register = template.Library()


@register.simple_tag
def my_statements(user):
    """The account's submitted statements, newest first (for the /konto/ section)."""
    from cms.procedures import Statement

    if not user.is_authenticated:
        return []
    return (
        Statement.objects.submitted()
        .filter(user=user)
        .select_related("procedure")
        .order_by("-submitted_at")[:100]
    )
