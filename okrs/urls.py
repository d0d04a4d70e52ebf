from django.urls import path

from okrs import views

app_name = "okrs"

urlpatterns = [
    path("", views.current_quarter, name="current"),
    path("year-<int:year>/q<int:number>/", views.quarter_detail, name="quarter"),
    path("year-<int:year>/q<int:number>/export.csv", views.quarter_export, name="quarter_export"),
    path("year-<int:year>/q<int:number>/<int:kr>/", views.key_result_detail, name="key_result"),
]
