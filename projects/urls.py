from django.contrib.auth.decorators import login_not_required
from django.urls import path

from projects import feeds, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("export.csv", views.project_export, name="export"),
    path("feed/", login_not_required(feeds.AllUpdatesFeed()), name="feed"),
    path("my-borough/", views.my_borough, name="my_borough"),
    path("my-borough/<slug:slug>/", views.my_borough_project, name="my_borough_project"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/boroughs.csv", views.project_boroughs_export, name="boroughs_export"),
    path("<slug:slug>/feed/", login_not_required(feeds.ProjectUpdatesFeed()), name="project_feed"),
    path("<slug:slug>/updates/new/", views.update_new, name="update_new"),
    path("<slug:slug>/follow/", views.follow, name="follow"),
]
