from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from boroughs import two_factor
from boroughs.groups import central_team_group
from boroughs.models import Borough, Invitation, TwoFactorReset, User
from boroughs.services import user_invite


class SuperusersOnly:
    """A ModelAdmin mixin for technical tables: only superusers see them, whatever permissions say."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser and super().has_delete_permission(request, obj)


class LabelledListEditable:
    """A ModelAdmin mixin: list_editable inputs sit under a column heading, not a label, so name each one."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label} of {self.instance}"

        return LabelledForm


@admin.register(Borough)
class BoroughAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gss_code", "area", "is_member", "member_since"]
    list_filter = ["is_member", "area"]
    search_fields = ["name", "official_name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}


class InviteUserForm(forms.ModelForm):
    """The admin's "add user" form: no password; the person sets their own."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "borough", "role", "is_staff"]

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email

    def clean(self):
        cleaned = super().clean()
        is_staff, borough = cleaned.get("is_staff"), cleaned.get("borough")
        if is_staff and borough:
            self.add_error("borough", "The central team has no borough: leave borough empty.")
        if not is_staff and not borough and "borough" not in self.errors:
            self.add_error("borough", "Choose the person's borough, or tick central team.")
        return cleaned


class InvitationInline(admin.TabularInline):
    model = Invitation
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["sent_at", "invited_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class TwoFactorResetInline(admin.TabularInline):
    model = TwoFactorReset
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["reset_at", "reset_by"]
    readonly_fields = fields
    verbose_name = "two-factor reset"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    add_form = InviteUserForm
    add_fieldsets = [
        (
            None,
            {
                "description": "The person is emailed a link to set their password. "
                "Borough people need a borough; the central team has none.",
                "fields": ["email", "first_name", "last_name", "borough", "role", "is_staff"],
            },
        )
    ]
    # What the central team needs to look after an account; superusers also see the raw access settings.
    fieldsets = [
        (None, {"fields": ["email", "first_name", "last_name"]}),
        ("Borough", {"fields": ["borough", "role", "listed_on_borough_page"]}),
        (
            "Access",
            {
                "fields": ["is_active", "is_staff"],
                "description": "Untick Active to stop someone signing in; their history keeps their name.",
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
        (
            "Two-factor authentication",
            {
                "fields": ["two_factor"],
                "description": "If someone loses their phone, choose Reset two-factor authentication from the "
                "list of users: they set it up again at their next sign-in.",
            },
        ),
    ]
    superuser_fieldsets = [
        *fieldsets[:2],
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions", "password"]}),
        *fieldsets[3:],
    ]
    readonly_fields = ["last_login", "date_joined", "two_factor"]
    list_display = ["email", "first_name", "last_name", "borough", "role", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "role", "borough"]
    list_select_related = ["borough"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["last_name", "first_name"]
    filter_horizontal = ["groups", "user_permissions"]
    actions = ["resend_invitation", "reset_two_factor"]

    def get_fieldsets(self, request, obj=None):
        if obj and request.user.is_superuser:
            return self.superuser_fieldsets
        return super().get_fieldsets(request, obj)

    def has_change_permission(self, request, obj=None):
        # Only a superuser may change a superuser's account.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # People set their own passwords from an invitation or a reset email; the team resends those.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_inlines(self, request, obj):
        # The add form is the invitation itself: no history to show yet.
        return [InvitationInline, TwoFactorResetInline] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        with transaction.atomic():
            obj.set_unusable_password()
            super().save_model(request, obj, form, change)
            if obj.is_staff:
                obj.groups.add(central_team_group())
            user_invite(user=obj, by=request.user)
        messages.info(request, f"An invitation email is on its way to {obj.email}.")

    @admin.action(description="Send a new invitation email")
    def resend_invitation(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True):
            user_invite(user=user, by=request.user)
            count += 1
        self.message_user(request, f"Sent {count} invitation email{'s' if count != 1 else ''}.")

    @admin.display(description="Two-factor authentication")
    def two_factor(self, obj):
        device = two_factor.authenticator_for(obj)
        if device is None:
            owed = "required: they set it up at their next sign-in" if two_factor.is_required_for(obj) else "optional"
            return f"Not set up ({owed})"
        return f"Set up on {device.created_at:%d %B %Y}" if device.created_at else "Set up"

    @admin.action(description="Reset two-factor authentication")
    def reset_two_factor(self, request, queryset):
        """For a lost phone: the person sets up a new authenticator app at their next sign-in. Recorded."""
        count = 0
        for user in queryset:
            if not self.has_change_permission(request, user):
                continue  # a superuser's account: only superusers may
            two_factor.two_factor_reset(user=user, by=request.user)
            count += 1
        self.message_user(
            request,
            f"Reset two-factor authentication for {count} {'person' if count == 1 else 'people'}. "
            "They set it up again at their next sign-in.",
        )
