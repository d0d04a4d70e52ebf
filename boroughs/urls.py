from django.urls import path

from boroughs import views

app_name = "boroughs"

urlpatterns = [
    path("", views.borough_list, name="list"),
    # A borough's own page shows its part in the other apps' work: loti.urls adds it, as "boroughs:detail".
]
