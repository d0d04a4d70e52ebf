"""Technical tables from other packages: superusers only (see boroughs.admin.SuperusersOnly)."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group

from boroughs.admin import SuperusersOnly
from loti.models import DailyJobRun

# Tables for the people who run the servers, not the central team.
# The task queue's own records (django-tasks-db) hold email text in their arguments.
for model in [
    Group,
    *apps.get_app_config("axes").get_models(),
    *apps.get_app_config("django_tasks_database").get_models(),
]:
    if admin.site.is_registered(model):
        model_admin = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(model, type(f"SuperusersOnly{model_admin.__name__}", (SuperusersOnly, model_admin), {}))


@admin.register(DailyJobRun)
class DailyJobRunAdmin(SuperusersOnly, admin.ModelAdmin):
    """Which daily jobs the worker's scheduler queued, and when each finished (empty: failed or still running)."""

    list_display = ["job", "run_on", "queued_at", "finished_at"]
    list_filter = ["job"]
    date_hierarchy = "run_on"
