from django.urls import path

from maps import admin_views, planner

app_name = "maps_admin"

urlpatterns = [
    path("", admin_views.triage, name="triage"),
    path("<int:pk>/", admin_views.report_view, name="report"),
    path("<int:pk>/status/", admin_views.report_status, name="status"),
    path("<int:pk>/antwort/", admin_views.report_answer, name="answer"),
    path("<int:pk>/notiz/", admin_views.report_note, name="note"),
    path("<int:pk>/duplikat/", admin_views.report_duplicate, name="duplicate"),
    path("<int:pk>/kategorie/", admin_views.report_category, name="category"),
    path("<int:pk>/sichtbarkeit/", admin_views.report_visibility, name="visibility"),
    path("<int:pk>/fotos/<int:photo_pk>/schwaerzen/", admin_views.photo_redact, name="redact"),
]

# The planners' map, at /admin/karte/<procedure id>/ (namespace "maps_planner").
planner_urlpatterns = [
    path("<int:page_id>/", planner.planner_map, name="map"),
    path("<int:page_id>/daten.json", planner.planner_data, name="data"),
    path("<int:page_id>/export.<str:fmt>", planner.planner_export, name="export"),
]
