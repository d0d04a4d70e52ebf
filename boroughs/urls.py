from django.urls import path

from boroughs import views

app_name = "boroughs"

urlpatterns = [
    path("", views.borough_list, name="list"),
    path("<slug:slug>/", views.borough_detail, name="detail"),
]
