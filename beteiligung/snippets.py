"""Snippets that belong to an organisation: their staff see and change only their own."""

from django.http import Http404
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from beteiligung.roles import has_role


class OwnOrganisationOnly:
    """Wagtail's edit, delete, history and usage views do not ask the policy about the
    instance; we do. Another organisation's record is simply not there for this user."""

    organisation_roles: tuple[str, ...] = ()

    def get_object(self, *args):
        # Edit and delete views pass a queryset; history and usage views pass nothing.
        obj = super().get_object(*args)
        if not has_role(self.request.user, obj.organisation, *self.organisation_roles):
            raise Http404
        return obj


class EditView(OwnOrganisationOnly, snippet_views.EditView):
    pass


class DeleteView(OwnOrganisationOnly, snippet_views.DeleteView):
    pass


class HistoryView(OwnOrganisationOnly, snippet_views.HistoryView):
    pass


class UsageView(OwnOrganisationOnly, snippet_views.UsageView):
    pass


class OwnOrganisationSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose single-record views answer only staff with one of
    ``organisation_roles`` in the record's organisation."""

    organisation_roles: tuple[str, ...] = ()
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(organisation_roles=self.organisation_roles, **kwargs)
