"""LOTI branding on GOV.UK Frontend: never the crown, the GOV.UK logotype or the GDS Transport font."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"


def test_govuk_frontend_is_vendored_at_the_pinned_version():
    script = (ROOT / "scripts" / "refresh-govuk-frontend.sh").read_text()
    pinned = re.search(r'^GOVUK_FRONTEND_VERSION="([\d.]+)"', script, re.MULTILINE).group(1)
    assert (STATIC / "govuk" / "VERSION").read_text().strip() == pinned
    assert pinned.startswith("6.")
    assert (STATIC / "govuk" / "govuk-frontend.min.js").stat().st_size > 10_000


def test_no_gds_transport_font_or_crown_assets_are_shipped():
    forbidden = re.compile(r"(\.woff2?$|crest|crown|govuk-icon|govuk-opengraph|favicon\.ico$)", re.IGNORECASE)
    shipped = [p.relative_to(STATIC) for p in STATIC.rglob("*") if p.is_file() and forbidden.search(p.name)]
    assert shipped == []


def test_stylesheet_uses_arial_and_no_gds_transport():
    css = (STATIC / "css" / "loti.css").read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert re.search(r"font-family:\s*arial,\s*helvetica,\s*sans-serif", css, re.IGNORECASE)
    assert "govuk-generic-header" in css


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/boroughs/", "/accounts/login/", "/accessibility/"])
def test_pages_never_say_gov_uk_in_titles_or_show_the_crown(client, url):
    html = client.get(url).text
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    assert "GOV.UK" not in title
    assert title.strip().endswith("– LOTI Portal")
    assert "govuk-header__logotype" not in html
    assert "govuk-logo" not in html and "crown" not in html.lower()
