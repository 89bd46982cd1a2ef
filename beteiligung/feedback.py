from django.conf import settings

from beteiligung.emails import queue_email
from beteiligung.models import AccessibilityFeedback


def receive_accessibility_feedback(*, message: str, page_url: str, name: str, email: str):
    """Save the feedback, then tell the staff in charge of accessibility."""
    feedback = AccessibilityFeedback.objects.create(
        message=message, page_url=page_url, name=name, email=email
    )
    queue_email(
        "accessibility_feedback",
        [settings.STAFF_NOTIFICATION_EMAIL],
        {"feedback": feedback},
        headers={"Reply-To": email} if email else None,
        language=settings.LANGUAGE_CODE,
    )
    return feedback
