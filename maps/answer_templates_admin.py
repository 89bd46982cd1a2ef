"""Answer templates (Textbausteine) in the Wagtail admin: incident handlers manage their own
organisation's, and see no other organisation's. Loaded by ``maps.wagtail_hooks``."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies.base import BasePermissionPolicy

from beteiligung.roles import Role, has_role, organisations_for
from beteiligung.snippets import OwnOrganisationSnippetViewSet


def handler_organisations(user):
    return organisations_for(user, Role.INCIDENT_HANDLER)


class AnswerTemplatePolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action) -> bool:
        return user.is_active and (user.is_superuser or handler_organisations(user).exists())

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return has_role(user, instance.organisation, Role.INCIDENT_HANDLER)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model._default_manager.filter(organisation__in=handler_organisations(user))

    def users_with_any_permission(self, actions):
        from beteiligung.models import User

        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__organisation_role__role=Role.INCIDENT_HANDLER),
            is_active=True,
        ).distinct()


class AnswerTemplateForm(WagtailAdminModelForm):
    """Offer only the user's own organisations."""

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not for_user.is_superuser:
            self.fields["organisation"].queryset = handler_organisations(for_user)
            self.fields["organisation"].empty_label = None


class AnswerTemplateViewSet(OwnOrganisationSnippetViewSet):
    organisation_roles = (Role.INCIDENT_HANDLER,)
    icon = "doc-full"
    menu_label = _("Answer templates")
    list_display = ["title", "organisation", "sort_order"]
    list_filter = ["organisation"]
    search_fields = ["title", "text"]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("title"),
            FieldPanel("text"),
            FieldPanel("sort_order"),
        ],
        base_form_class=AnswerTemplateForm,
    )

    def get_queryset(self, request):
        return self.model.objects.filter(organisation__in=handler_organisations(request.user))
