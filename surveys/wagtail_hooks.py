from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton

from surveys.models import SurveyPage


@hooks.register("register_page_listing_buttons")
def results_button(page, user, next_url=None):
    if page.specific_class is not SurveyPage:
        return
    if page.specific_deferred.is_staff(user):
        yield ListingButton(
            _("Results and exports"), reverse("surveys:results", args=[page.pk]), priority=30
        )
