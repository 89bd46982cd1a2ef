from django.urls import include, path

from maps import feedback, views
from maps.api import api
from maps.feeds import report_feed

public_urlpatterns = [
    path("meldungen/feed.atom", report_feed, name="report_feed"),
    path("meldungen/", views.report_index, name="report_index"),
    path("meldungen/karte.json", views.map_data, name="map_data"),
    path("meldungen/in-der-naehe.json", views.nearby, name="nearby"),
    path("meldungen/neu/", views.report_new, name="report_new"),
    path("meldungen/bestaetigen/<token:token>/", views.report_confirm, name="report_confirm"),
    path(
        "meldungen/abbestellen/<token:token>/", views.report_unsubscribe, name="report_unsubscribe"
    ),
    path("meldungen/<id:pk>/", views.report_detail, name="report_detail"),
    path("meldungen/<id:pk>/unterstuetzen/", views.report_support, name="report_support"),
    path("kartenhinweise/<id:procedure_id>/", feedback.feedback_page, name="feedback"),
    path(
        "kartenhinweise/<id:procedure_id>/punkte.json",
        feedback.feedback_data,
        name="feedback_data",
    ),
]

# The API sits outside the "maps" namespace: django-ninja reverses its own "open311:" names.
urlpatterns = [
    path("", include((public_urlpatterns, "maps"))),
    path("open311/v2/", api.urls),
]
