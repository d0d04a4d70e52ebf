from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from boroughs.admin import LabelledListEditable, SuperusersOnly
from projects.models import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Follow,
    Measure,
    MeasureContribution,
    Participation,
    Project,
    ProjectUpdate,
    Signatory,
    StaleReminder,
    Theme,
)
from projects.reports import stale_after


def stamp(obj, user):
    """Record who changed a borough row and when, as the my-borough page does."""
    obj.updated_by, obj.updated_at = user, timezone.now()
    obj.version += 1


def save_stamped_formset(request, formset, project):
    """Save inline rows, stamping the borough rows, and mark the project as updated."""
    instances = formset.save(commit=False)
    for obj in instances:
        if hasattr(obj, "version"):
            stamp(obj, request.user)
        obj.save()
    for obj in formset.deleted_objects:
        obj.delete()
    formset.save_m2m()
    if instances or formset.deleted_objects:
        project.touch()


class StaleFilter(admin.SimpleListFilter):
    """Rows nobody has confirmed for COMMITMENT_STALE_AFTER_DAYS, as BoroughRecord.is_stale says."""

    title = "last updated"
    parameter_name = "stale"
    query = "stale=yes"

    def lookups(self, request, model_admin):
        return [("yes", f"Not for {stale_after().days} days, or never")]

    def queryset(self, request, queryset):
        return self.stale(queryset) if self.value() == "yes" else queryset

    @staticmethod
    def stale(queryset):
        stale = Q(updated_at__isnull=True) | Q(updated_at__lt=timezone.now() - stale_after())
        if queryset.model is Signatory:
            # A signature, once given, stays given (Signatory.is_stale).
            return queryset.filter(stale).exclude(state=Signatory.State.SIGNED)
        return queryset.filter(stale)


class StampedAdmin(SimpleHistoryAdmin):
    """Borough rows changed in the admin record who changed them and when, like the my-borough page."""

    readonly_fields = ["updated_by", "updated_at", "version"]

    def get_list_filter(self, request):
        return [StaleFilter, *super().get_list_filter(request)]

    def save_model(self, request, obj, form, change):
        stamp(obj, request.user)
        super().save_model(request, obj, form, change)

    def todo(self, request):
        """For the admin home's To do panel: rows boroughs have not confirmed lately."""
        count = StaleFilter.stale(self.model.objects.all()).count()
        what = f"{self.model._meta.verbose_name_plural} not updated for {stale_after().days} days"
        return [(count, what, StaleFilter.query)]


class ProjectLabelledChoiceField(forms.ModelChoiceField):
    """A deliverable or measure named with its project: two projects may both have a "GovWifi"."""

    def label_from_instance(self, obj):
        return f"{obj.project.title}: {obj}"


class StampedInline(admin.StackedInline):
    """Stacked: a borough row's note and stamps do not fit a table row beside the sidebar at 1,280 px."""

    extra = 0
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(Theme)
class ThemeAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


WORKED_OUT = "Worked out from the borough's commitments in this project; change those to change it."


class ShownStatus:
    """Where a project has commitments, a borough's status is worked out, so the typed one is hidden."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description="status")
    def shown_status(self, obj):
        return obj.get_shown_status_display()

    @admin.display(description="status")
    def worked_out_status(self, obj):
        if obj.pk is None:  # a row being added has no commitments read yet
            return WORKED_OUT
        return f"{obj.get_shown_status_display()}. {WORKED_OUT}"

    def status_fields(self, fields, project):
        if project is None or not project.has_commitments():
            return fields
        return [("worked_out_status" if name == "status" else name) for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "worked_out_status"]


class ParticipationInline(ShownStatus, StampedInline):
    model = Participation
    fields = ["borough", "role", "status", "note", "updated_by", "updated_at"]

    def get_fields(self, request, obj=None):  # obj: the project
        return self.status_fields(super().get_fields(request, obj), obj)


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "target", "unit", "due_on"]
    list_select_related = ["project"]
    search_fields = ["name", "project__title"]


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0


class AgreementInline(admin.StackedInline):
    model = Agreement
    extra = 0
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "theme", "lead_borough", "phase", "health", "is_public", "last_updated_at"]
    list_filter = ["theme", "phase", "health", "is_public", "lead_borough"]
    list_select_related = ["theme", "lead_borough"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["last_updated_at"]
    list_per_page = 25  # as the public list, so the benchmark compares like with like
    inlines = [ParticipationInline, DeliverableInline, MeasureInline, AgreementInline]

    def save_formset(self, request, form, formset, change):
        save_stamped_formset(request, formset, form.instance)


class SignatoryInline(StampedInline):
    model = Signatory
    fields = ["borough", "organisation_name", "state", "signed_on", "updated_by", "updated_at"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "opened_on"]
    list_filter = ["kind", "project"]
    search_fields = ["title", "project__title"]
    inlines = [SignatoryInline]

    def save_formset(self, request, form, formset, change):
        save_stamped_formset(request, formset, form.instance.project)


@admin.register(Participation)
class ParticipationAdmin(ShownStatus, StampedAdmin):
    # The status shown, worked out where the project has commitments; the
    # stored one is no filter, since it means nothing for those projects.
    list_display = ["project", "borough", "role", "shown_status", "updated_at", "updated_by"]
    list_filter = ["role", "borough", "project"]
    list_select_related = ["project", "borough", "updated_by"]
    search_fields = ["project__title", "borough__name", "note"]

    def get_fields(self, request, obj=None):  # obj: the participation
        return self.status_fields(super().get_fields(request, obj), obj and obj.project)


@admin.register(DeliverableStatus)
class DeliverableStatusAdmin(StampedAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "deliverable":
            kwargs["form_class"] = ProjectLabelledChoiceField
            kwargs["queryset"] = Deliverable.objects.select_related("project").order_by("project__title", "order")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    list_display = ["deliverable", "project", "borough", "state", "updated_at", "updated_by"]
    list_filter = ["state", "borough", "deliverable__project"]
    list_select_related = ["deliverable__project", "borough", "updated_by"]
    search_fields = ["deliverable__name", "borough__name"]

    @admin.display(ordering="deliverable__project__title")
    def project(self, obj):
        return obj.deliverable.project


@admin.register(MeasureContribution)
class MeasureContributionAdmin(StampedAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "measure":
            kwargs["form_class"] = ProjectLabelledChoiceField
            kwargs["queryset"] = Measure.objects.select_related("project").order_by("project__title", "order")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    list_display = ["measure", "borough", "value", "updated_at", "updated_by"]
    list_filter = ["measure", "borough"]
    list_select_related = ["measure", "borough", "updated_by"]
    search_fields = ["measure__name", "borough__name"]


@admin.register(Signatory)
class SignatoryAdmin(StampedAdmin):
    list_display = ["__str__", "state", "signed_on", "updated_at", "updated_by"]
    list_filter = ["state", "agreement"]
    list_select_related = ["agreement", "borough", "updated_by"]
    search_fields = ["agreement__title", "borough__name", "organisation_name"]


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "published_at", "author", "phase", "health"]
    list_filter = ["project", "phase", "health"]
    list_select_related = ["project", "author"]
    search_fields = ["title", "body", "project__title"]
    date_hierarchy = "published_at"
    raw_id_fields = ["author"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "created_at"]
    list_select_related = ["user", "project"]
    search_fields = ["user__email", "project__title"]
    raw_id_fields = ["user", "project"]


@admin.register(StaleReminder)
class StaleReminderAdmin(SuperusersOnly, admin.ModelAdmin):
    """A log of the reminder command's emails: for whoever runs the servers."""

    list_display = ["borough", "sent_on", "row_count", "recipient_count"]
    list_filter = ["sent_on"]
    list_select_related = ["borough"]
