from django.urls import path

from maps import admin_views, planner

app_name = "maps_admin"

urlpatterns = [
    path("", admin_views.triage, name="triage"),
    path("<id:pk>/", admin_views.report_view, name="report"),
    path("<id:pk>/status/", admin_views.report_status, name="status"),
    path("<id:pk>/antwort/", admin_views.report_answer, name="answer"),
    path("<id:pk>/notiz/", admin_views.report_note, name="note"),
    path("<id:pk>/duplikat/", admin_views.report_duplicate, name="duplicate"),
    path("<id:pk>/kategorie/", admin_views.report_category, name="category"),
    path("<id:pk>/sichtbarkeit/", admin_views.report_visibility, name="visibility"),
    path("<id:pk>/fotos/<id:photo_pk>/schwaerzen/", admin_views.photo_redact, name="redact"),
]

# The planners' map, at /admin/karte/<procedure id>/ (namespace "maps_planner").
planner_urlpatterns = [
    path("<id:page_id>/", planner.planner_map, name="map"),
    path("<id:page_id>/daten.json", planner.planner_data, name="data"),
    path("<id:page_id>/export.<str:fmt>", planner.planner_export, name="export"),
]

# Which procedures' planners' maps the user may open, at /admin/karten/ ("maps_planners").
planner_index_urlpatterns = [
    path("", admin_views.planner_index, name="index"),
]
