from django.contrib.auth.decorators import login_not_required
from django.urls import path

from jobs import feeds, views

app_name = "jobs"

urlpatterns = [
    path("", views.description_list, name="list"),
    path("export.csv", views.description_export, name="export"),
    path("feed/", login_not_required(feeds.NewJobDescriptionsFeed()), name="feed"),
    path("contribute/", views.contribute, name="contribute"),
    path("contribute/sent/", views.contribute_done, name="contribute_done"),
    path("descriptions/<int:pk>/", views.description_detail, name="detail"),
    path("descriptions/<int:pk>/file/", views.description_file, name="download"),
    path("descriptions/<int:pk>/suggest/", views.suggest, name="suggest"),
    path("roles/<slug:slug>/", views.role_detail, name="role"),
    path("salaries/", views.salary_list, name="salaries"),
    path("salaries/export.csv", views.salary_export, name="salaries_export"),
    path("vacancies/", views.vacancy_list, name="vacancies"),
    path("vacancies/feed/", login_not_required(feeds.OpenVacanciesFeed()), name="vacancies_feed"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy"),
]
