from django.urls import path

from cms import agency_admin

app_name = "cms_agencies"

urlpatterns = [
    path("", agency_admin.agency_index, name="index"),
    path("<id:page_id>/", agency_admin.agency_invitations, name="procedure"),
]
