"""The central team's side of the ideas bank: calls, the review workflow, votes and promotion to projects.

Status changes go through ideas.services, from the change form and the bulk
actions alike, so that every change is checked, kept in history with who made
it, and emailed to the submitter.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from ideas.models import Call, Idea, IdeaStateError, Status, Vote
from ideas.services import IdeasRefused, idea_promote_to_project, idea_status_change


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "opens_at", "deadline_at", "workshop_on", "voting_closes_at", "votes_per_borough", "ideas"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "opens_at"
    actions = ["close_voting"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description"]}),
        ("Submissions", {"fields": ["opens_at", "deadline_at"]}),
        (
            "Workshop and voting",
            {"fields": ["workshop_on", "voting_opens_at", "voting_closes_at", "votes_per_borough"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(idea_count=Count("ideas"))

    @admin.display(ordering="idea_count")
    def ideas(self, call):
        return call.idea_count

    def view_on_site(self, call):
        return reverse("ideas:workshop", kwargs={"slug": call.slug})

    @admin.action(description="Close voting now and publish the results")
    def close_voting(self, request, queryset):
        closed = [call.title for call in queryset if call.close_voting(by=request.user)]
        if closed:
            self.message_user(request, f"Voting closed and results published: {', '.join(closed)}.", messages.SUCCESS)
        else:
            self.message_user(request, "None of these calls had voting open, so nothing changed.", messages.WARNING)


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    fields = ["borough", "cast_by", "cast_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # votes are cast on the workshop page, where the allowance is checked


class IdeaAdminForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = "__all__"

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and status != self.instance.status:
            if self.instance.project_id:
                raise forms.ValidationError("This idea has become a project, so its status cannot change.")
            if not self.instance.can_move_to(status):
                raise forms.ValidationError(
                    f"An idea that is {self.instance.get_status_display().lower()} "
                    f"cannot be marked as {Status(status).label.lower()}."
                )
        return status

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("project") and cleaned.get("status") != Status.SELECTED:
            self.add_error("project", "Only a selected idea can be linked to a project.")
        return cleaned


class ToReviewFilter(admin.SimpleListFilter):
    """Ideas still to be looked at (submitted or under review) while their call takes or reviews ideas."""

    title = "to review"
    parameter_name = "to_review"
    query = "to_review=yes"

    def lookups(self, request, model_admin):
        return [("yes", "Waiting in a call that is open or being reviewed")]

    def queryset(self, request, queryset):
        return self.waiting(queryset) if self.value() == "yes" else queryset

    @staticmethod
    def waiting(queryset):
        # Call.stage: open from opens_at, reviewing until voting opens.
        now = timezone.now()
        return queryset.filter(
            status__in=[Status.SUBMITTED, Status.UNDER_REVIEW], call__opens_at__lte=now, call__voting_opens_at__gt=now
        )


@admin.register(Idea)
class IdeaAdmin(SimpleHistoryAdmin):
    form = IdeaAdminForm
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["title", "call", "borough", "theme", "status", "votes", "submitted_at", "project"]
    list_filter = [ToReviewFilter, "call", "status", "theme", "borough"]
    list_select_related = ["call", "borough", "theme", "project"]
    search_fields = ["title", "problem", "proposal", "submitted_by__email"]
    readonly_fields = [
        "call",
        "submitted_by",
        "borough",
        "submitted_at",
        "updated_at",
        "status_changed_at",
        "shortlisted_at",
        "project_link",
    ]
    inlines = [VoteInline]
    actions = ["start_review", "shortlist", "select", "set_aside", "promote_to_project"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "call",
                    "title",
                    "problem",
                    "proposal",
                    "beneficiaries",
                    "outcomes",
                    "theme",
                    "interested_boroughs",
                ]
            },
        ),
        ("Submitted", {"fields": ["submitted_by", "borough", "submitted_at", "updated_at"]}),
        (
            "Review",
            {
                "fields": ["status", "review_note", "response", "status_changed_at", "shortlisted_at"],
                "description": "Changing the status emails the submitter, with the public response.",
            },
        ),
        ("Outcome", {"fields": ["project", "project_link"]}),
    ]

    def has_add_permission(self, request):
        return False  # ideas are submitted on the portal, by the person whose idea it is

    def todo(self, request):
        """For the admin home's To do panel."""
        return [(ToReviewFilter.waiting(Idea.objects.all()).count(), "ideas to review", ToReviewFilter.query)]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(vote_count=Count("votes"))

    @admin.display(ordering="vote_count")
    def votes(self, idea):
        return idea.vote_count

    @admin.display(description="project page")
    def project_link(self, idea):
        if not idea.project_id:
            return "None yet. Select the idea, then use the action ‘Turn into a project’."
        return format_html('<a href="{}">{}</a>', idea.project.get_absolute_url(), idea.project)

    def save_model(self, request, obj, form, change):
        """Save the other fields, then change the status through the service, which emails the submitter."""
        new_status = obj.status
        status_changed = change and "status" in form.changed_data
        if status_changed:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if status_changed:
            idea_status_change(idea=obj, status=new_status, by=request.user)
            obj.refresh_from_db()

    def _move(self, request, queryset, status):
        moved, refused = [], []
        for idea in queryset:
            try:
                idea_status_change(idea=idea, status=status, by=request.user)
                moved.append(idea.title)
            except IdeaStateError as error:
                refused.append(str(error))
        label = Status(status).label.lower()
        if moved:
            self.message_user(
                request,
                f"{len(moved)} idea{'s' if len(moved) != 1 else ''} marked as {label}; "
                "the submitters are being emailed.",
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Start reviewing the selected ideas")
    def start_review(self, request, queryset):
        self._move(request, queryset, Status.UNDER_REVIEW)

    @admin.action(description="Shortlist for the workshop vote")
    def shortlist(self, request, queryset):
        self._move(request, queryset, Status.SHORTLISTED)

    @admin.action(description="Mark as selected")
    def select(self, request, queryset):
        self._move(request, queryset, Status.SELECTED)

    @admin.action(description="Mark as not progressed")
    def set_aside(self, request, queryset):
        self._move(request, queryset, Status.NOT_PROGRESSED)

    @admin.action(description="Turn into a project (selected ideas only)")
    def promote_to_project(self, request, queryset):
        for idea in queryset:
            try:
                project, created = idea_promote_to_project(idea=idea, by=request.user)
            except IdeasRefused as refused:
                self.message_user(request, str(refused), messages.WARNING)
                continue
            change_url = reverse("admin:projects_project_change", args=[project.pk])
            if created:
                text = '“{}” is now the project <a href="{}">{}</a>. It is not public yet: check it, then tick Public.'
                self.message_user(request, format_html(text, idea.title, change_url, project.title), messages.SUCCESS)
            else:
                text = '“{}” had already become <a href="{}">{}</a>; nothing new was created.'
                self.message_user(request, format_html(text, idea.title, change_url, project.title), messages.INFO)


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    """Votes are cast on the workshop page; here they can be read and, to correct a mistake, deleted."""

    list_display = ["idea", "call", "borough", "cast_by", "cast_at"]
    list_filter = ["idea__call", "borough"]
    list_select_related = ["idea__call", "borough", "cast_by"]
    search_fields = ["idea__title", "borough__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(ordering="idea__call__title")
    def call(self, vote):
        return vote.idea.call
