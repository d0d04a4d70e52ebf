"""A project update's HTML is drawn once, when it is saved, and the pages serve what was stored."""

import importlib

import pytest
from django.apps import apps

from govuk.markup import markdown_to_safe_html
from govuk.templatetags.govuk import markdown as markdown_filter
from projects.models import ProjectUpdate
from tests.factories import ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db

BODY = """Week 3: **GovWifi** is live in *two* libraries, see [the plan](https://loti.london/plan).

- Camden
- Hackney

<script>alert(1)</script> <img src=x onerror="alert(2)">
"""


def article(html, update):
    return html.split(f'<article class="loti-update" id="update-{update.pk}">')[1].split("</article>")[0]


def test_saving_an_update_stores_its_sanitised_html():
    update = ProjectUpdateFactory(body=BODY)
    stored = ProjectUpdate.objects.get(pk=update.pk).body_html
    assert stored == markdown_to_safe_html(BODY)
    assert "<strong>GovWifi</strong>" in stored and "<li>Camden</li>" in stored
    assert "<script" not in stored and "onerror" not in stored


def test_changing_the_body_redraws_its_html_even_when_saving_only_the_body():
    update = ProjectUpdateFactory(body="First draft")
    update.body = "Second **draft**"
    update.save(update_fields=["body"])
    assert ProjectUpdate.objects.get(pk=update.pk).body_html == "<p>Second <strong>draft</strong></p>"


def test_the_project_page_shows_the_same_bytes_the_markdown_filter_drew(client):
    """Byte for byte what the page drew when it parsed the Markdown on every request."""
    update = ProjectUpdateFactory(project=ProjectFactory(), body=BODY)
    html = client.get(update.project.get_absolute_url()).text
    assert article(html, update).endswith(f'<div class="loti-prose">{markdown_filter(BODY)}</div>\n    ')


def test_the_project_page_parses_no_markdown(client, monkeypatch):
    update = ProjectUpdateFactory(body=BODY)

    def parse(*args, **kwargs):
        raise AssertionError("the page parsed Markdown")

    monkeypatch.setattr("markdown.markdown", parse)
    html = client.get(update.project.get_absolute_url()).text
    assert "<strong>GovWifi</strong>" in article(html, update)


def test_the_feed_serves_the_stored_html(client, monkeypatch):
    ProjectUpdateFactory(body=BODY)
    monkeypatch.setattr("markdown.markdown", lambda *args, **kwargs: pytest.fail("the feed parsed Markdown"))
    content = client.get("/projects/feed/").text
    assert "&lt;strong&gt;GovWifi&lt;/strong&gt;" in content  # the summary is escaped inside the Atom XML


def test_the_migration_fills_the_html_of_updates_saved_before_it():
    updates = ProjectUpdateFactory.create_batch(3, body=BODY)
    ProjectUpdate.objects.update(body_html="")  # as the rows were before the field existed
    migration = importlib.import_module("projects.migrations.0004_update_body_html")
    migration.render_bodies(apps, None)
    for update in updates:
        assert ProjectUpdate.objects.get(pk=update.pk).body_html == markdown_to_safe_html(BODY)
