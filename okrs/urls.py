from django.urls import path

from okrs import views

app_name = "okrs"

urlpatterns = [
    path("", views.current_quarter, name="current"),
    path("year-<id:year>/q<id:number>/", views.quarter_detail, name="quarter"),
    path("year-<id:year>/q<id:number>/export.csv", views.quarter_export, name="quarter_export"),
    path("year-<id:year>/q<id:number>/<id:kr>/", views.key_result_detail, name="key_result"),
    path("year-<id:year>/q<id:number>/<id:kr>/check-in/", views.check_in_new, name="check_in_new"),
]
