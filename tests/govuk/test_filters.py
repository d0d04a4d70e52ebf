"""Filter sets copy their filters lean, build their form class once, and read a short model select once."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from jobs.filters import JobDescriptionFilter
from jobs.models import JobDescription, RoleFamily
from projects.filters import ProjectFilter
from projects.models import Project
from tests.factories import JobDescriptionFactory, RoleFactory, RoleFamilyFactory

pytestmark = pytest.mark.django_db


def library_filter(query, councils=()):
    return JobDescriptionFilter(
        QueryDict(query) if query is not None else None,
        queryset=JobDescription.objects.published(),
        councils=councils,
    )


def test_each_filter_set_has_its_own_filters_calling_its_own_methods():
    first, second = library_filter("salary_from=30000"), library_filter("salary_to=20000")
    for name, base in JobDescriptionFilter.base_filters.items():
        assert first.filters[name] is not base and first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first and second.filters[name].parent is second
        assert first.filters[name].extra is not base.extra
    # A method= filter finds its method on its own filter set, not the first one built.
    assert first.filters["salary_from"].filter.f is first.filters["salary_from"]
    assert "salary_max" in str(first.qs.query) and "salary_min" in str(second.qs.query)


def test_one_form_class_for_every_request_with_each_requests_council_choices():
    first, second = library_filter("", councils=["Camden"]), library_filter("", councils=["Hackney", "Sutton"])
    assert type(first.form) is type(second.form)
    assert list(first.form.fields["council"].choices) == [("", "All councils"), ("Camden", "Camden")]
    assert list(second.form.fields["council"].choices) == [
        ("", "All councils"),
        ("Hackney", "Hackney"),
        ("Sutton", "Sutton"),
    ]
    assert 'value="Camden"' in str(first.form["council"]) and 'value="Camden"' not in str(second.form["council"])
    # The error styling goes on one form's widget only.
    bad = library_filter("council=Nowhere", councils=["Camden"])
    assert "council" in bad.form.errors
    assert "govuk-select--error" in str(bad.form["council"])
    assert "govuk-select--error" not in str(library_filter("", councils=["Camden"]).form["council"])


def test_the_family_select_reads_the_families_once_to_check_the_value_and_draw_the_options():
    data = RoleFamilyFactory(name="Data", slug="data")
    RoleFamilyFactory(name="Digital", slug="digital")
    JobDescriptionFactory(role=RoleFactory(family=data))
    chosen = library_filter("family=data")
    with CaptureQueriesContext(connection) as queries:
        assert chosen.form.is_valid()
        drawn = str(chosen.form["family"])
    assert len(queries) == 1 and "jobs_rolefamily" in queries[0]["sql"]
    assert chosen.form.cleaned_data["family"] == data
    assert '<option value="data" selected>Data</option>' in drawn
    assert '<option value="digital">Digital</option>' in drawn
    assert list(chosen.qs) == list(JobDescription.objects.published().filter(role__family=data))


def test_an_unknown_family_is_an_error_beside_the_select_and_filters_nothing():
    RoleFamilyFactory(name="Data", slug="data")
    JobDescriptionFactory.create_batch(2)
    unknown = library_filter("family=nope")
    assert unknown.form.errors["family"] == ["Select a valid choice. That choice is not one of the available choices."]
    assert unknown.qs.count() == 2


def test_an_unbound_family_select_draws_every_family_in_order():
    RoleFamily.objects.all().delete()
    RoleFamilyFactory(name="Zeta", slug="zeta", order=1)
    RoleFamilyFactory(name="Alpha", slug="alpha", order=2)
    drawn = str(library_filter(None).form["family"])
    assert drawn.index("Zeta") < drawn.index("Alpha")
    assert '<option value="" selected>All role families</option>' in drawn


def test_other_filter_sets_share_the_lean_copies():
    projects = ProjectFilter(QueryDict("phase=beta"), queryset=Project.objects.all())
    assert projects.filters["phase"] is not ProjectFilter.base_filters["phase"]
    assert projects.filters["borough"].parent is projects
    assert projects.form.is_valid()


def test_each_form_has_its_own_fields_and_reads_the_families_afresh():
    RoleFamilyFactory(name="Data", slug="data")
    first = library_filter("level=senior")
    assert "Data" in str(first.form["family"])
    RoleFamilyFactory(name="Design", slug="design")  # added between two requests
    second = library_filter("family=design")
    assert second.form.is_valid() and "Design" in str(second.form["family"])
    for name, field in first.form.fields.items():
        assert field is not second.form.fields[name] and field.widget is not second.form.fields[name].widget
    level = first.form.fields["level"]
    assert level.choices.field is level and level.widget.choices.field is level
    assert list(level.choices) == list(second.form.fields["level"].choices)
