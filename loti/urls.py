from django.contrib import admin
from django.urls import include, path, register_converter

from api import urls as api_urls
from boroughs import urls as boroughs_urls
from loti import views
from loti.converters import IdConverter

# Registered before the apps' URLs are included: they use <id:...> for numbers.
register_converter(IdConverter, "id")

# The borough page brings together every app's work for one borough, so the
# top layer composes it; it keeps its name in the boroughs namespace.
borough_page = [path("<slug:slug>/", views.borough_detail, name="detail")]

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("boroughs.account_urls")),
    path("boroughs/", include((boroughs_urls.urlpatterns + borough_page, "boroughs"))),
    path("projects/", include("projects.urls")),
    path("okrs/", include("okrs.urls")),
    path("jobs/", include("jobs.urls")),
    path("ideas/", include("ideas.urls")),
    path("weeknotes/", include("weeknotes.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("api/", include((api_urls.docs, "api"))),
    path("api/v1/", include((api_urls.v1, "ninja"), namespace="api_v1")),
    path("admin/", admin.site.urls),
]

handler400 = "loti.views.bad_request"
handler403 = "loti.views.permission_denied"
handler404 = "loti.views.page_not_found"
handler500 = "loti.views.server_error"
