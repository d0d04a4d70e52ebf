"""A project's public page, /projects/<slug>/: who sees it, its commitments, updates and query budget."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boroughs.models import Borough
from projects.models import Participation
from tests.conftest import ROLES
from tests.factories import (
    AgreementFactory,
    DeliverableFactory,
    DeliverableStatusFactory,
    MeasureContributionFactory,
    MeasureFactory,
    ParticipationFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SignatoryFactory,
    UserFactory,
    borough,
    theme,
)

pytestmark = pytest.mark.django_db


def url(project):
    return f"/projects/{project.slug}/"


def tag(text):
    """A GOV.UK tag's text as the page draws it, whatever its colour."""
    return re.compile(rf'<strong class="govuk-tag[^"]*">{re.escape(text)}</strong>')


def table_rows(html):
    """Each <tr>'s cells as text, tags removed and whitespace collapsed."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells])
    return rows


def section(html, heading_id):
    """The page from the <h2> with this id up to the next <h2>."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start)
    return html[start : end if end != -1 else None]


# Who may open it -------------------------------------------------------------


def test_detail_of_an_unknown_project_is_404(client):
    response = client.get("/projects/no-such-project/")
    assert response.status_code == 404
    assert "Page not found" in response.text


# A project not public yet: Camden takes part, Hackney does not.
SEES_PRIVATE = {role: role in ("member", "editor", "cdio", "central_team") for role in ROLES}


def test_detail_of_a_private_project_is_404_for_all_but_its_boroughs_and_the_central_team(any_role_client):
    project = ProjectFactory(title="Secret Pilot", private=True, lead_borough=borough("camden"))
    ParticipationFactory(project=project, borough=borough("camden"))
    response = any_role_client.get(url(project))
    if SEES_PRIVATE[any_role_client.role]:
        assert response.status_code == 200
        assert "Secret Pilot" in response.text
        assert "only the boroughs taking part and the LOTI central team can see this page" in response.text
    else:
        assert response.status_code == 404
        assert "Secret Pilot" not in response.text


def test_detail_of_a_public_project_is_open_to_every_role(any_role_client):
    project = ProjectFactory(title="Seamless Wi-Fi")
    response = any_role_client.get(url(project))
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Seamless Wi-Fi</h1>' in response.text
    assert "This project is not public" not in response.text


def test_detail_shows_lead_borough_phase_and_health(client):
    project = ProjectFactory(
        title="Digital Apprenticeships",
        theme=theme("skills-and-capability"),
        lead_borough=borough("hackney"),
        phase="beta",
        health="at_risk",
        summary="Apprenticeships in borough digital teams.",
    )
    response = client.get(url(project))
    summary = {key: value for key, value in table_rows_of_summary_list(response.text)}
    assert summary["Lead borough"] == "Hackney"
    assert summary["Phase"] == "Beta"
    assert summary["Health"] == "At risk"
    assert '<a class="govuk-link" href="/boroughs/hackney/">Hackney</a>' in response.text
    assert tag("Beta").search(response.text)
    assert 'govuk-tag--yellow">At risk</strong>' in response.text
    assert "Skills &amp; Capability" in response.text
    assert "Apprenticeships in borough digital teams." in response.text


def test_detail_of_a_project_without_a_lead_borough_names_the_central_team(client):
    project = ProjectFactory(lead_borough=None)
    summary = dict(table_rows_of_summary_list(client.get(url(project)).text))
    assert summary["Lead borough"] == "LOTI central team"


def table_rows_of_summary_list(html):
    for key, value in re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
        html,
        flags=re.S,
    ):
        yield key, " ".join(re.sub(r"<[^>]+>", " ", value).split())


# Boroughs and their checklist ------------------------------------------------


@pytest.fixture
def wifi():
    """Seamless Wi-Fi: three boroughs, three deliverables, some progress."""
    project = ProjectFactory(title="Seamless Wi-Fi", lead_borough=borough("camden"))
    camden, hackney, westminster = borough("camden"), borough("hackney"), borough("westminster")
    ParticipationFactory(project=project, borough=hackney, status="in_progress", note="Survey booked.")
    ParticipationFactory(project=project, borough=westminster)
    ParticipationFactory(project=project, borough=camden, role="lead", status="done")
    govwifi = DeliverableFactory(project=project, name="GovWifi", order=1)
    govroam = DeliverableFactory(project=project, name="Govroam", order=2)
    eduroam = DeliverableFactory(project=project, name="Eduroam", order=3)
    DeliverableStatusFactory(deliverable=govwifi, borough=camden, state="done")
    DeliverableStatusFactory(deliverable=govroam, borough=camden, state="done")
    DeliverableStatusFactory(deliverable=eduroam, borough=camden, state="in_progress")
    DeliverableStatusFactory(deliverable=govwifi, borough=hackney, state="done")
    DeliverableStatusFactory(deliverable=govroam, borough=hackney, state="not_started")
    # Westminster has no status rows at all; Islington has one but does not take part.
    DeliverableStatusFactory(deliverable=govwifi, borough=borough("islington"), state="done")
    return project


def test_detail_lists_each_borough_once_with_role_status_commitments_and_last_change(client, wifi):
    html = section(client.get(url(wifi)).text, "boroughs")
    rows = table_rows(html)
    assert rows[0] == ["Borough", "Role", "Status", "Commitments", "Last changed"]
    assert rows[1:] == [
        ["Camden", "Lead", "In progress", "GovWifi Done Govroam Done Eduroam In progress", "Never"],
        [
            "Hackney",
            "Participant",
            "In progress",
            "GovWifi Done Govroam Not started Eduroam Not started Survey booked.",
            "Never",
        ],
        [
            "Westminster",
            "Participant",
            "Not started",
            "GovWifi Not started Govroam Not started Eduroam Not started",
            "Never",
        ],
    ]
    # Islington takes no part: on the map (drawn above the table) as such, not in the table.
    assert "Islington: Not taking part" in html
    assert "Islington" not in html.split('id="boroughs-table"')[1]
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s" id="boroughs-caption">3 boroughs taking part'
        in html
    )
    # A labelled region keyboard users can scroll at 320 pixels.
    assert (
        '<div class="loti-table-wrapper loti-scroll" role="region" aria-labelledby="boroughs-caption" tabindex="0">'
        in html
    )


def test_detail_shows_the_status_the_commitments_give_not_the_one_stored(client, wifi):
    # Camden's stored status says done; one of its three networks is still in progress.
    assert wifi.participations.get(borough__slug="camden").status == "done"
    html = section(client.get(url(wifi)).text, "boroughs")
    camden = next(row for row in table_rows(html) if row[0] == "Camden")
    assert camden[2] == "In progress"
    assert not tag("Done").search(html.split("Camden</a>")[1].split("</td>")[1])  # the status cell


def test_detail_lists_each_borough_once_on_the_page(client, wifi):
    page = client.get(url(wifi)).text
    for name in ("Camden", "Hackney", "Westminster"):
        assert len(re.findall(rf'<th scope="row" class="govuk-table__header">(<a [^>]*>)?{name}<', page)) == 1


def test_detail_counts_the_boroughs_done_for_each_deliverable(client, wifi):
    html = section(client.get(url(wifi)).text, "checklist")
    assert "How many of the 3 boroughs taking part have done each deliverable" in html
    assert table_rows(html) == [
        ["Deliverable", "Boroughs done"],
        ["GovWifi", "2 of 3"],
        ["Govroam", "1 of 3"],  # Islington's row does not count: it is not taking part
        ["Eduroam", "0 of 3"],
    ]


def test_detail_last_changed_is_the_newest_of_the_boroughs_rows(client):
    project = ProjectFactory()
    old, new = timezone.now() - datetime.timedelta(days=40), timezone.now() - datetime.timedelta(days=2)
    ParticipationFactory(project=project, borough=borough("camden"), updated_at=old)
    measure = MeasureFactory(project=project, unit="places")
    MeasureContributionFactory(measure=measure, borough=borough("camden"), value=4, updated_at=new)
    # Another borough's newer row is not Camden's change.
    MeasureContributionFactory(measure=measure, borough=borough("hackney"), updated_at=timezone.now())
    rows = table_rows(section(client.get(url(project)).text, "boroughs"))
    assert rows[1] == ["Camden", "Participant", "In progress", "4 places pledged", f"{new:%-d %b %Y}"]


def test_detail_a_pledge_starts_a_borough_but_never_finishes_it(client):
    project = ProjectFactory()
    measure = MeasureFactory(project=project, target=10)
    ParticipationFactory(project=project, borough=borough("camden"), status="done")
    ParticipationFactory(project=project, borough=borough("hackney"), status="done")
    MeasureContributionFactory(measure=measure, borough=borough("camden"), value=10)
    statuses = {row[0]: row[2] for row in table_rows(section(client.get(url(project)).text, "boroughs"))[1:]}
    assert statuses == {"Camden": "In progress", "Hackney": "Not started"}


def test_detail_a_borough_that_signed_every_agreement_naming_it_is_done(client):
    project = ProjectFactory()
    first, second = AgreementFactory(project=project), AgreementFactory(project=project)
    ParticipationFactory(project=project, borough=borough("camden"))
    ParticipationFactory(project=project, borough=borough("hackney"))
    ParticipationFactory(project=project, borough=borough("lambeth"))
    SignatoryFactory(agreement=first, borough=borough("camden"), state="signed", signed_on="2025-01-02")
    SignatoryFactory(agreement=first, borough=borough("hackney"), state="signed", signed_on="2025-01-02")
    SignatoryFactory(agreement=second, borough=borough("hackney"), state="declined")
    statuses = {row[0]: row[2] for row in table_rows(section(client.get(url(project)).text, "boroughs"))[1:]}
    # Camden signed the one agreement naming it; Hackney declined one; Lambeth is named in none.
    assert statuses == {"Camden": "Done", "Hackney": "In progress", "Lambeth": "Not started"}


@pytest.mark.parametrize("status", ["not_started", "in_progress", "done", "blocked"])
def test_detail_of_a_project_without_commitments_shows_the_chosen_status(client, status):
    project = ProjectFactory()
    ParticipationFactory(project=project, borough=borough("camden"), status=status, note="Waiting on the supplier.")
    html = section(client.get(url(project)).text, "boroughs")
    rows = table_rows(html)
    label = dict(Participation.Status.choices)[status]
    assert rows == [
        ["Borough", "Role", "Status", "Note", "Last changed"],
        ["Camden", "Participant", label, "Waiting on the supplier.", "Never"],
    ]
    assert tag(label).search(html)
    assert "follows from its commitments" not in html


def test_detail_without_deliverables_has_no_deliverables_table(client):
    project = ProjectFactory()
    ParticipationFactory(project=project)
    response = client.get(url(project))
    assert 'id="boroughs"' in response.text
    assert 'id="checklist"' not in response.text


# Measures --------------------------------------------------------------------


def test_detail_measure_shows_progress_towards_the_target_by_borough(client):
    project = ProjectFactory(title="Digital Apprenticeships")
    measure = MeasureFactory(
        project=project, name="Apprenticeship places", unit="places", target=100, due_on=datetime.date(2026, 3, 31)
    )
    for slug, value in (("hackney", 25), ("camden", 30), ("westminster", 8), ("islington", 0)):
        MeasureContributionFactory(measure=measure, borough=borough(slug), value=value)
    html = section(client.get(url(project)).text, f"measure-{measure.pk}")
    assert '<span class="govuk-!-font-weight-bold">63 of 100</span> places by March 2026 (63%)' in html
    assert re.search(r'<progress [^>]*max="100" value="63"', html)
    rows = table_rows(html)
    assert rows == [
        ["Borough", "Places"],
        ["Camden", "30"],  # largest first
        ["Hackney", "25"],
        ["Westminster", "8"],
        ["Total", "63"],
    ]
    assert "Islington" not in html  # a zero is no contribution


def test_detail_measure_beyond_its_target_caps_the_bar_at_100_percent(client):
    measure = MeasureFactory(target=10)
    MeasureContributionFactory(measure=measure, borough=borough("camden"), value=15)
    html = section(client.get(url(measure.project)).text, f"measure-{measure.pk}")
    assert "15 of 10" in html
    assert "(100%)" in html
    assert re.search(r'<progress [^>]*value="100"', html)


def test_detail_measure_without_contributions_says_so(client):
    measure = MeasureFactory(target=50)
    html = section(client.get(url(measure.project)).text, f"measure-{measure.pk}")
    assert "0 of 50" in html
    assert "(0%)" in html
    assert "No borough has committed any yet." in html


# Agreements ------------------------------------------------------------------


def test_detail_agreement_shows_who_signed_and_how_long_it_has_been_open(client):
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=45)
    agreement = AgreementFactory(title="Youth Services ISA", opened_on=opened)
    signed = {
        "camden": opened + datetime.timedelta(days=3),
        "hackney": opened + datetime.timedelta(days=10),
        "islington": opened + datetime.timedelta(days=12),
        "lambeth": opened + datetime.timedelta(days=20),
        "southwark": opened + datetime.timedelta(days=30),
    }
    for slug, day in signed.items():
        SignatoryFactory(agreement=agreement, borough=borough(slug), state="signed", signed_on=day)
    SignatoryFactory(agreement=agreement, body=True, state="signed", signed_on=opened + datetime.timedelta(days=5))
    SignatoryFactory(agreement=agreement, body=True, organisation_name="Greater London Authority", state="reviewing")
    SignatoryFactory(agreement=agreement, borough=borough("westminster"), state="invited")
    SignatoryFactory(agreement=agreement, borough=borough("newham"), state="declined")

    html = section(client.get(url(agreement.project)).text, f"agreement-{agreement.pk}")
    assert '<span class="govuk-!-font-weight-bold">6 of 9</span> signed' in html
    assert f"open for signature since {opened.day} {opened:%B %Y}." in html  # a date, not a count of days
    assert "Every party signed" not in html

    def date(d):
        return f"{d.day} {d:%B %Y}"

    rows = table_rows(html)
    assert rows[0] == ["Signatory", "State", "Date signed"]
    assert rows[1:] == [  # by name
        ["Camden", "Signed", date(signed["camden"])],
        ["Greater London Authority", "Reviewing", ""],
        ["Hackney", "Signed", date(signed["hackney"])],
        ["Islington", "Signed", date(signed["islington"])],
        ["Lambeth", "Signed", date(signed["lambeth"])],
        ["Metropolitan Police Service", "Signed", date(opened + datetime.timedelta(days=5))],
        ["Newham", "Declined", ""],
        ["Southwark", "Signed", date(signed["southwark"])],
        ["Westminster", "Invited", ""],
    ]
    assert 'govuk-tag--red">Declined</strong>' in html
    assert 'govuk-tag--yellow">Reviewing</strong>' in html
    assert 'govuk-tag--grey">Invited</strong>' in html
    assert html.count('govuk-tag--green">Signed</strong>') == 6


def test_detail_agreement_signed_by_everyone_says_how_long_it_took(client):
    agreement = AgreementFactory(title="Data Sharing Agreement", kind="dsa", opened_on=datetime.date(2025, 1, 6))
    SignatoryFactory(
        agreement=agreement, borough=borough("camden"), state="signed", signed_on=datetime.date(2025, 1, 20)
    )
    SignatoryFactory(
        agreement=agreement, borough=borough("hackney"), state="signed", signed_on=datetime.date(2025, 2, 20)
    )
    SignatoryFactory(agreement=agreement, body=True, state="signed", signed_on=datetime.date(2025, 2, 1))
    html = section(client.get(url(agreement.project)).text, f"agreement-{agreement.pk}")
    assert '<span class="govuk-!-font-weight-bold">3 of 3</span> signed' in html
    assert "Data Sharing Agreement, opened for signature on 6 January 2025." in html
    assert "Every party signed within 45 days." in html  # 6 January to 20 February, the last signature
    assert "Open for" not in html


def test_detail_agreement_signed_on_the_day_it_opened_reads_in_the_singular(client):
    agreement = AgreementFactory(opened_on=datetime.date(2025, 1, 6))
    SignatoryFactory(agreement=agreement, state="signed", signed_on=datetime.date(2025, 1, 7))
    html = section(client.get(url(agreement.project)).text, f"agreement-{agreement.pk}")
    assert "Every party signed within 1 day." in html


# Updates ---------------------------------------------------------------------


def test_detail_shows_updates_newest_first(client):
    project = ProjectFactory()
    now = timezone.now()
    author = UserFactory(first_name="Grace", last_name="Hopper")
    ProjectUpdateFactory(project=project, title="Middle update", published_at=now - datetime.timedelta(days=5))
    ProjectUpdateFactory(
        project=project, title="Newest update", published_at=now - datetime.timedelta(hours=1), author=author
    )
    ProjectUpdateFactory(project=project, title="Oldest update", published_at=now - datetime.timedelta(days=30))
    ProjectUpdateFactory(title="Another project's update")
    response = client.get(url(project))
    titles = re.findall(r'<h3 class="govuk-heading-s">([^<]+)</h3>', response.text)
    assert titles == ["Newest update", "Middle update", "Oldest update"]
    assert "by Grace Hopper." in response.text
    assert "No updates yet." not in response.text


def test_detail_without_updates_says_so(client):
    response = client.get(url(ProjectFactory()))
    assert "No updates yet." in response.text


def test_detail_shows_the_20_newest_updates(client):
    project = ProjectFactory()
    now = timezone.now()
    for n in range(25):
        ProjectUpdateFactory(
            project=project, title=f"Update number {n:02d}", published_at=now - datetime.timedelta(days=n)
        )
    titles = re.findall(r'<h3 class="govuk-heading-s">([^<]+)</h3>', client.get(url(project)).text)
    assert titles == [f"Update number {n:02d}" for n in range(20)]


HOSTILE_BODY = """Progress this week: **bold** and *quiet*.

<script>alert(1)</script>

[x](javascript:alert(1)) and [y](JaVaScRiPt:alert(2)) and <a href="javascript:alert(3)">z</a>

<img src=x onerror="alert(4)"> <iframe src="https://evil.example"></iframe>

[the plan](https://loti.london/plan)
"""


def test_detail_renders_update_markdown_but_removes_anything_unsafe(client):
    project = ProjectFactory()
    update = ProjectUpdateFactory(project=project, title="<script>alert('title')</script>", body=HOSTILE_BODY)
    html = client.get(url(project)).text
    article = html.split(f'<article class="loti-update" id="update-{update.pk}">')[1].split("</article>")[0]
    assert "<strong>bold</strong>" in article
    assert "<em>quiet</em>" in article
    assert '<a href="https://loti.london/plan" rel="noopener noreferrer nofollow">the plan</a>' in article
    assert "<script" not in article.lower()
    assert "alert(1)" not in article  # a script's content goes with it
    assert "javascript:" not in html.lower()
    assert "onerror" not in html
    assert "<img" not in article and "<iframe" not in article
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in article  # titles are escaped
    # The only scripts in the page are the layout's own: the one the CSP allows by its hash, and the module.
    assert html.lower().count("<script") == html.count("<script>document.body") + html.count('<script type="module"')
    assert html.count("<script") == 2


# Query budget ----------------------------------------------------------------

QUERY_LIMIT = 12
# A signed-in person also costs their session, their user and whether they follow the project.
SIGNED_IN_EXTRA = 3


def small_project():
    project = ProjectFactory(title="Small")
    ParticipationFactory(project=project, borough=borough("camden"), role="lead")
    ParticipationFactory(project=project, borough=borough("hackney"))
    DeliverableFactory(project=project, name="GovWifi")
    return project


def large_project():
    project = ProjectFactory(title="Large")
    boroughs = list(Borough.objects.order_by("name"))
    assert len(boroughs) == 33
    for b in boroughs:
        ParticipationFactory(project=project, borough=b, role="lead" if b.slug == "camden" else "participant")
    states = ["done", "in_progress", "not_started"]
    for d in range(10):
        deliverable = DeliverableFactory(project=project, name=f"Deliverable {d}", order=d)
        for i, b in enumerate(boroughs):
            DeliverableStatusFactory(deliverable=deliverable, borough=b, state=states[(i + d) % 3])
    for m in range(2):
        measure = MeasureFactory(project=project, name=f"Measure {m}", target=500)
        for b in boroughs[:20]:
            MeasureContributionFactory(measure=measure, borough=b, value=3)
    for a in range(2):
        agreement = AgreementFactory(project=project, title=f"Agreement {a}")
        for b in boroughs[:15]:
            SignatoryFactory(agreement=agreement, borough=b, state="signed", signed_on=datetime.date(2025, 2, 1))
        for b in boroughs[15:20]:
            SignatoryFactory(agreement=agreement, borough=b, state="invited")
        SignatoryFactory(agreement=agreement, body=True, state="signed", signed_on=datetime.date(2025, 2, 3))
        SignatoryFactory(agreement=agreement, body=True, organisation_name="Greater London Authority")
    authors = UserFactory.create_batch(3, borough=borough("camden"))
    now = timezone.now()
    for n in range(25):
        ProjectUpdateFactory(
            project=project, author=authors[n % 3] if n % 4 else None, published_at=now - datetime.timedelta(days=n)
        )
    return project


def count_queries(client, project):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(project))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", ["anonymous", "member", "cdio", "central_team"])
def test_detail_query_count_does_not_grow_with_the_project(client_for, role):
    client = client_for(role)
    client.get("/projects/")  # settles the session, so both measures start from the same state
    small, small_response = count_queries(client, small_project())
    large, large_response = count_queries(client, large_project())
    # The large page really drew everything.
    assert large_response.text.count('<article class="loti-update"') == 20
    assert "of 33</td>" in large_response.text
    assert large_response.text.count("<progress ") == 2
    assert "16 of 22</span> signed" in large_response.text
    assert small == large, f"{small} queries for the small project, {large} for the large one"
    assert large <= QUERY_LIMIT + (0 if role == "anonymous" else SIGNED_IN_EXTRA)


def test_detail_query_count_for_anonymous_visitors_is_exact(client, no_page_cache, django_assert_num_queries):
    project = large_project()
    # The project, its updates, the dashboard's participations, its deliverables with
    # their states, measures with their contributions and agreements with their
    # signatories (one query each), and the idea it began as.
    with django_assert_num_queries(7):
        client.get(url(project))


def test_detail_query_count_for_a_signed_in_member_is_exact(member_client, django_assert_num_queries):
    project = large_project()
    member_client.get("/projects/")  # settles the session
    # The anonymous seven, plus the session and the user (whether they follow it is in the project's query).
    with django_assert_num_queries(9):
        member_client.get(url(project))


def test_detail_query_count_for_a_signed_in_cdio_is_exact(cdio_client, django_assert_num_queries):
    project = large_project()
    cdio_client.get("/projects/")  # settles the session
    # The member's nine, plus the authenticator app that verified the session (django-otp).
    with django_assert_num_queries(10):
        cdio_client.get(url(project))


# Where the project came from ---------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member", "central_team"])
def test_a_project_promoted_from_an_idea_says_so(client_for, role):
    from tests.factories import IdeaFactory

    project = ProjectFactory(title="Shared temporary accommodation data")
    idea = IdeaFactory(title="One register of temporary accommodation", selected=True, project=project)
    page = client_for(role).get(project.get_absolute_url()).text
    assert "Began as" in page
    assert "One register of temporary accommodation" in page
    assert f'href="/ideas/calls/{idea.call.slug}/results/"' in page
    # Idea pages are for members: the public gets the title and the public results.
    assert (f'href="/ideas/{idea.pk}/"' in page) == (role != "anonymous")


def test_a_project_that_was_never_an_idea_does_not_mention_one(client):
    assert "Began as" not in client.get(ProjectFactory().get_absolute_url()).text
