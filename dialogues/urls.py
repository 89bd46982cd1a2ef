from django.urls import path

from dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("kommentare/seite/<int:page_id>/neu/", views.post_comment, name="post"),
    path("kommentare/seite/<int:page_id>/folgen/", views.follow, name="follow"),
    path("kommentare/<int:comment_id>/antworten/", views.reply, name="reply"),
    path("kommentare/<int:comment_id>/bearbeiten/", views.edit, name="edit"),
    path("kommentare/<int:comment_id>/loeschen/", views.delete, name="delete"),
    path("kommentare/<int:comment_id>/unterstuetzen/", views.support, name="support"),
    path("kommentare/<int:comment_id>/melden/", views.flag, name="flag"),
    path("kommentare/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
