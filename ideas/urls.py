from django.urls import path

from ideas import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("new/", views.idea_new, name="new"),
    path("<id:pk>/", views.idea_detail, name="detail"),
    path("<id:pk>/edit/", views.idea_edit, name="edit"),
    path("<id:pk>/withdraw/", views.idea_withdraw_view, name="withdraw"),
    path("calls/<slug:slug>/workshop/", views.workshop, name="workshop"),
    path("calls/<slug:slug>/vote/", views.vote, name="vote"),
    path("calls/<slug:slug>/results/", views.results, name="results"),
]
