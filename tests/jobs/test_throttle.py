"""The anonymous forms' defences hold under pressure: an exact hourly limit, a clock that cannot be replayed."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from jobs.antispam import started_token
from jobs.models import FormSubmission, JobDescription
from tests.conftest import load_reference_data
from tests.factories import JobDescriptionFactory
from tests.jobs.conftest import contribution

URL = "/jobs/contribute/"


def at_once(calls):
    """Run each callable in its own thread, released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:  # the outcome is what the test inspects
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_contributions_from_one_address_never_pass_the_hourly_limit(data_analyst, settings, monkeypatch):
    load_reference_data()  # a transactional test starts from an emptied database
    settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR = 10
    from jobs import views

    real = views.job_description_contribute

    def busy(**kwargs):
        # A busy server: time passes between counting the address's posts and recording this one.
        time.sleep(0.05)
        return real(**kwargs)

    monkeypatch.setattr(views, "job_description_contribute", busy)
    posts = [contribution(data_analyst, title=f"Analyst {n}") for n in range(24)]
    outcomes = at_once([lambda post=post: Client().post(URL, post).status_code for post in posts])

    assert sorted(outcomes) == [302] * 10 + [429] * 14
    assert JobDescription.objects.count() == 10
    assert FormSubmission.objects.filter(form="contribute").count() == 10


@pytest.mark.django_db
def test_posts_flagged_as_robots_do_not_use_up_an_offices_limit(client, data_analyst, settings):
    settings.JOBS_SUBMISSIONS_PER_IP_PER_HOUR = 2
    for _ in range(5):
        assert client.post(URL, contribution(data_analyst, website="https://spam.example")).status_code == 400
        assert client.post(URL, contribution(data_analyst, started=started_token("contribute"))).status_code == 400
    assert FormSubmission.objects.count() == 0
    # People in the same office, behind the same address, can still send theirs.
    assert client.post(URL, contribution(data_analyst, title="First")).status_code == 302
    assert client.post(URL, contribution(data_analyst, title="Second")).status_code == 302


@pytest.mark.django_db
def test_the_forms_clock_is_refused_once_it_is_hours_old(client, data_analyst):
    stale = started_token("contribute", time.time() - 5 * 60 * 60)
    response = client.post(URL, contribution(data_analyst, started=stale))
    assert response.status_code == 400
    assert "The form could not be sent" in response.text
    assert JobDescription.objects.count() == 0


@pytest.mark.django_db
def test_a_clock_from_a_time_yet_to_come_is_refused(client, data_analyst):
    response = client.post(URL, contribution(data_analyst, started=started_token("contribute", time.time() + 3600)))
    assert response.status_code == 400
    assert JobDescription.objects.count() == 0


@pytest.mark.django_db
def test_the_clock_of_one_form_is_refused_by_the_other(client, data_analyst):
    jd = JobDescriptionFactory(role=data_analyst)
    from_suggestions = Client().get(f"/jobs/descriptions/{jd.pk}/suggest/")
    token = from_suggestions.context["form"]["started"].value()
    time_passes = started_token("suggest", time.time() - 60)
    for started in (token, time_passes):
        response = client.post(URL, contribution(data_analyst, started=started))
        assert response.status_code == 400
    assert list(JobDescription.objects.all()) == [jd]
    suggestion = {"body": "Add SQL.", "name": "Grace", "email": "grace@council.example", "website": ""}
    url = f"/jobs/descriptions/{jd.pk}/suggest/"
    assert client.post(url, {**suggestion, "started": started_token("contribute", time.time() - 60)}).status_code == 400
    assert client.post(url, {**suggestion, "started": time_passes}).status_code == 302
