from django.apps import AppConfig


class LotiConfig(AppConfig):
    name = "loti"
    verbose_name = "LOTI site"
