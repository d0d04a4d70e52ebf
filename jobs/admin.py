from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from boroughs.admin import LabelledListEditable, SuperusersOnly
from govuk.exports import csv_response
from govuk.formats import gbp_range
from jobs.imports import COLUMNS, MAX_IMPORT_BYTES, export_rows, parse_csv
from jobs.models import (
    FormSubmission,
    JobDescription,
    ModerationError,
    Role,
    RoleFamily,
    SalaryBenchmark,
    Suggestion,
    Vacancy,
)
from jobs.services import (
    job_description_publish,
    job_description_reject,
    job_description_withdraw,
    job_descriptions_import,
    suggestion_approve,
    suggestion_reject,
)

IMPORT_SALT = "jobs.admin.import"


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


def moderate_each(modeladmin, request, queryset, step, done_verb, **kwargs):
    """Apply a moderation step (a service) to each selected item; say how many it applied to and why not the rest."""
    done, refused = 0, []
    # One transaction, so what follows every commit (the salary summary's rebuild) runs once; each step's own
    # atomic block is a savepoint, so a refused item is rolled back alone.
    with transaction.atomic():
        for obj in queryset:
            try:
                step(obj, by=request.user, **kwargs)
                done += 1
            except ModerationError as error:
                refused.append(str(error))
    noun = modeladmin.model._meta.verbose_name
    if done:
        modeladmin.message_user(request, f"{done_verb} {plural(done, noun)}.", messages.SUCCESS)
    for reason in refused:
        modeladmin.message_user(request, f"Not changed: {reason}", messages.WARNING)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text="Emailed to the person who sent it. Say what would make it publishable, if anything.",
    )


def reject_with_reason(modeladmin, request, queryset, step):
    """An action's intermediate page: ask for the reason once, then reject every selected item with it."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        moderate_each(modeladmin, request, queryset, step, "Rejected", reason=form.cleaned_data["reason"])
        return None  # back to the list
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Reject {plural(queryset.count(), opts.verbose_name)}",
        "opts": opts,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action"),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "jobs/admin/reject.html", context)


class CouncilAdminForm(forms.ModelForm):
    """A London borough's council name is the borough's; other councils are named."""

    def clean(self):
        cleaned = super().clean()
        borough = cleaned.get("borough")
        if borough:
            cleaned["council_name"] = borough.name
            self.instance.council_name = borough.name
        elif not (cleaned.get("council_name") or "").strip() and "council_name" not in self.errors:
            self.add_error("council_name", "Choose a London borough, or enter the name of another council.")
        return cleaned


class JobDescriptionAdminForm(CouncilAdminForm):
    class Meta:
        model = JobDescription
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        has_file = bool(self.instance.file)
        link = cleaned.get("external_url")
        if not has_file and not link and "external_url" not in self.errors:
            self.add_error("external_url", "Enter a link: this job description has no file.")
        if has_file and link:
            self.add_error("external_url", "This job description has a file: leave the link empty.")
        return cleaned


@admin.register(RoleFamily)
class RoleFamilyAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "level", "ddat_role"]
    list_max_show_all = 1000  # "Show all": every role on one page, like the public salaries table
    list_filter = ["family", "level"]
    list_select_related = ["family"]
    search_fields = ["name", "ddat_role"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # Job descriptions are found by their role's name too.
            JobDescription.objects.filter(role=obj).update_search_vectors()
        if change and "family" in form.changed_data:
            SalaryBenchmark.objects.rebuild_on_commit()  # the role's figures move to its new family's


@admin.register(JobDescription)
class JobDescriptionAdmin(SimpleHistoryAdmin):
    form = JobDescriptionAdminForm
    change_list_template = "jobs/admin/jobdescription_change_list.html"
    list_display = ["title", "council_name", "role", "salary", "state", "submitted_at", "document"]
    list_filter = ["state", "role__family", "london_weighting", "role"]
    list_select_related = ["role"]
    search_fields = ["title", "council_name", "role__name", "contributor_email"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at"]
    actions = ["publish_selected", "reject_selected", "withdraw_selected", "export_selected"]
    readonly_fields = [
        "state",
        "rejection_reason",
        "document",
        "submitted_at",
        "published_at",
        "moderated_at",
        "moderated_by",
    ]
    fieldsets = [
        (None, {"fields": ["title", "role", "borough", "council_name", "based_on", "grade"]}),
        ("Salary", {"fields": ["salary_min", "salary_max", "london_weighting", "advertised_on"]}),
        ("The job description", {"fields": ["document", "external_url", "summary"]}),
        ("Contributor (never shown publicly)", {"fields": ["contributor_name", "contributor_email"]}),
        (
            "Moderation",
            {
                "description": "Publish, reject or withdraw with the actions on the list of job descriptions.",
                "fields": ["state", "rejection_reason", "submitted_at", "published_at", "moderated_at", "moderated_by"],
            },
        ),
    ]

    @admin.display(description="Salary")
    def salary(self, jd):
        return gbp_range(jd.salary_min, jd.salary_max)

    @admin.display(description="Document")
    def document(self, jd):
        if jd.file:
            url = reverse("jobs:download", args=[jd.pk])
            return format_html('<a href="{}">Download ({}, {} KB)</a>', url, jd.file_type.upper(), jd.file_size // 1024)
        if jd.external_url:
            return format_html('<a href="{}" rel="noopener noreferrer">Link</a>', jd.external_url)
        return "–"

    def save_model(self, request, obj, form, change):
        # History's revert saves here too, and the version it restores may be published where the
        # one it replaces was not, or the other way round: either way the figures change.
        was_published = change and JobDescription.objects.published().filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)
        JobDescription.objects.filter(pk=obj.pk).update_search_vectors()
        if obj.is_published or was_published:
            # Its salary, role or council may have changed, or it has left or joined the published ones.
            SalaryBenchmark.objects.rebuild_on_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        SalaryBenchmark.objects.rebuild_on_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        SalaryBenchmark.objects.rebuild_on_commit()  # once, however many were selected

    def todo(self, request):
        """For the admin home's To do panel."""
        return [(JobDescription.objects.pending().count(), "job descriptions to moderate", "state__exact=pending")]

    @admin.action(description="Publish the selected job descriptions (emails the contributors)")
    def publish_selected(self, request, queryset):
        moderate_each(self, request, queryset, lambda jd, **kw: job_description_publish(jd=jd, **kw), "Published")

    @admin.action(description="Reject the selected job descriptions, with a reason (emails the contributors)")
    def reject_selected(self, request, queryset):
        return reject_with_reason(self, request, queryset, lambda jd, **kw: job_description_reject(jd=jd, **kw))

    @admin.action(description="Withdraw the selected job descriptions from the library")
    def withdraw_selected(self, request, queryset):
        moderate_each(self, request, queryset, lambda jd, **kw: job_description_withdraw(jd=jd, **kw), "Withdrew")

    @admin.action(description="Export the selected job descriptions as CSV (the import format)")
    def export_selected(self, request, queryset):
        return self._export(queryset)

    def _export(self, queryset):
        rows = export_rows(queryset.select_related("role").order_by("pk").iterator(chunk_size=500), settings.SITE_URL)
        return csv_response("loti-job-descriptions-import-format.csv", COLUMNS, rows)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="jobs_jobdescription_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="jobs_jobdescription_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._export(JobDescription.objects.all())

    def import_view(self, request):
        """Upload a CSV, see every row checked, then import them all (or fix the file and upload it again)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        upload_form, preview, payload = ImportForm(), None, ""
        publish = True
        if request.method == "POST" and "confirm" in request.POST:
            publish = request.POST.get("publish") == "yes"
            try:
                text = signing.loads(request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=60 * 60)
            except signing.BadSignature:
                self.message_user(request, "The preview had expired: upload the file again.", messages.ERROR)
                return redirect("admin:jobs_jobdescription_import")
            preview = parse_csv(text.encode())
            if preview.is_valid:
                created = job_descriptions_import(
                    rows=preview.job_description_fields(), by=request.user, publish=publish
                )
                state = "published" if publish else "waiting for moderation"
                self.message_user(request, f"Imported {plural(len(created), 'job description')}, {state}.")
                return redirect("admin:jobs_jobdescription_changelist")
            # Something changed since the preview (a duplicate was added, say): show why.
        elif request.method == "POST":
            upload_form = ImportForm(request.POST, request.FILES)
            if upload_form.is_valid():
                publish = upload_form.cleaned_data["publish"]
                data = upload_form.cleaned_data["file"].read()
                preview = parse_csv(data)
                if preview.is_valid:
                    payload = signing.dumps(data.decode("utf-8-sig"), salt=IMPORT_SALT, compress=True)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import job descriptions from CSV",
            "opts": self.model._meta,
            "form": upload_form,
            "preview": preview,
            "payload": payload,
            "publish": publish,
            "columns": COLUMNS,
        }
        return TemplateResponse(request, "jobs/admin/import.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8 CSV, at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB, with a header row naming the columns.",
    )
    publish = forms.BooleanField(
        label="Publish the imported job descriptions straight away",
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file. In a spreadsheet, use Save as, then CSV UTF-8.")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file must be smaller than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        return upload


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    list_display = ["excerpt", "job_description", "state", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["job_description"]
    search_fields = ["body", "job_description__title", "email"]
    ordering = ["-submitted_at"]
    raw_id_fields = ["job_description"]
    readonly_fields = ["state", "rejection_reason", "submitted_at", "moderated_at", "moderated_by"]
    actions = ["approve_selected", "reject_selected"]

    def todo(self, request):
        """For the admin home's To do panel."""
        return [(Suggestion.objects.pending().count(), "suggestions to moderate", "state__exact=pending")]

    @admin.display(description="Suggestion")
    def excerpt(self, suggestion):
        return suggestion.body if len(suggestion.body) <= 80 else suggestion.body[:79] + "…"

    @admin.action(description="Approve the selected suggestions (they show on the job description)")
    def approve_selected(self, request, queryset):
        moderate_each(self, request, queryset, lambda s, **kw: suggestion_approve(suggestion=s, **kw), "Approved")

    @admin.action(description="Reject the selected suggestions, with a reason")
    def reject_selected(self, request, queryset):
        return reject_with_reason(self, request, queryset, lambda s, **kw: suggestion_reject(suggestion=s, **kw))


class VacancyAdminForm(CouncilAdminForm):
    class Meta:
        model = Vacancy
        fields = "__all__"


class ClosingSoonFilter(admin.SimpleListFilter):
    """Published vacancies closing between today and a week from today: the dates ahead, not Django's past ones."""

    title = "closing"
    parameter_name = "closing"
    query = "closing=week"
    DAYS = 7

    def lookups(self, request, model_admin):
        return [("week", f"Within {self.DAYS} days")]

    def queryset(self, request, queryset):
        return self.closing_soon(queryset) if self.value() == "week" else queryset

    @classmethod
    def closing_soon(cls, queryset):
        today = timezone.localdate()
        return queryset.open(today).filter(closing_on__lte=today + timedelta(days=cls.DAYS))


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    form = VacancyAdminForm
    list_display = ["title", "council_name", "role", "closing_on", "is_published"]
    list_filter = ["is_published", ClosingSoonFilter, "role__family", "closing_on"]
    list_select_related = ["role"]
    search_fields = ["title", "council_name", "role__name"]
    date_hierarchy = "closing_on"
    raw_id_fields = ["job_description"]

    def todo(self, request):
        """For the admin home's To do panel."""
        count = ClosingSoonFilter.closing_soon(Vacancy.objects.all()).count()
        return [(count, f"vacancies closing within {ClosingSoonFilter.DAYS} days", ClosingSoonFilter.query)]


@admin.register(FormSubmission)
class FormSubmissionAdmin(SuperusersOnly, admin.ModelAdmin):
    """What the anonymous forms' throttle counts: read only, kept for a day."""

    list_display = ["form", "ip_address", "created_at"]
    list_filter = ["form"]
    search_fields = ["ip_address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
