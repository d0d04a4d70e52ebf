"""Shared parts of signed-in pages are kept until their content changes; the personal parts are drawn every time."""

import pytest
from django.template import Context, Template

from pagecache.fragments import cached_fragment
from tests.factories import (
    DeliverableFactory,
    DeliverableStatusFactory,
    IdeaFactory,
    JobDescriptionFactory,
    KeyResultFactory,
    ParticipationFactory,
    ProjectFactory,
    QuarterFactory,
    borough,
)
from tests.kept_pages import get, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = ProjectFactory(title="Seamless Wi-Fi")
    ParticipationFactory(project=project, borough=borough("camden"), note="Libraries first")
    ParticipationFactory(project=project, borough=borough("hackney"))
    DeliverableStatusFactory(deliverable=DeliverableFactory(project=project, name="Survey the sites"))
    return project


def test_a_projects_commitments_are_drawn_once_for_signed_in_people(client_for, project):
    cdio, other = signed_in(client_for, "cdio"), signed_in(client_for, "other_member")
    first = get(cdio, project.get_absolute_url())
    second = get(cdio, project.get_absolute_url())
    assert "Libraries first" in second.text and "Survey the sites" in second.text
    assert second.queries < first.queries
    assert "private" in second["Cache-Control"]
    assert "X-Page-Cache" not in second  # the page itself is drawn for them
    # The same kept table serves someone else, who never drew it.
    other = get(other, project.get_absolute_url())
    assert other.queries < first.queries
    assert other.text.count("Libraries first") == 1


def test_a_change_to_the_project_redraws_its_commitments(client_for, project):
    cdio = client_for("cdio")
    get(cdio, project.get_absolute_url())
    kept = get(cdio, project.get_absolute_url())
    participation = project.participations.get(borough=borough("camden"))
    participation.note = "Libraries and leisure centres"
    participation.save()
    after = get(cdio, project.get_absolute_url())
    assert "Libraries and leisure centres" in after.text
    assert after.queries > kept.queries


def test_a_change_elsewhere_keeps_the_commitments(client_for, project):
    cdio = client_for("cdio")
    get(cdio, project.get_absolute_url())
    drawn = get(cdio, project.get_absolute_url())
    JobDescriptionFactory()
    after = get(cdio, project.get_absolute_url())
    assert after.queries == drawn.queries


def test_the_personal_parts_of_a_kept_page_are_each_persons_own(client_for, project):
    cdio, other = client_for("cdio"), client_for("other_member")
    project.follows.create(user=cdio.user)
    get(cdio, project.get_absolute_url())  # keeps the table
    mine, theirs = get(cdio, project.get_absolute_url()).text, get(other, project.get_absolute_url()).text
    assert "Stop following" in mine and "Stop following" not in theirs
    assert cdio.user.email in mine and cdio.user.email not in theirs
    assert other.user.email in theirs and other.user.email not in mine
    assert mine.count('name="csrfmiddlewaretoken"') == theirs.count('name="csrfmiddlewaretoken"') >= 1
    assert cdio.cookies["csrftoken"].value != other.cookies["csrftoken"].value


def test_key_results_name_a_private_project_only_to_those_who_may_see_it(client_for):
    private = ProjectFactory(title="Discovery not yet public", is_public=False)
    ParticipationFactory(project=private, borough=borough("camden"))
    quarter = QuarterFactory()
    KeyResultFactory(objective__quarter=quarter, title="Shared Wi-Fi in libraries", project=private)
    camden, hackney, central = client_for("cdio"), client_for("other_member"), client_for("central_team")
    for _ in range(2):  # drawn, then kept
        assert "Discovery not yet public" in get(camden, quarter.get_absolute_url()).text
        assert "Discovery not yet public" not in get(hackney, quarter.get_absolute_url()).text
        assert "Discovery not yet public" in get(central, quarter.get_absolute_url()).text
    kept = get(hackney, quarter.get_absolute_url())
    assert "Shared Wi-Fi in libraries" in kept.text


def test_a_filtered_list_is_kept_apart_from_the_unfiltered_one(client_for):
    JobDescriptionFactory(title="Data engineer")
    JobDescriptionFactory(title="Service designer")
    member = client_for("member")
    get(member, "/jobs/")
    filtered = get(member, "/jobs/?q=designer")
    assert "Service designer" in filtered.text and "Data engineer" not in filtered.text
    assert "Data engineer" in get(member, "/jobs/").text


def test_the_ideas_bank_keeps_past_calls_but_marks_each_persons_own_ideas(client_for):
    member, other = client_for("member"), client_for("other_member")
    idea = IdeaFactory(title="Shared cyber training", submitted_by=member.user)
    get(member, "/ideas/")
    assert "Your idea" in get(member, "/ideas/").text
    assert "Your idea" not in get(other, "/ideas/").text
    assert idea.title in get(other, "/ideas/").text


def test_the_home_page_counts_are_kept_and_the_greeting_is_personal(client_for):
    JobDescriptionFactory()
    cdio, central = signed_in(client_for, "cdio"), signed_in(client_for, "central_team")
    first = get(cdio, "/")
    second = get(central, "/")
    assert second.queries < first.queries
    assert "1 job description boroughs share" in second.text
    assert "CDIO for Camden" in first.text and "CDIO for Camden" not in second.text
    JobDescriptionFactory()
    assert "2 job descriptions boroughs share" in get(central, "/").text


def test_fragments_are_drawn_every_time_when_turned_off(client_for, project, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    cdio = client_for("cdio")
    get(cdio, project.get_absolute_url())  # the first request after signing in also refreshes the session
    assert get(cdio, project.get_absolute_url()).queries == get(cdio, project.get_absolute_url()).queries


def test_a_part_carrying_a_csrf_token_or_a_nonce_is_never_kept():
    drawn = []

    def draw():
        drawn.append(1)
        return '<input type="hidden" name="csrfmiddlewaretoken" value="secret">'

    for _ in range(2):
        cached_fragment("test:1", ["jobs"], [], draw)
    assert len(drawn) == 2


def test_the_tag_needs_its_groups_and_keys_by_its_values():
    template = Template('{% load pagecache_tags %}{% cached_for "jobs" by n %}[{{ n }}{{ extra }}]{% endcached_for %}')
    assert template.render(Context({"n": 1, "extra": "a"})) == "[1a]"
    assert template.render(Context({"n": 1, "extra": "b"})) == "[1a]"  # kept
    assert template.render(Context({"n": 2, "extra": "b"})) == "[2b]"


def test_a_page_reads_the_versions_of_all_its_kept_parts_at_once(client_for, project, monkeypatch):
    from pagecache import fragments

    reads = []
    real = fragments.current_versions
    monkeypatch.setattr(fragments, "current_versions", lambda groups=(): reads.append(groups) or real(groups))
    cdio = client_for("cdio")
    get(cdio, project.get_absolute_url())  # two kept parts: the summary and the commitments
    assert len(reads) == 1
    kept = get(cdio, project.get_absolute_url())
    assert len(reads) == 2 and "Survey the sites" in kept.text


def test_a_group_no_model_is_watched_under_is_read_when_asked():
    from django.test import RequestFactory

    from pagecache.fragments import request_versions
    from pagecache.versions import current_versions

    request = RequestFactory().get("/")
    both = request_versions(request, ["jobs", "nothing-watched"])
    assert both == current_versions(["jobs", "nothing-watched"])
    assert request_versions(request, ["jobs", "okrs"]) == current_versions(["jobs", "okrs"])  # the same keys
