from django.urls import path

from dialogues import moderation

app_name = "dialogues_moderation"

urlpatterns = [
    path("", moderation.moderation_queue, name="queue"),
    path("protokoll/", moderation.moderation_log, name="log"),
]
