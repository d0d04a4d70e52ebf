from django.contrib import admin

from subscriptions.models import Subscription, Suppression


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Job alerts and newsletter sign-ups: the team can look one up, or delete it when someone asks."""

    list_display = ["email", "kind", "description", "frequency", "created_at", "confirmed_at", "last_sent_at"]
    list_filter = ["kind", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    # Made by visitors, through the double opt-in only: the team never signs anyone up.
    readonly_fields = [
        "email", "kind", "filters", "description", "frequency", "created_at", "confirmed_at", "checked_at",
        "last_sent_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses that bounced or complained: nothing is sent to them again (also `manage.py suppress_address`)."""

    list_display = ["email", "reason", "created_at", "note"]
    list_filter = ["reason"]
    search_fields = ["email"]
    fields = ["email", "reason", "note", "created_at"]
    readonly_fields = ["created_at"]

    def save_model(self, request, obj, form, change):
        obj.email = obj.email.strip().lower()
        super().save_model(request, obj, form, change)
