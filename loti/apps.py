from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class LotiConfig(AppConfig):
    name = "loti"
    verbose_name = "LOTI site"
    default = True


class LotiAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the LOTI site (its home grouped by the team's work) as the default site."""

    default = False
    default_site = "loti.sites.LotiAdminSite"
