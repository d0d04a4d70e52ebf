"""Static files as production serves them, and what a first visit to each public page weighs.

collectstatic runs once here with the production storage
(loti.staticfiles.HashedStaticFilesStorage) and whitenoise serves its output,
as it does behind gunicorn: hashed names, kept for a year, brotli for
browsers that take it. A first visit is the page, gzipped, plus every style
sheet and script it loads, down to the modules app.js imports, as brotli.
"""

import gzip
import io
import posixpath
import re

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.e2e.test_reflow import public_pages

pytestmark = pytest.mark.django_db

# A first visit to any public page: the HTML, CSS and JavaScript, compressed as sent.
FIRST_VISIT_BUDGET = 40 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
YEAR = 365 * 24 * 3600

STATIC_IN_PAGE = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)="(/static/[^"]+\.(?:js|css))\"""")
# import x from "…", import "…", export … from "…", import("…") in the modules.
IMPORT_IN_MODULE = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']([./][^"']+)["']""")


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "loti.staticfiles.HashedStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        # The admin's and django-otp's files are served the same way; no public page loads them.
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["admin", "django_otp", "otp_totp", "*.scss"],
            stdout=io.StringIO(),
        )
        yield root


@pytest.fixture
def production(production_static, settings):
    settings.PAGE_CACHE_SECONDS = 0  # pages drawn with these static URLs, not a stored copy
    return production_static


def fetch(client, url):
    # A browser follows the password reset link's redirect to the page that takes the new password.
    response = client.get(url, headers=BROWSER, follow=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def first_visit(client, url):
    """{address: (response, bytes as sent)} for the page and every CSS and JS file it loads."""
    page, body = fetch(client, url)
    sent = {url: (page, body)}
    html = gzip.decompress(body) if page.get("Content-Encoding") == "gzip" else body
    waiting = STATIC_IN_PAGE.findall(html.decode())
    while waiting:
        address = waiting.pop()
        if address in sent:
            continue
        response, body = fetch(client, address)
        sent[address] = (response, body)
        if address.endswith(".js"):
            text = brotli.decompress(body).decode() if response.get("Content-Encoding") == "br" else body.decode()
            folder = posixpath.dirname(address)
            waiting += [posixpath.normpath(posixpath.join(folder, spec)) for spec in IMPORT_IN_MODULE.findall(text)]
    return sent


def test_collectstatic_writes_brotli_files_and_whitenoise_sends_them_kept_for_a_year(production, client):
    manifest = (production / "staticfiles.json").read_text()
    for name in ["css/loti.css", "govuk/govuk-frontend.min.js", "js/app.js"]:
        hashed = re.search(rf'"{re.escape(name)}": "([^"]+)"', manifest).group(1)
        assert (production / f"{hashed}.br").is_file()
        assert (production / f"{hashed}.gz").is_file()

        response, body = fetch(client, f"/static/{hashed}")

        assert response.status_code == 200
        assert response["Content-Encoding"] == "br"
        assert "Accept-Encoding" in response["Vary"]
        assert brotli.decompress(body) == (production / hashed).read_bytes()
        cache_control = response["Cache-Control"]
        assert "immutable" in cache_control and "public" in cache_control
        assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= YEAR


def test_app_js_imports_govuk_frontend_by_its_hashed_name(production, client):
    sent = first_visit(client, "/")

    scripts = [address for address in sent if address.endswith(".js")]
    assert {re.sub(r"\.[0-9a-f]{12}", "", address) for address in scripts} == {
        "/static/js/app.js",
        "/static/js/unsaved-changes.js",
        "/static/govuk/govuk-frontend.min.js",
    }
    for address in scripts:
        assert HASHED.search(address), address
        assert sent[address][0].status_code == 200, address


def test_every_public_page_loads_only_hashed_static_files_and_weighs_under_40_kb_on_a_first_visit(production, client):
    call_command("load_demo_data", force=True, stdout=io.StringIO())
    problems, weights = [], {}
    for url, status in public_pages():
        sent = first_visit(client, url)
        page = sent[url][0]
        if page.status_code != status:
            problems.append(f"{url}: {page.status_code}, not {status}")
        for address, (response, _body) in sent.items():
            if address == url:
                continue
            if not HASHED.search(address) or "immutable" not in response.get("Cache-Control", ""):
                problems.append(f"{url}: {address} is not hashed and kept ({response.get('Cache-Control')})")
            if response.get("Content-Encoding") != "br":
                problems.append(f"{url}: {address} sent without brotli")
        if page.get("Content-Encoding") != "gzip":
            problems.append(f"{url}: the page was sent uncompressed")
        weights[url] = sum(len(body) for _response, body in sent.values())
    problems += [f"{url}: {size:,} bytes" for url, size in weights.items() if size > FIRST_VISIT_BUDGET]
    assert not problems, "\n".join(problems)
