"""The portal's URLs plus /bench/floor/, the benchmark's baseline."""

from django.urls import path

from loti import urls as portal
from perf import views

urlpatterns = [*portal.urlpatterns, path("bench/floor/", views.floor, name="bench_floor")]
handler403, handler404, handler500 = portal.handler403, portal.handler404, portal.handler500
