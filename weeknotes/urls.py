from django.contrib.auth.decorators import login_not_required
from django.urls import path

from weeknotes import feeds, views

app_name = "weeknotes"

urlpatterns = [
    path("", views.note_list, name="list"),
    path("feed/", login_not_required(feeds.WeekNotesFeed()), name="feed"),
    path("<str:week>/", views.note_detail, name="detail"),
]
