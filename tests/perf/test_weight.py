"""Page weights: the files a first visit fetches, found the way a browser finds them."""

import gzip
from pathlib import Path

from perf import weight

STATIC = Path(__file__).resolve().parents[2] / "static"

PAGE = b"""<!DOCTYPE html><html><head>
<link rel="icon" href="/static/img/favicon.svg">
<link rel="stylesheet" href="/static/css/loti.abc.css">
</head><body><script>document.body.className += ' js-enabled';</script>
<script type="module" src="/static/js/app.abc.mjs"></script>
<script src="https://elsewhere.example/tracker.js"></script>
</body></html>"""

FILES = {
    "/page/": PAGE,
    "/static/css/loti.abc.css": b"@import url('fonts.abc.css');body{margin:0}",
    "/static/css/fonts.abc.css": b"@font-face{}",
    "/static/js/app.abc.mjs": b"import { initAll } from '../govuk/govuk-frontend.abc.min.js'\nimport './extra.abc.mjs'",
    "/static/govuk/govuk-frontend.abc.min.js": b"export function initAll(){}",
    "/static/js/extra.abc.mjs": b"import '../govuk/govuk-frontend.abc.min.js'",
}


def fake_get(port, path, *, cookie=None, encodings="identity"):
    body = FILES[path]
    content_type = "text/html; charset=utf-8" if path == "/page/" else "text/javascript"
    if "gzip" in encodings:
        return 200, gzip.compress(body), "gzip", content_type
    return 200, body, "", content_type


def test_a_first_visit_counts_the_html_as_sent_and_every_css_and_js_file_once(monkeypatch):
    monkeypatch.setattr(weight, "get", fake_get)
    found = weight.page_weight(8000, "/page/")
    paths = [asset["path"] for asset in found.assets]
    # Stylesheets and their @imports, the module and everything it imports; no favicon, no other origin.
    assert paths == [
        "/static/css/loti.abc.css",
        "/static/js/app.abc.mjs",
        "/static/css/fonts.abc.css",
        "/static/govuk/govuk-frontend.abc.min.js",
        "/static/js/extra.abc.mjs",
    ]
    assert found.html_bytes == len(PAGE)
    assert found.html_encoding == "gzip"
    assert found.html_sent_bytes == len(gzip.compress(PAGE))
    assert found.first_visit_bytes == found.html_sent_bytes + sum(a["bytes"] for a in found.assets)
    assert found.html_gzip_bytes < found.html_bytes


def test_the_portals_own_module_imports_are_found():
    text = (STATIC / "js" / "app.js").read_text()
    assert weight.imports_of("/static/js/app.js", text) == [
        "/static/govuk/govuk-frontend.min.js",
        "/static/js/unsaved-changes.js",
    ]


def test_govuk_frontends_minified_script_has_nothing_mistaken_for_an_import():
    text = (STATIC / "govuk" / "govuk-frontend.min.js").read_text()
    assert weight.imports_of("/static/govuk/govuk-frontend.min.js", text) == []
