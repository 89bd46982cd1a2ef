from django.urls import path

from appointments import admin_views

app_name = "appointments_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<id:office_id>/", admin_views.day_plan, name="day_plan"),
    path("<id:office_id>/buchen/", admin_views.book, name="book"),
    path("<id:office_id>/statistik/", admin_views.statistics, name="statistics"),
    path("<id:office_id>/feed-erneuern/", admin_views.rotate_feed, name="rotate_feed"),
    path("buchung/<id:booking_id>/", admin_views.booking_action, name="booking_action"),
]
