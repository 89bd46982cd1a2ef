from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from beteiligung.models import AccessibilityFeedback, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_admin_menu = False
    list_display = ["name", "short_name", "email"]
    search_fields = ["name", "short_name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("address"),
        FieldPanel("website"),
        FieldPanel("requires_approval"),
    ]


class AccessibilityFeedbackViewSet(SnippetViewSet):
    model = AccessibilityFeedback
    icon = "help"
    menu_label = _("Accessibility feedback")
    list_display = ["created_at", "page_url", "message", "email"]
    list_filter = ["created_at"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("page_url"),
        FieldPanel("message"),
        FieldPanel("name"),
        FieldPanel("email"),
    ]


register_snippet(OrganisationViewSet)
register_snippet(AccessibilityFeedbackViewSet)


# The e-mail outbox ("Postausgang") registers its admin views and hooks on import.
import beteiligung.outbox_admin  # noqa: E402, F401
