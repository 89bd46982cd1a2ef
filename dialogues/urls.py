from django.urls import path

from dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("kommentare/seite/<id:page_id>/neu/", views.post_comment, name="post"),
    path("kommentare/seite/<id:page_id>/folgen/", views.follow, name="follow"),
    path("kommentare/<id:comment_id>/antworten/", views.reply, name="reply"),
    path("kommentare/<id:comment_id>/diskussion/", views.thread, name="thread"),
    path("kommentare/<id:comment_id>/bearbeiten/", views.edit, name="edit"),
    path("kommentare/<id:comment_id>/loeschen/", views.delete, name="delete"),
    path("kommentare/<id:comment_id>/unterstuetzen/", views.support, name="support"),
    path("kommentare/<id:comment_id>/melden/", views.flag, name="flag"),
    path("kommentare/abbestellen/<token:token>/", views.unsubscribe, name="unsubscribe"),
]
