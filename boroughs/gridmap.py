"""A square-grid map of London's 33 local authorities, drawn on the server as SVG.

Each authority is one equal square at a fixed column and row, in the manner
of the well-known "London squared" layout: the City in the middle, Enfield at
the top, Sutton at the bottom, Hillingdon and Havering at the edges. Equal
squares say "one borough, one voice" better than a real map, where Bromley
would dwarf the City.

The map is a picture of a table already on the page, never the only place
something is said: callers give each borough's state and a key, and every
state has a text marker as well as a colour, so it reads in greyscale.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.html import format_html, format_html_join


@dataclass(frozen=True)
class Square:
    col: int
    row: int
    code: str  # the ISO 3166-2:GB subdivision code, without "GB-"
    name: str


# slug (as boroughs/migrations/0002_load_london_boroughs.py loads them) -> square, row by row.
# The columns and rows of After the Flood's "London Squared" layout (its
# site/data/grid.csv, github.com/aftertheflood/londonsquared): column 0 is the
# west edge, row 0 the north.
GRID = {
    "enfield": Square(4, 0, "ENF", "Enfield"),
    "harrow": Square(2, 1, "HRW", "Harrow"),
    "barnet": Square(3, 1, "BNE", "Barnet"),
    "haringey": Square(4, 1, "HRY", "Haringey"),
    "waltham-forest": Square(5, 1, "WFT", "Waltham Forest"),
    "hillingdon": Square(0, 2, "HIL", "Hillingdon"),
    "ealing": Square(1, 2, "EAL", "Ealing"),
    "brent": Square(2, 2, "BEN", "Brent"),
    "camden": Square(3, 2, "CMD", "Camden"),
    "islington": Square(4, 2, "ISL", "Islington"),
    "hackney": Square(5, 2, "HCK", "Hackney"),
    "redbridge": Square(6, 2, "RDB", "Redbridge"),
    "havering": Square(7, 2, "HAV", "Havering"),
    "hounslow": Square(0, 3, "HNS", "Hounslow"),
    "hammersmith-and-fulham": Square(1, 3, "HMF", "Hammersmith and Fulham"),
    "kensington-and-chelsea": Square(2, 3, "KEC", "Kensington and Chelsea"),
    "westminster": Square(3, 3, "WSM", "Westminster"),
    "city-of-london": Square(4, 3, "LND", "City of London"),
    "tower-hamlets": Square(5, 3, "TWH", "Tower Hamlets"),
    "newham": Square(6, 3, "NWM", "Newham"),
    "barking-and-dagenham": Square(7, 3, "BDG", "Barking and Dagenham"),
    "richmond-upon-thames": Square(1, 4, "RIC", "Richmond upon Thames"),
    "wandsworth": Square(2, 4, "WND", "Wandsworth"),
    "lambeth": Square(3, 4, "LBH", "Lambeth"),
    "southwark": Square(4, 4, "SWK", "Southwark"),
    "lewisham": Square(5, 4, "LEW", "Lewisham"),
    "greenwich": Square(6, 4, "GRE", "Greenwich"),
    "bexley": Square(7, 4, "BEX", "Bexley"),
    "kingston-upon-thames": Square(2, 5, "KTT", "Kingston upon Thames"),
    "merton": Square(3, 5, "MRT", "Merton"),
    "croydon": Square(4, 5, "CRY", "Croydon"),
    "bromley": Square(5, 5, "BRY", "Bromley"),
    "sutton": Square(3, 6, "STN", "Sutton"),
}

SIZE = 56  # one square, in SVG units
GAP = 4
MARGIN = 2
COLUMNS = 1 + max(square.col for square in GRID.values())
ROWS = 1 + max(square.row for square in GRID.values())


@dataclass(frozen=True)
class MapState:
    """One entry of a map's key: `css` names the colour class, `marker` the text drawn under the code."""

    key: str
    label: str
    css: str
    marker: str = ""


# Drawn once for each square and state: there are 33 squares and a handful of states,
# and format_html's escaping of 13 values a square was most of drawing a map.
@cache
def _square(square, state):
    x = square.col * (SIZE + GAP)
    y = square.row * (SIZE + GAP)
    return format_html(
        '<g class="loti-map__square loti-map__square--{}">'
        "<title>{}: {}</title>"
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<text class="loti-map__code" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="loti-map__marker" x="{}" y="{}" text-anchor="middle">{}</text>'
        "</g>",
        state.css,
        square.name,
        state.label,
        x,
        y,
        SIZE,
        SIZE,
        x + SIZE // 2,
        y + 24,
        square.code,
        x + SIZE // 2,
        y + 46,
        state.marker,
    )


@cache
def _swatch(state):
    """A small square as the map draws it, for the key: colour and marker together."""
    return format_html(
        '<svg class="loti-map__swatch loti-map__square loti-map__square--{}" viewBox="0 0 30 30" width="30" height="30"'
        ' aria-hidden="true" focusable="false">'
        '<rect x="1" y="1" width="28" height="28" rx="2"></rect>'
        '<text class="loti-map__marker" x="15" y="21" text-anchor="middle">{}</text></svg>',
        state.css,
        state.marker,
    )


def london_map(states, *, key, empty, label, table_id):
    """The grid map as HTML: a figure with the SVG and its key.

    `states`: {borough slug: state key}; `key`: the MapStates in the order the
    key lists them; `empty`: the MapState of boroughs missing from `states`;
    `label`: what the map shows, read out with a pointer to the table whose
    id is `table_id`, which says the same in words.

    The SVG is role="img" with that label: one image with a name, as WCAG
    1.1.1 asks, rather than 33 squares read out one by one; the key is
    ordinary HTML text after it, so the colours are explained to everyone.
    """
    by_key = {state.key: state for state in key}
    chosen = {slug: by_key.get(states.get(slug), empty) for slug in GRID}
    counts = {state.key: 0 for state in (*key, empty)}
    for state in chosen.values():
        counts[state.key] += 1
    width = COLUMNS * (SIZE + GAP) - GAP
    height = ROWS * (SIZE + GAP) - GAP
    squares = format_html_join("", "{}", ((_square(GRID[slug], state),) for slug, state in chosen.items()))
    entries = format_html_join(
        "",
        '<li class="loti-map__key-item">{} <span>{} ({})</span></li>',
        ((_swatch(state), state.label, counts[state.key]) for state in (*key, empty)),
    )
    return format_html(
        '<figure class="loti-map">'
        '<svg class="loti-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {} {}" width="100%"'
        ' role="img" aria-label="{}" focusable="false">{}</svg>'
        '<figcaption class="loti-map__key">'
        '<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">Key</p>'
        '<ul class="govuk-list loti-map__key-list">{}</ul>'
        '<p class="govuk-body-s">Each square is one of London\'s 33 local authorities, placed roughly where it lies.'
        ' <a class="govuk-link" href="#{}">The table</a> says the same in words.</p>'
        "</figcaption></figure>",
        # A margin of the stroke's width, so the outer squares' edges are not cut off.
        -MARGIN,
        -MARGIN,
        width + 2 * MARGIN,
        height + 2 * MARGIN,
        f"Map of London: {label}. The table on this page gives the same information.",
        squares,
        entries,
        table_id,
    )
