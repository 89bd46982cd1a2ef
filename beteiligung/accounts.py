"""django-allauth glue: a display name at sign-up, and e-mails through the task queue."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from beteiligung.emails import RenderedEmail, queue_message


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name (optional)"),
        max_length=80,
        required=False,
        help_text=_(
            "Shown next to your public contributions. Leave empty to appear as 'Anonymous'."
        ),
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        ctx = {"email": email, "current_site": context.get("current_site"), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), ""
        )
        if not html:
            try:
                html = render_to_string("emails/wrap_text.html", {"text": message.body})
            except TemplateDoesNotExist:
                html = ""
        queue_message(
            RenderedEmail(subject=message.subject, text=message.body, html=html, to=[email])
        )
