from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("alerts/<slug:kind>/new/", views.alert_new, name="alert_new"),
    path("newsletter/", views.newsletter, name="newsletter"),
    path("check-your-email/", views.check_email, name="check_email"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
