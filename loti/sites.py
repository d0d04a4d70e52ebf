"""The admin site the central team lives in: its home grouped by their work, with what waits for them.

LotiAdminSite is the default admin site (loti.apps.LotiAdminConfig names it),
so every app's `@admin.register` lands here. This module imports nothing from
the apps' admin modules: it is loaded while they register (loti/admin.py is
the place that may import them).
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

# The home page's sections, in the team's words; models in the order the team uses them.
SECTIONS = [
    (
        "Programme",
        "projects",
        [
            "projects.Project",
            "projects.ProjectUpdate",
            "projects.Participation",
            "projects.DeliverableStatus",
            "projects.Measure",
            "projects.MeasureContribution",
            "projects.Agreement",
            "projects.Signatory",
            "projects.Theme",
            "projects.Follow",
        ],
    ),
    ("OKRs", "okrs", ["okrs.Quarter", "okrs.Objective", "okrs.KeyResult", "okrs.CheckIn"]),
    ("Jobs", "jobs", ["jobs.JobDescription", "jobs.Suggestion", "jobs.Vacancy", "jobs.Role", "jobs.RoleFamily"]),
    ("Ideas", "ideas", ["ideas.Call", "ideas.Idea", "ideas.Vote"]),
    ("Weeknotes", "weeknotes", ["weeknotes.WeekNote"]),
    ("People", "boroughs", ["boroughs.User", "boroughs.Borough"]),
    ("Email", "outbox", ["outbox.FailedEmail", "subscriptions.Subscription", "subscriptions.Suppression"]),
]
TECHNICAL = "Technical (superusers only)"


class LotiAdminSite(admin.AdminSite):
    site_header = "LOTI Portal administration"
    site_title = "LOTI Portal admin"
    index_title = "Central team"

    def has_permission(self, request):
        """The central team, signed in with both factors (as django-otp's OTPAdminSite asks)."""
        is_verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and is_verified is not None and is_verified()

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """One way in: the portal's sign-in, with its lockout and second step, then back to the admin."""
        if request.user.is_authenticated:
            # Signed in with both factors, but not the central team: sending them to sign in would loop.
            raise PermissionDenied
        wanted = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        return redirect_to_login(wanted, reverse("login"))

    def get_app_list(self, request, app_label=None):
        """The home and the side menu: the team's sections, then (for superusers) everything else."""
        if app_label:
            return super().get_app_list(request, app_label)  # one app's own page keeps Django's layout
        by_label = {
            model["model"]._meta.label: model
            for app in self._build_app_dict(request).values()
            for model in app["models"]
        }
        sections = []
        for name, app_label, labels in SECTIONS:
            models = [by_label.pop(label) for label in labels if label in by_label]
            if models:
                url = reverse("admin:app_list", kwargs={"app_label": app_label}, current_app=self.name)
                sections.append({"name": name, "app_label": app_label, "app_url": url, "models": models})
        if by_label:  # only superusers see these: see boroughs.admin.SuperusersOnly
            rest = sorted(by_label.values(), key=lambda m: (m["model"]._meta.app_label, m["name"]))
            sections.append({"name": TECHNICAL, "app_label": "technical", "app_url": "", "models": rest})
        return sections

    def index(self, request, extra_context=None):
        return super().index(request, {"todo": self.todo(request), **(extra_context or {})})

    def todo(self, request):
        """What waits for the team: each registered ModelAdmin with a `todo(request)` says what, in section order.

        Each item is (count, what, url of the list filtered to exactly those records).
        """
        items = []
        for _name, _app_label, labels in SECTIONS:
            for label in labels:
                model = apps.get_model(label)
                model_admin = self._registry.get(model)
                if not (hasattr(model_admin, "todo") and model_admin.has_view_permission(request)):
                    continue
                opts = model._meta
                try:
                    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.name)
                except NoReverseMatch:
                    continue
                items += [(count, what, f"{url}?{query}") for count, what, query in model_admin.todo(request)]
        return items
