from django.conf import settings
from django.urls import reverse

from beteiligung.emails import queue_email
from beteiligung.models import AccessibilityFeedback


def receive_accessibility_feedback(*, message: str, page_url: str, name: str, email: str):
    """Save the feedback, then tell the staff in charge of accessibility."""
    feedback = AccessibilityFeedback.objects.create(
        message=message, page_url=page_url, name=name, email=email
    )
    # The mail links to the feedback in the admin instead of carrying the message, name
    # and address (no Reply-To either): shared mailboxes and forwards keep no personal data.
    admin_path = reverse(
        "wagtailsnippets_beteiligung_accessibilityfeedback:edit", args=[feedback.pk]
    )
    queue_email(
        "accessibility_feedback",
        [settings.STAFF_NOTIFICATION_EMAIL],
        {"feedback": feedback, "admin_url": settings.SITE_URL + admin_path},
        language=settings.LANGUAGE_CODE,
    )
    return feedback
