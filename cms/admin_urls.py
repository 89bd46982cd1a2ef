from django.urls import path

from cms import weighing

app_name = "cms_weighing"

urlpatterns = [
    path("", weighing.weighing_index, name="index"),
    path("<int:page_id>/", weighing.weighing_table, name="table"),
    path("<int:page_id>/<int:statement_id>/", weighing.weighing_edit, name="edit"),
    path("<int:page_id>/veroeffentlichen/", weighing.weighing_publish, name="publish"),
    path(
        "<int:page_id>/export.<str:fmt>",
        weighing.weighing_export,
        name="export",
    ),
    path("<int:page_id>/stellungnahmen.geojson", weighing.weighing_geojson, name="geojson"),
    path("anhang/<int:attachment_id>/", weighing.weighing_attachment, name="attachment"),
]
