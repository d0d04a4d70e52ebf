from django.contrib import admin, messages

from outbox.mail import resend
from outbox.models import FailedEmail


@admin.register(FailedEmail)
class FailedEmailAdmin(admin.ModelAdmin):
    """Emails the worker gave up on. Read-only: the team can see why, and send one again once the cause is fixed."""

    list_display = ["subject", "to", "failed_at", "attempts", "resent_at"]
    list_filter = [("resent_at", admin.EmptyFieldListFilter), "failed_at"]
    search_fields = ["to", "subject"]
    date_hierarchy = "failed_at"
    # Never the body: an invitation or reset email holds a link meant for its recipient only.
    fields = ["subject", "to", "attempts", "error", "failed_at", "resent_at"]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected emails again", permissions=["change"])
    def send_again(self, request, queryset):
        count = resend(queryset)
        self.message_user(request, f"Queued {count} email{'s' if count != 1 else ''} to send again.", messages.SUCCESS)

    def todo(self, request):
        """For the admin home's To do panel."""
        waiting = FailedEmail.objects.filter(resent_at__isnull=True).count()
        return [(waiting, "emails that could not be sent", "resent_at__isempty=1")]
