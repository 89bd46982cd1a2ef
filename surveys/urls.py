from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("umfragen/<id:page_id>/ergebnisse/", views.results, name="results"),
    path(
        "umfragen/<id:page_id>/ergebnisse/<slug:name>/",
        views.text_answers,
        name="text_answers",
    ),
    path("umfragen/<id:page_id>/export.csv", views.export_csv, name="export_csv"),
    path("umfragen/<id:page_id>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(
        "umfragen/<id:page_id>/export/<id:file_id>.xlsx",
        views.export_file,
        name="export_file",
    ),
]
