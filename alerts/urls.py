from django.urls import path

from alerts import admin_views, views

app_name = "alerts"

urlpatterns = [
    path("konto/abos/", views.my_follows, name="my_follows"),
    path("abos/folgen/", views.follow, name="follow"),
    path("abos/gebiet/", views.follow_area, name="follow_area"),
    path("abos/bestaetigen/<token:token>/", views.confirm, name="confirm"),
    path("abos/abmelden/<token:token>/", views.unsubscribe, name="unsubscribe"),
    path("abos/einstellungen/<token:token>/", views.manage, name="manage"),
    path("abos/hinweis/<token:token>/<id:occurrence_id>/", views.open_alert, name="open"),
]

admin_urlpatterns = [
    path("<id:procedure_id>/", admin_views.participants_message, name="participants_message"),
]
