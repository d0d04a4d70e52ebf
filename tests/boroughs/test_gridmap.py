"""The London grid map: every authority once, states as classes and text markers, a key, no inline styles."""

import re

import pytest

from boroughs.gridmap import GRID, MapState, london_map
from boroughs.models import Borough
from tests.factories import ParticipationFactory, ProjectFactory, borough

pytestmark = pytest.mark.django_db

DONE = MapState("done", "Done", "done", "✓")
EMPTY = MapState("none", "Not taking part", "none", "")


def squares(html):
    """(css state, title, code, marker) of each square drawn."""
    return re.findall(
        r'<g class="loti-map__square loti-map__square--([\w-]+)"><title>([^<]+)</title><rect [^>]+></rect>'
        r'<text class="loti-map__code"[^>]*>(\w+)</text><text class="loti-map__marker"[^>]*>([^<]*)</text></g>',
        html,
    )


def test_grid_places_each_of_the_33_authorities_on_its_own_square():
    assert set(GRID) == set(Borough.objects.values_list("slug", flat=True))
    assert len({(s.col, s.row) for s in GRID.values()}) == 33
    assert len({s.code for s in GRID.values()}) == 33
    names = dict(Borough.objects.values_list("slug", "name"))
    assert {slug: square.name for slug, square in GRID.items()} == names


# The London Squared layout (After the Flood), by GSS code, row by row from the north:
# each row lists (column, code) of the squares in it.
LONDON_SQUARED = [
    [(4, "E09000010")],
    [(2, "E09000015"), (3, "E09000003"), (4, "E09000014"), (5, "E09000031")],
    [(0, "E09000017"), (1, "E09000009"), (2, "E09000005"), (3, "E09000007")]
    + [(4, "E09000019"), (5, "E09000012"), (6, "E09000026"), (7, "E09000016")],
    [(0, "E09000018"), (1, "E09000013"), (2, "E09000020"), (3, "E09000033")]
    + [(4, "E09000001"), (5, "E09000030"), (6, "E09000025"), (7, "E09000002")],
    [(1, "E09000027"), (2, "E09000032"), (3, "E09000022"), (4, "E09000028")]
    + [(5, "E09000023"), (6, "E09000011"), (7, "E09000004")],
    [(2, "E09000021"), (3, "E09000024"), (4, "E09000008"), (5, "E09000006")],
    [(3, "E09000029")],
]


def test_grid_is_the_london_squared_layout():
    expected = {code: (col, row) for row, squares in enumerate(LONDON_SQUARED) for col, code in squares}
    assert len(expected) == 33
    placed = {gss: (GRID[slug].col, GRID[slug].row) for slug, gss in Borough.objects.values_list("slug", "gss_code")}
    assert placed == expected


def test_no_two_authorities_share_a_square_and_the_grid_has_no_empty_rows_or_columns():
    cells = [(s.col, s.row) for s in GRID.values()]
    assert len(cells) == len(set(cells)) == 33
    assert {col for col, _ in cells} == set(range(8))
    assert {row for _, row in cells} == set(range(7))


def test_map_draws_every_authority_once_with_its_state_marker_and_title():
    html = london_map({"camden": "done"}, key=[DONE], empty=EMPTY, label="test", table_id="t")
    drawn = squares(html)
    assert len(drawn) == 33
    assert ("done", "Camden: Done", "CMD", "✓") in drawn
    assert ("none", "Hackney: Not taking part", "HCK", "") in drawn
    assert sum(state == "done" for state, *_ in drawn) == 1


def test_map_is_one_named_image_that_points_to_the_table_and_scales():
    html = london_map({}, key=[DONE], empty=EMPTY, label="the status of each borough", table_id="boroughs-table")
    svg = re.search(r"<svg class=\"loti-map__svg\"[^>]*>", html).group(0)
    assert 'role="img"' in svg
    assert 'aria-label="Map of London: the status of each borough. The table on this page gives' in svg
    assert 'viewBox="-2 -2 480 420"' in svg and 'width="100%"' in svg
    assert 'href="#boroughs-table"' in html
    assert "style=" not in html  # the Content Security Policy refuses inline styles


def test_key_lists_every_state_with_its_marker_and_count():
    html = london_map({"camden": "done", "brent": "done"}, key=[DONE], empty=EMPTY, label="x", table_id="t")
    key = html.split('<figcaption class="loti-map__key">')[1]
    items = re.findall(r'loti-map__square--([\w-]+)".*?>([^<]*)</text></svg> <span>([^<]+)</span>', key)
    assert items == [("done", "✓", "Done (2)"), ("none", "", "Not taking part (31)")]


def test_labels_are_escaped():
    html = london_map({}, key=[DONE], empty=EMPTY, label='<b>"x"</b>', table_id="t")
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_boroughs_list_maps_membership_with_a_key(client):
    html = client.get("/boroughs/").text
    drawn = squares(html)
    members = set(Borough.objects.members().values_list("slug", flat=True))
    assert len(drawn) == 33
    assert sum(state == "member" for state, *_ in drawn) == len(members)
    assert ("member", "Camden: LOTI member", "CMD", "✓") in drawn
    assert ("none", "Bexley: Not a member", "BEX", "") in drawn
    assert f"LOTI member ({len(members)})" in html and f"Not a member ({33 - len(members)})" in html
    assert 'id="boroughs-table"' in html and html.index("loti-map__svg") < html.index('id="boroughs-table"')


def test_project_page_maps_each_boroughs_status_above_the_table(client):
    wifi = ProjectFactory(title="Seamless Wi-Fi")
    ParticipationFactory(project=wifi, borough=borough("camden"), role="lead", status="done")
    ParticipationFactory(project=wifi, borough=borough("hackney"), status="in_progress")
    ParticipationFactory(project=wifi, borough=borough("brent"), status="blocked")
    ParticipationFactory(project=wifi, borough=borough("barnet"), status="not_started")
    html = client.get(wifi.get_absolute_url()).text
    drawn = squares(html)
    assert len(drawn) == 33
    assert ("done", "Camden: Done", "CMD", "✓") in drawn
    assert ("in-progress", "Hackney: In progress", "HCK", "◐") in drawn
    assert ("blocked", "Brent: Blocked", "BEN", "✕") in drawn
    assert ("not-started", "Barnet: Not started", "BNE", "○") in drawn
    assert sum(state == "none" for state, *_ in drawn) == 29
    for entry in ["Done (1)", "In progress (1)", "Blocked (1)", "Not started (1)", "Not taking part (29)"]:
        assert entry in html
    assert "the status of each of the 4 boroughs taking part" in html
    assert html.index("loti-map__svg") < html.index('id="boroughs-table"')


def test_compiled_css_has_the_map_rules_the_scss_has():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "loti.css").read_text()
    scss = (settings.BASE_DIR / "static" / "css" / "loti.scss").read_text()
    for state in ["done", "member", "in-progress", "blocked", "none"]:
        assert f".loti-map__square--{state} rect" in scss
        assert f".loti-map__square--{state} rect" in css


def test_a_map_drawn_again_is_the_same_html():
    """Squares and swatches are drawn once per state and kept (functools.cache): a second map must not differ."""
    key = [MapState("a", "Ay & <b>", "done", "✓"), MapState("b", "Bee", "blocked", "✕")]
    empty = MapState("none", "Nothing", "none", "")
    states = {"camden": "a", "hackney": "b"}
    first = london_map(states, key=key, empty=empty, label="x", table_id="t")
    again = london_map(states, key=key, empty=empty, label="x", table_id="t")
    swapped = london_map({"camden": "b", "hackney": "a"}, key=key, empty=empty, label="x", table_id="t")
    assert first == again and "Ay &amp; &lt;b&gt;" in first
    assert swapped != first and swapped.count("loti-map__square--done") == first.count("loti-map__square--done")
