"""Mixed journeys for the load test (make loadtest): browse, sign in and update, submit.

Every write records a unique token and whether the portal said it succeeded,
in the file named by LOADTEST_LOG, so that `manage.py loadtest_check` can
count them in the database afterwards. Run through scripts/loadtest.sh.
"""

import itertools
import json
import os
import re
import threading
import time
import uuid

from locust import HttpUser, between, events, task

from perf.forms import form_fields

LOG = open(os.environ.get("LOADTEST_LOG", "loadtest.jsonl"), "a", buffering=1)  # noqa: SIM115 - open for the run
LOG_LOCK = threading.Lock()
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "load-test-password")
ACCOUNTS = itertools.count()
PROJECT_SLUGS = ["seamless-wi-fi", "digital-apprenticeships", "information-governance", "digital-exclusion-story-map"]


def sign_in(client):
    """Sign in through the real form as the next load-test account; one each, so nobody edits the same rows."""
    email = f"load{next(ACCOUNTS) % int(os.environ.get('LOADTEST_ACCOUNTS', '25'))}@loadtest.example"
    page = client.get("/accounts/login/", name="/accounts/login/")
    fields = form_fields(page.text)
    fields.update(username=email, password=PASSWORD)
    client.post("/accounts/login/", data=fields, name="/accounts/login/ (post)")
    return email


def acknowledged(response):
    """A write the portal said it took: its redirect onwards, not one to the sign-in page.

    A person whose sign-in failed (during the database outage, say) is sent to
    the sign-in page by any form they then post: a 302 too, but nothing was written.
    """
    return response.status_code == 302 and not response.headers.get("Location", "").startswith("/accounts/login/")


def log(**record):
    with LOG_LOCK:
        LOG.write(json.dumps({"at": time.time(), **record}) + "\n")


@events.request.add_listener
def record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    body = ""
    if response is not None and status >= 500:
        body = (response.text or "")[:300]
    log(kind="request", method=request_type, name=name, status=status, ms=round(response_time, 1), body=body)


class Visitor(HttpUser):
    """A member of the public reading projects and OKRs."""

    weight = 3
    wait_time = between(0.2, 1.0)

    @task(3)
    def projects(self):
        self.client.get("/projects/", name="/projects/")

    @task(3)
    def project(self):
        slug = PROJECT_SLUGS[int(time.time() * 1000) % len(PROJECT_SLUGS)]
        self.client.get(f"/projects/{slug}/", name="/projects/[slug]/")

    @task(2)
    def okrs(self):
        self.client.get("/okrs/", name="/okrs/")

    @task(1)
    def key_result(self):
        self.client.get("/okrs/year-3/q2/7/", name="/okrs/[quarter]/[kr]/")

    @task(1)
    def home(self):
        self.client.get("/", name="/")


class BoroughEditor(HttpUser):
    """A borough editor who signs in, opens a project from the My borough task list and updates its note."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.email = sign_in(self.client)

    @task
    def update_a_note(self):
        tasks = self.client.get("/projects/my-borough/", name="/projects/my-borough/")
        if tasks.status_code != 200:
            return
        # The task list links each project's question page; the first is enough.
        link = re.search(r'href="(/projects/my-borough/[\w-]+/)"', tasks.text)
        if not link:
            return
        url = link.group(1)
        page = self.client.get(url, name="/projects/my-borough/[slug]/")
        if page.status_code != 200:
            return
        fields = form_fields(page.text)
        notes = sorted(name for name in fields if re.fullmatch(r"part-\d+-note", name))
        if not notes:
            return
        token = f"load-{uuid.uuid4().hex[:12]}"
        fields[notes[0]] = token
        fields["action"] = "save"
        response = self.client.post(url, data=fields, name="/projects/my-borough/[slug]/ (post)", allow_redirects=False)
        log(
            kind="write",
            what="participation_note",
            token=token,
            ok=acknowledged(response),
            status=response.status_code,
        )


class IdeaSubmitter(HttpUser):
    """A borough member who signs in and submits an idea to the open call."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.email = sign_in(self.client)

    @task
    def submit_an_idea(self):
        page = self.client.get("/ideas/new/", name="/ideas/new/")
        if page.status_code != 200:
            return
        fields = form_fields(page.text)
        token = f"load-{uuid.uuid4().hex[:12]}"
        theme = re.search(r'name="theme"[^>]*value="(\d+)"', page.text) or re.search(
            r'value="(\d+)"[^>]*name="theme"', page.text
        )
        fields.update(
            title=f"Idea {token}",
            problem="Residents wait too long for answers.",
            proposal="Share one tool across boroughs.",
            beneficiaries="Residents and staff.",
            outcomes="Faster answers.",
        )
        if theme:
            fields["theme"] = theme.group(1)
        response = self.client.post("/ideas/new/", data=fields, name="/ideas/new/ (post)", allow_redirects=False)
        log(
            kind="write",
            what="idea",
            token=f"Idea {token}",
            ok=acknowledged(response),
            status=response.status_code,
        )


class JobDescriptionContributor(HttpUser):
    """A council officer, not signed in, who contributes a job description by link."""

    weight = 1
    wait_time = between(1, 3)

    @task
    def contribute(self):
        page = self.client.get("/jobs/contribute/", name="/jobs/contribute/")
        if page.status_code != 200:
            return
        fields = form_fields(page.text)
        token = f"load-{uuid.uuid4().hex[:12]}"
        role = re.search(r'<select[^>]*name="role".*?<option value="(\d+)"', page.text, re.DOTALL)
        fields.update(
            title=f"Data analyst {token}",
            council="camden",
            other_council="",
            grade="PO4",
            salary_min="41000",
            salary_max="47000",
            london_weighting="included",
            advertised_on_0="3",
            advertised_on_1="11",
            advertised_on_2="2026",
            external_url="https://jobs.example/data-analyst",
            summary="Analyses data for services.",
            contributor_name="Load Tester",
            contributor_email="load.tester@council.example",
            website="",
        )
        if role:
            fields["role"] = role.group(1)
        time.sleep(3.2)  # people take a few seconds to fill in a form; faster is refused as a bot
        response = self.client.post(
            "/jobs/contribute/", data=fields, name="/jobs/contribute/ (post)", allow_redirects=False
        )
        log(
            kind="write",
            what="job_description",
            token=f"Data analyst {token}",
            ok=acknowledged(response),
            status=response.status_code,
        )
