from django.urls import path

from events import views
from events.feeds import EventFeed

app_name = "events"

urlpatterns = [
    path("veranstaltungen/feed.atom", EventFeed(), name="event_feed"),
    path("veranstaltungen/kalender.ics", views.feed, name="feed"),
    path("veranstaltungen/abmelden/<token:token>/", views.cancel_registration, name="cancel"),
    path("veranstaltungen/<slug:slug>.ics", views.event_ics, name="event_ics"),
]
