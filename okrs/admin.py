from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from okrs.exports import quarter_csv
from okrs.models import CheckIn, KeyResult, Objective, Quarter, quarter_dates
from okrs.services import quarter_roll_forward
from projects.admin import ProjectLabelledChoiceField
from projects.models import Measure


def save_key_results(formset, quarter):
    """Save inline key results; new ones get a number at the end until the quarter is renumbered."""
    for obj in formset.save(commit=False):
        if isinstance(obj, KeyResult):
            obj.quarter = quarter
            if not obj.number:
                obj.number = quarter.next_free_number()
        obj.save()
    for obj in formset.deleted_objects:
        obj.delete()
    formset.save_m2m()


class QuarterLabelledChoiceField(forms.ModelChoiceField):
    """An objective or key result named with its quarter: every quarter has a "Skills & Capability"."""

    def label_from_instance(self, obj):
        return f"{obj.quarter}: {obj}"


def quarter_labelled(db_field, queryset, kwargs):
    """formfield_for_foreignkey's kwargs for a choice of objectives or key results, labelled with quarters."""
    kwargs["form_class"] = QuarterLabelledChoiceField
    kwargs.setdefault("queryset", queryset.select_related("quarter"))
    return kwargs


def project_labelled(kwargs):
    kwargs["form_class"] = ProjectLabelledChoiceField
    kwargs.setdefault("queryset", Measure.objects.select_related("project"))
    return kwargs


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["theme", "title", "order"]
    show_change_link = True


class KeyResultInline(admin.StackedInline):
    """A quarter's key results on the quarter's page. Order by typing numbers, not dragging (WCAG 2.5.7)."""

    model = KeyResult
    extra = 0
    fields = ["number", "objective", "order", "title", "status", "target", "unit", "measure", "lead_borough"]
    readonly_fields = ["number"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this quarter's objectives make sense here.
        if db_field.name == "objective":
            quarter_id = request.resolver_match.kwargs.get("object_id")
            quarter_labelled(db_field, Objective.objects.filter(quarter_id=quarter_id).select_related("theme"), kwargs)
        elif db_field.name == "measure":
            project_labelled(kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Quarter)
class QuarterAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_on", "ends_on", "is_published", "key_result_count"]
    list_filter = ["is_published", "year"]
    search_fields = ["title", "introduction"]
    inlines = [ObjectiveInline, KeyResultInline]
    actions = ["roll_forward", "export_csv"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(kr_count=Count("key_results"))

    @admin.display(description="Key results", ordering="kr_count")
    def key_result_count(self, quarter):
        return quarter.kr_count

    def get_changeform_initial_data(self, request):
        # Suggest the dates of the quarter after the latest one.
        initial = super().get_changeform_initial_data(request)
        latest = Quarter.objects.order_by("-year", "-number").first()
        if latest and "year" not in initial:
            year, number = latest.next_quarter_key()
            starts_on, ends_on = quarter_dates(year, number)
            initial.update(year=year, number=number, starts_on=starts_on, ends_on=ends_on)
        return initial

    def save_formset(self, request, form, formset, change):
        save_key_results(formset, form.instance)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.renumber()

    @admin.action(description="Roll unfinished key results into the next quarter")
    def roll_forward(self, request, queryset):
        for quarter in queryset.order_by("starts_on"):
            following, created = quarter_roll_forward(quarter=quarter, by=request.user)
            self.message_user(
                request,
                f"{quarter}: {created} unfinished key result{'s' if created != 1 else ''} rolled into {following}.",
                messages.SUCCESS if created else messages.INFO,
            )

    @admin.action(description="Download as CSV (one quarter)")
    def export_csv(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one quarter to download.", messages.WARNING)
            return None
        return quarter_csv(queryset.get(), user=request.user)


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 1
    fields = ["checked_on", "value", "confidence", "comment", "author"]
    readonly_fields = ["author"]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "quarter", "theme", "order"]
    list_filter = ["quarter", "theme"]
    list_select_related = ["quarter", "theme"]
    search_fields = ["title", "theme__name"]
    inlines = []

    def get_inlines(self, request, obj):
        return [ObjectiveKeyResultInline] if obj else []

    def save_formset(self, request, form, formset, change):
        save_key_results(formset, form.instance.quarter)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.quarter.renumber()


class ObjectiveKeyResultInline(admin.StackedInline):
    model = KeyResult
    extra = 0
    fields = [
        "order",
        "title",
        "description",
        "status",
        "target",
        "unit",
        "measure",
        "lead_borough",
        "supporting_boroughs",
        "project",
        "link",
    ]
    show_change_link = True
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(KeyResult)
class KeyResultAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["number", "title", "quarter", "objective", "status", "lead_borough"]
    list_display_links = ["number", "title"]
    list_filter = ["quarter", "objective__theme", "status", "lead_borough", "supporting_boroughs"]
    list_select_related = ["quarter", "objective__theme", "lead_borough"]
    search_fields = ["title", "description"]
    readonly_fields = ["number"]
    fields = [
        "quarter",
        "objective",
        "number",
        "order",
        "title",
        "description",
        "status",
        "target",
        "unit",
        "measure",
        "lead_borough",
        "supporting_boroughs",
        "project",
        "link",
        "rolled_from",
    ]
    inlines = [CheckInInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "objective":
            objectives = Objective.objects.select_related("theme").order_by("-quarter__starts_on", "order")
            quarter_labelled(db_field, objectives, kwargs)
        elif db_field.name == "rolled_from":
            quarter_labelled(db_field, KeyResult.objects.all(), kwargs)
        elif db_field.name == "measure":
            project_labelled(kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not obj.number:
            obj.number = obj.quarter.next_free_number()  # renumbering below puts it in place
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for check_in in formset.save(commit=False):
            check_in.author = check_in.author or request.user
            check_in.save()
        for check_in in formset.deleted_objects:
            check_in.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.quarter.renumber()


@admin.register(CheckIn)
class CheckInAdmin(SimpleHistoryAdmin):
    list_display = ["key_result", "checked_on", "value", "confidence"]
    list_filter = ["confidence", "key_result__quarter"]
    list_select_related = ["key_result__quarter"]
    search_fields = ["comment", "key_result__title"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "key_result":
            quarter_labelled(db_field, KeyResult.objects.order_by("-quarter__starts_on", "number"), kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
