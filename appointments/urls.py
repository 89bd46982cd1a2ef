from django.urls import path

from appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.index, name="index"),
    # The old office step; the first screen now lists services with their offices.
    path("leistung/<id:service_id>/", views.offices, name="offices"),
    path("leistung/<id:service_id>/stelle/<id:office_id>/", views.days, name="days"),
    # The old time step; the calendar screen now shows the day's times (?tag=).
    path(
        "leistung/<id:service_id>/stelle/<id:office_id>/<str:day>/",
        views.times,
        name="times",
    ),
    path("leistung/<id:service_id>/termin/<id:slot_id>/", views.details, name="details"),
    path("reserviert/", views.reserved, name="reserved"),
    path("reserviert/termin.ics", views.reserved_ics, name="reserved_ics"),
    path("reserviert/absagen/", views.reserved_cancel, name="reserved_cancel"),
    path("bestaetigen/<token:token>/", views.confirm, name="confirm"),
    path("buchung/<token:token>/", views.booking_detail, name="booking"),
    path("buchung/<token:token>/termin.ics", views.booking_ics, name="booking_ics"),
    path("buchung/<token:token>/absagen/", views.cancel, name="cancel"),
    path("buchung/<token:token>/umbuchen/", views.rebook, name="rebook"),
    path("feed/<id:office_id>/<token:token>.ics", views.feed, name="feed"),
]
