from django.urls import path

from appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.index, name="index"),
    path("leistung/<int:service_id>/", views.offices, name="offices"),
    path("leistung/<int:service_id>/stelle/<int:office_id>/", views.days, name="days"),
    path(
        "leistung/<int:service_id>/stelle/<int:office_id>/<str:day>/",
        views.times,
        name="times",
    ),
    path("leistung/<int:service_id>/termin/<int:slot_id>/", views.details, name="details"),
    path("reserviert/", views.reserved, name="reserved"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("buchung/<str:token>/", views.booking_detail, name="booking"),
    path("buchung/<str:token>/termin.ics", views.booking_ics, name="booking_ics"),
    path("buchung/<str:token>/absagen/", views.cancel, name="cancel"),
    path("buchung/<str:token>/umbuchen/", views.rebook, name="rebook"),
    path("feed/<int:office_id>/<str:token>.ics", views.feed, name="feed"),
]
