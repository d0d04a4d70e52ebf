"""A change raises only its own group's version: it redraws the pages that show it, and no other."""

import pytest

import pagecache
from jobs.models import JobDescription
from jobs.services import job_description_withdraw
from pagecache.shown import groups_shown
from pagecache.signals import all_groups, group_of
from pagecache.versions import content_changed, content_changed_at, current_versions
from tests.factories import JobDescriptionFactory, KeyResultFactory, ProjectFactory, QuarterFactory, VacancyFactory
from tests.kept_pages import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs_and_okrs():
    library = JobDescriptionFactory(title="Data engineer")
    JobDescriptionFactory(title="Service designer")
    VacancyFactory()
    quarter = QuarterFactory()
    KeyResultFactory(objective__quarter=quarter, title="Every borough on govroam")
    return library, quarter


def warm(client, paths):
    for path in paths:
        get(client, path)
        assert get(client, path)["X-Page-Cache"] == "hit", path


def test_a_change_to_one_job_description_redraws_the_jd_pages_and_the_home_counts_but_not_the_okr_pages(
    client, jobs_and_okrs
):
    jd, quarter = jobs_and_okrs
    jd_pages = ["/jobs/", jd.get_absolute_url(), jd.role.get_absolute_url()]
    okr_pages = ["/okrs/", quarter.get_absolute_url()]
    warm(client, [*jd_pages, "/", *okr_pages])
    assert "2 job descriptions" in get(client, "/").text

    jd.title = "Lead data engineer"
    jd.save()

    for path in jd_pages:
        redrawn = get(client, path)
        assert redrawn["X-Page-Cache"] == "miss", path
    for path in jd_pages[:2]:
        assert "Lead data engineer" in get(client, path).text, path
    assert get(client, "/")["X-Page-Cache"] == "miss"
    for path in okr_pages:
        served = get(client, path)
        assert served["X-Page-Cache"] == "hit", path
        assert served.queries == 0, path
        assert "Every borough on govroam" in served.text


def test_the_home_page_counts_follow_a_job_description_withdrawn(
    client, jobs_and_okrs, central_client, django_capture_on_commit_callbacks
):
    jd, _ = jobs_and_okrs
    warm(client, ["/"])
    # As every write path does: the home page counts from the salary summary it rebuilds on commit.
    with django_capture_on_commit_callbacks(execute=True):
        job_description_withdraw(jd=jd, by=central_client.user)
    home = get(client, "/")
    assert home["X-Page-Cache"] == "miss"
    assert "1 job description boroughs share" in home.text


def test_a_project_change_redraws_the_okr_pages_that_link_projects(client, jobs_and_okrs):
    _, quarter = jobs_and_okrs
    warm(client, [quarter.get_absolute_url(), "/jobs/"])
    ProjectFactory()
    assert get(client, quarter.get_absolute_url())["X-Page-Cache"] == "miss"
    assert get(client, "/jobs/")["X-Page-Cache"] == "hit"


def test_a_borough_page_shows_every_group_so_any_change_redraws_it(client, jobs_and_okrs, camden):
    warm(client, [camden.get_absolute_url()])
    content_changed("ideas")
    assert get(client, camden.get_absolute_url())["X-Page-Cache"] == "miss"


def test_changing_everything_retires_every_page(client, jobs_and_okrs):
    warm(client, ["/jobs/", "/okrs/"])
    content_changed()  # as a restore or a bulk load says it
    assert get(client, "/jobs/")["X-Page-Cache"] == "miss"
    assert get(client, "/okrs/")["X-Page-Cache"] == "miss"


def test_models_are_watched_under_their_apps_label_by_default():
    assert group_of(JobDescription) == "jobs"
    assert {"boroughs", "projects", "okrs", "jobs", "ideas"} <= set(all_groups())


def test_pages_declare_what_they_show_by_namespace_or_view(rf):
    assert groups_shown(rf.get("/jobs/")) == ("boroughs", "jobs")
    assert groups_shown(rf.get("/")) == ("boroughs", "jobs", "okrs")
    assert groups_shown(rf.get("/accessibility/")) == all_groups()  # undeclared: everything
    assert groups_shown(rf.get("/no-such-page/")) == all_groups()


def test_a_view_may_declare_its_own_groups():
    @pagecache.shows("okrs", "jobs", "okrs")
    def view(request):
        raise AssertionError("not called")

    assert view.pagecache_shows == ("jobs", "okrs")


def test_only_the_changed_groups_version_rises():
    before = dict(zip(["generation", *all_groups()], current_versions(all_groups()), strict=True))
    content_changed("jobs")
    after = dict(zip(["generation", *all_groups()], current_versions(all_groups()), strict=True))
    assert after["jobs"] > before["jobs"]
    assert {k: v for k, v in after.items() if k != "jobs"} == {k: v for k, v in before.items() if k != "jobs"}


def test_versions_are_read_in_one_cache_call_once_they_exist(monkeypatch):
    current_versions(all_groups())
    from pagecache import versions

    calls = []
    cache = versions.pages()
    real = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real(keys))
    monkeypatch.setattr(versions, "pages", lambda: cache)
    current_versions(all_groups())
    assert len(calls) == 1


def test_changed_at_is_kept_per_group(clock):
    content_changed("okrs")
    okrs_changed = content_changed_at("okrs")
    clock.forward(100)
    content_changed("jobs")
    assert content_changed_at("okrs") == okrs_changed
    assert content_changed_at("jobs") >= okrs_changed + 100
    assert content_changed_at() == content_changed_at("jobs")  # any group: the latest


def test_everything_changed_moves_every_groups_changed_at(clock):
    content_changed("okrs")
    clock.forward(100)
    content_changed()
    assert content_changed_at("okrs") == content_changed_at()
