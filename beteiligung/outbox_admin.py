"""The e-mail outbox in the Wagtail admin ("Postausgang"): a read-only list with status,
attempts and last error, and "retry now" for superusers. Loaded by ``wagtail_hooks``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from beteiligung.models import OutboxEmail, OutboxStatus
from beteiligung.queue import enqueue


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Mails are written by the portal only; staff may look (superusers, or whoever was
    given the "view" permission), nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(OutboxEmail, ReadOnlyPolicy(OutboxEmail))


class OutboxIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.is_superuser and instance.status != OutboxStatus.SENT:
            buttons.append(
                ButtonMenuItem(
                    _("Retry now"),
                    url=reverse("outbox_retry", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                )
            )
        return buttons


class OutboxViewSet(ModelViewSet):
    model = OutboxEmail
    icon = "mail"
    menu_label = _("Outbox")
    url_prefix = "postausgang"
    add_to_settings_menu = True
    copy_view_enabled = False
    # No add or edit view is reachable (ReadOnlyPolicy); Wagtail still wants a form.
    exclude_form_fields = []
    inspect_view_enabled = True
    index_view_class = OutboxIndexView
    inspect_view_class = InspectView
    list_display = [
        "subject",
        Column("recipients", label=_("Recipients")),
        "status",
        "attempts",
        "last_error",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["subject"]
    inspect_view_fields = [
        "subject",
        "to",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "text",
    ]
    ordering = ["-created_at", "-pk"]


outbox_viewset = OutboxViewSet("outbox")


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return outbox_viewset


def outbox_retry(request, pk: int):
    """Confirm, then queue one failed or waiting mail for an attempt right away."""
    if not request.user.is_superuser:
        raise PermissionDenied
    email = get_object_or_404(OutboxEmail, pk=pk)
    if request.method == "POST":
        email.retry_now()
        enqueue("beteiligung.tasks.send_outbox_email", email.pk)
        messages.success(request, _("The e-mail will be sent again now."))
        return redirect(outbox_viewset.get_url_name("index"))
    return TemplateResponse(request, "beteiligung/admin/outbox_retry.html", {"email": email})


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [path("postausgang-erneut/<int:pk>/", outbox_retry, name="outbox_retry")]
