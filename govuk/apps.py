from django.apps import AppConfig


class GovukConfig(AppConfig):
    name = "govuk"
    verbose_name = "GOV.UK Design System plumbing"
