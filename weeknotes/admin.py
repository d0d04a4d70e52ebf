from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from weeknotes.models import WeekNote, WeekNoteRevision, monday_of
from weeknotes.services import WeekNoteExists, weeknote_draft, weeknote_publish


class RevisionInline(admin.TabularInline):
    """Every saved version, newest first: read only, as a history must be."""

    model = WeekNoteRevision
    verbose_name_plural = "History of edits"
    fields = ["edited_at", "edited_by", "title", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DraftForm(forms.Form):
    week = forms.ChoiceField(label="Which week is the note about?", widget=forms.RadioSelect)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        this_week = monday_of(today)
        self.weeks = {"this": this_week, "last": this_week - timedelta(days=7)}
        self.fields["week"].choices = [
            ("this", f"This week, from Monday {date_format(this_week, 'j F Y')}"),
            ("last", f"Last week, from Monday {date_format(self.weeks['last'], 'j F Y')}"),
        ]
        self.fields["week"].initial = "this"

    def monday(self):
        return self.weeks[self.cleaned_data["week"]]


@admin.register(WeekNote)
class WeekNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "week_starting", "status", "published_at", "author"]
    list_filter = ["status"]
    search_fields = ["title", "body"]
    date_hierarchy = "week_starting"
    fields = ["week_starting", "title", "body", "status", "published_at", "emailed_at", "author"]
    readonly_fields = ["status", "published_at", "emailed_at", "author"]
    inlines = [RevisionInline]
    actions = ["publish_selected"]
    change_list_template = "weeknotes/admin/weeknote_change_list.html"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        obj.save_edit(by=request.user)  # the change form's every save is a revision

    def todo(self, request):
        """For the admin home's To do panel: drafts waiting to be published."""
        drafts = WeekNote.objects.filter(status=WeekNote.Status.DRAFT).count()
        return [(drafts, "weeknotes drafted, not yet published", "status__exact=draft")]

    @admin.action(description="Publish the selected weeknotes (emails them to newsletter subscribers)")
    def publish_selected(self, request, queryset):
        if not self.has_change_permission(request):
            raise PermissionDenied
        published = [note for note in queryset if weeknote_publish(note=note, by=request.user)]
        if published:
            names = ", ".join(f"“{note.title}”" for note in published)
            self.message_user(request, f"Published {names}; the email to subscribers is on its way.")
        if len(published) < len(queryset):
            self.message_user(request, "The others were published already: nothing was sent again.", messages.WARNING)

    def get_urls(self):
        return [
            path("draft/", self.admin_site.admin_view(self.draft_view), name="weeknotes_weeknote_draft"),
            *super().get_urls(),
        ]

    def draft_view(self, request):
        """Draft this week's note (or last week's) from the week's changes, then edit it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DraftForm(request.POST or None, today=timezone.localdate())
        if request.method == "POST" and form.is_valid():
            try:
                note = weeknote_draft(monday=form.monday(), by=request.user)
            except WeekNoteExists as exists:
                self.message_user(
                    request, f"The week has a note already, “{exists.note}”: edit it here.", messages.WARNING
                )
                return redirect("admin:weeknotes_weeknote_change", exists.note.pk)
            self.message_user(request, f"Drafted “{note}” from the week’s changes. Edit it, then publish it.")
            return redirect("admin:weeknotes_weeknote_change", note.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Draft this week’s note",
            "opts": self.model._meta,
            "form": form,
            "changelist_url": reverse("admin:weeknotes_weeknote_changelist"),
        }
        return TemplateResponse(request, "weeknotes/admin/draft.html", context, status=400 if form.errors else 200)
