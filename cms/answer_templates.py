"""Answer templates (Textbausteine): standard responses an organisation's planners pick in the
weighing form to fill the proposed response, then adapt to the statement."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies.base import BasePermissionPolicy

from cms.procedures import ConsiderationResult


class AnswerTemplateQuerySet(models.QuerySet):
    def for_organisation(self, organisation) -> "AnswerTemplateQuerySet":
        return self.filter(organisation=organisation).order_by("title")


class AnswerTemplate(models.Model):
    organisation = models.ForeignKey(
        "beteiligung.Organisation",
        on_delete=models.CASCADE,
        related_name="weighing_answer_templates",
        verbose_name=_("organisation"),
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        help_text=_("Shown in the choice, e.g. “Noise: reference to the noise study”."),
    )
    text = models.TextField(_("text of the response"))
    result = models.CharField(
        _("suggested result"),
        max_length=20,
        choices=ConsiderationResult.choices,
        blank=True,
        help_text=_("Optional: the consideration result this response usually goes with."),
    )

    objects = AnswerTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["organisation", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"],
                name="answer_template_title_unique_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AnswerTemplateForm(WagtailAdminModelForm):
    """Planners write templates only for organisations they weigh for."""

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("organisation")
        if field is not None and for_user is not None and not for_user.is_superuser:
            field.queryset = weighing_organisations(for_user)
            field.empty_label = None


def weighing_organisations(user):
    from beteiligung.roles import Role, organisations_for

    return organisations_for(user, Role.PLANNER, Role.MODERATOR)


class AnswerTemplatePolicy(BasePermissionPolicy):
    """Planners and moderators manage their own organisations' templates, and no others."""

    def user_has_permission(self, user, action) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or weighing_organisations(user).exists()

    def user_has_any_permission(self, user, actions) -> bool:
        return self.user_has_permission(user, "")

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_permission(user, ""):
            return AnswerTemplate.objects.none()
        if user.is_superuser:
            return AnswerTemplate.objects.all()
        return AnswerTemplate.objects.filter(organisation__in=weighing_organisations(user))

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


AnswerTemplate.base_form_class = AnswerTemplateForm
