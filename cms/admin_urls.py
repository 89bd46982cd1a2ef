from django.urls import path

from cms import receipts, report, weighing

app_name = "cms_weighing"

urlpatterns = [
    path("", weighing.weighing_index, name="index"),
    path("<id:page_id>/", weighing.weighing_table, name="table"),
    path("<id:page_id>/<id:statement_id>/", weighing.weighing_edit, name="edit"),
    path("<id:page_id>/erfassen/", weighing.weighing_enter, name="enter"),
    path(
        "<id:page_id>/<id:statement_id>/eingangsbestaetigung/",
        receipts.entered_receipt,
        name="receipt",
    ),
    path("<id:page_id>/gruppe/<id:group_id>/", weighing.weighing_group, name="group"),
    path(
        "<id:page_id>/gruppe/<id:group_id>/herausnehmen/<id:statement_id>/",
        weighing.weighing_group_leave,
        name="group_leave",
    ),
    path(
        "<id:page_id>/<id:statement_id>/abschnitte/",
        weighing.weighing_segment,
        name="segment_add",
    ),
    path(
        "<id:page_id>/<id:statement_id>/abschnitte/<id:segment_id>/",
        weighing.weighing_segment,
        name="segment",
    ),
    path("<id:page_id>/veroeffentlichen/", weighing.weighing_publish, name="publish"),
    path(
        "<id:page_id>/export.<str:fmt>",
        weighing.weighing_export,
        name="export",
    ),
    path("<id:page_id>/stellungnahmen.geojson", weighing.weighing_geojson, name="geojson"),
    path("anhang/<id:attachment_id>/", weighing.weighing_attachment, name="attachment"),
    # The weighing report and the final notice letters (cms/report.py).
    path("<id:page_id>/bericht.<str:fmt>", report.report_download, name="report"),
    path("bericht/<id:file_id>/", report.report_file, name="report_file"),
]
