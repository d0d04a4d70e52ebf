"""`make bench`'s results: each page's row, the targets it misses, and the tables written from them.

Nothing here times anything: manage.py bench measures and hands the numbers
over, so the rows, the targets and the tables can be tested on made-up numbers.
"""

import json
from pathlib import Path

# The performance issue's targets, as ratios to the floor measured in the same run.
TARGETS = {
    "served_public_x_floor": 1.5,  # public pages as visitors get them (from the page cache)
    "signed_in_x_floor": 3,  # drawn for a signed-in CDIO or central-team member, caches warm
    "drawn_x_floor": 15,  # drawn completely afresh, every cache empty (as after a change)
    "growth": 1.3,  # drawn at the largest scale against 1x
    "first_visit_bytes": 40 * 1024,  # a public page's HTML, CSS and JS as a browser first gets them
    "queries": 12,  # queries drawing a page makes, the same at every size
}
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


def ratio(value, base, digits=1):
    return round(value / base, digits) if value is not None and base else None


def page_row(page, *, queries, served, signed_in, drawn, admin, weight, floors, drawn_by=None):
    """One page's results: the timings given (Timing dicts), with their ratios to the floors.

    drawn: {"1x": timing, "3x": timing, ...}; signed_in: {"CDIO": timing, ...};
    floors: {"served": timing, "fresh": timing, "CDIO": timing, "fresh CDIO": timing, ...},
    the floor view timed on the server each timing comes from, for visitors and
    for each signed-in person; drawn_by: who the page is drawn afresh for (None: a visitor).
    """
    scales = list(drawn)
    largest = scales[-1]
    return {
        "page": page.name,
        "path": page.path,
        "public": page.user is None,
        "queries": queries,
        "served": served,
        "served_x_floor": ratio(served["median_ms"], floors["served"]["median_ms"]),
        "signed_in": {
            who: {
                **timing,
                "x_floor": ratio(timing["median_ms"], floors["served"]["median_ms"]),
                # Against the floor view drawn for the same person: what the page adds to
                # the session, user and second-factor lookups every signed-in page pays.
                "x_own_floor": ratio(timing["median_ms"], floors.get(who, {}).get("median_ms")),
            }
            for who, timing in signed_in.items()
        },
        "drawn": drawn,
        "drawn_by": drawn_by,
        "drawn_x_floor": ratio(drawn["1x"]["median_ms"], floors["fresh"]["median_ms"]),
        # As for signed-in timings: with every cache empty, the session, the person and their
        # second factor come from the database on every request, which the floor drawn afresh
        # for the same person pays too.
        "drawn_x_own_floor": ratio(drawn["1x"]["median_ms"], floors.get(f"fresh {drawn_by}", {}).get("median_ms"))
        if drawn_by
        else None,
        "growth_scale": largest,
        "growth": ratio(drawn[largest]["median_ms"], drawn["1x"]["median_ms"], 2) if largest != "1x" else None,
        "admin_path": page.admin_path,
        "admin": admin,
        "x_admin": ratio(drawn["1x"]["median_ms"], admin["median_ms"], 2) if admin else None,
        "weight": weight,
    }


def first_visit_has_target(row):
    weight = row.get("weight")
    return row["public"] and weight is not None and weight.get("content_type", "").startswith("text/html")


def signed_in_ratio(timing):
    """What a signed-in timing is judged by: its ratio to the floor view drawn for the same person.

    That floor already pays what every signed-in request must (the session, the
    person and their second factor, about 1.7x the visitors' floor), so the
    target measures what the page adds. The ratio to the visitors' floor is
    shown beside it.
    """
    own = timing.get("x_own_floor")
    return timing["x_floor"] if own is None else own


def drawn_ratio(row):
    """What a page drawn afresh is judged by: against the floor drawn afresh for the same person, if signed in."""
    own = row.get("drawn_x_own_floor")
    return row["drawn_x_floor"] if own is None else own


def row_misses(row, targets=TARGETS):
    """What this row misses, one sentence each."""
    name, misses = row["page"], []
    counts = row["queries"]
    if len(set(counts.values())) > 1:
        misses.append(f"{name}: queries grow with the data ({', '.join(f'{k} {v}' for k, v in counts.items())})")
    if max(counts.values()) > targets["queries"]:
        misses.append(f"{name}: {max(counts.values())} queries, over {targets['queries']}")
    errors = row["served"]["errors"] + sum(t["errors"] for t in row["drawn"].values())
    errors += sum(t["errors"] for t in row["signed_in"].values())
    if errors:
        misses.append(f"{name}: {errors} error responses")
    if row["public"] and row["served_x_floor"] > targets["served_public_x_floor"]:
        misses.append(f"{name}: served at {row['served_x_floor']}x the floor, over {targets['served_public_x_floor']}x")
    for who, timing in row["signed_in"].items():
        if signed_in_ratio(timing) > targets["signed_in_x_floor"]:
            misses.append(
                f"{name}: drawn for a signed-in {who} at {signed_in_ratio(timing)}x the floor drawn for them, "
                f"over {targets['signed_in_x_floor']}x"
            )
    if drawn_ratio(row) > targets["drawn_x_floor"]:
        target = targets["drawn_x_floor"]
        if row.get("drawn_x_own_floor") is None:
            misses.append(f"{name}: drawn afresh at {row['drawn_x_floor']}x the floor, over {target}x")
        else:
            misses.append(
                f"{name}: drawn afresh for a signed-in {row['drawn_by']} at {row['drawn_x_own_floor']}x "
                f"the floor drawn afresh for them, over {target}x"
            )
    if row["growth"] is not None and row["growth"] > targets["growth"]:
        misses.append(f"{name}: {row['growth']}x slower at {row['growth_scale']} than at 1x, over {targets['growth']}x")
    if row["x_admin"] is not None and row["x_admin"] >= 1:
        misses.append(f"{name}: drawn afresh, not faster than the admin changelist ({row['x_admin']}x)")
    if first_visit_has_target(row) and row["weight"]["first_visit_bytes"] > targets["first_visit_bytes"]:
        misses.append(
            f"{name}: first visit {kb(row['weight']['first_visit_bytes'])} KB, "
            f"over {kb(targets['first_visit_bytes'])} KB"
        )
    return misses


def misses(results, targets=TARGETS):
    return [miss for row in results["pages"] for miss in row_misses(row, targets)]


def kb(size):
    return round(size / 1024, 1)


def over(value, target, text=None):
    """A table cell: the value, bold and crossed out with ✗ when it misses its target."""
    text = str(value) if text is None else text
    return f"**{text}** ✗" if target is not None and value is not None and value > target else text


def timing_cell(timing, x_floor, target):
    if not timing:
        return "–"
    own = timing.get("x_own_floor")
    if own is None:
        return over(x_floor, target, f"{timing['median_ms']} ({x_floor}x)")
    # A signed-in timing is judged against the floor drawn for the same person, and also shows the visitors' floor.
    return over(own, target, f"{timing['median_ms']} ({own}x own floor; {x_floor}x)")


def drawn_timing(row):
    """The 1x timing drawn afresh, with its ratio to the own floor when drawn for a signed-in person."""
    timing = dict(row["drawn"]["1x"])
    if row.get("drawn_x_own_floor") is not None:
        timing["x_own_floor"] = row["drawn_x_own_floor"]
    return timing


def markdown(results, targets=TARGETS):
    """The README's performance table, growth table and page weights, with what each column means."""
    floors = results["floors"]
    scales = results["scales"]
    growth_scales = [s for s in scales if s != "1x"]
    people = results["signed_in_people"]
    lines = [
        f"Measured {results['when']} on {results['machine']}: gunicorn with {results['gunicorn_workers']} workers, "
        f"concurrency {results['concurrency']}, up to {results['requests_per_page']} requests a timing "
        f"(fewer for slow pages: at most {results['max_seconds']} s of them, and at least "
        f"{results['min_requests']}); production-scale data ("
        + ", ".join(f"{k} {n['descriptions']:,} JDs, {n['projects']:,} projects" for k, n in scales.items())
        + f"). `make bench` took {results['duration_minutes']} minutes"
        + (
            ", the machine's load average {} when timing began and {} at the end.".format(*results["load_average"])
            if results.get("load_average")
            else "."
        ),
        "",
        f"Floor (a view that renders nothing, timed on the same server as each column): "
        f"{floors['served']['median_ms']} ms where pages are served, {floors['fresh']['median_ms']} ms where they "
        "are drawn afresh; signed in as "
        + ", ".join(f"{who} {floors[who]['median_ms']} ms" for who in people if who in floors)
        + ", and drawn afresh for "
        + ", ".join(f"{who} {floors[f'fresh {who}']['median_ms']} ms" for who in people if f"fresh {who}" in floors)
        + " (the session, user and second-factor lookups every signed-in page pays). Every time is the median in ms,"
        " with its ratio to the floor; ✗ marks a miss.",
        "",
        f"- **served**: as visitors get the page; public pages from the page cache (target "
        f"{targets['served_public_x_floor']}x the floor), the others drawn for their signed-in person.",
        "- **signed-in CDIO / central-team member**: drawn for a CDIO, and for a member of the central team, "
        f"both past the second factor, with every cache warm (the second request onward): target "
        f'{targets["signed_in_x_floor"]}x the "own floor", the floor view drawn for the same person, which '
        "already pays what every signed-in request must; what the page costs beyond signing in. The ratio "
        "to the visitors' floor is beside it.",
        f"- **drawn afresh**: with every cache empty (the cache backend is a dummy), as the first visitor after a "
        f"change gets it: target {targets['drawn_x_floor']}x the floor; a page drawn for a signed-in person (My "
        "borough, the ideas list) against the floor drawn afresh for the same person, with the visitors' ratio "
        "beside it.",
        "- **admin**: the Django admin's changelist of the same model, drawn on the same server at the same time "
        "(timed in turns with the page); the ratio is drawn afresh over admin (under 1 is faster).",
        "",
        "| page | served | "
        + " | ".join(f"signed-in {who}" for who in people)
        + " | drawn afresh | admin (drawn × admin) |",
        "|---|---|" + "---|" * len(people) + "---|---|",
    ]
    for r in results["pages"]:
        timings = [r["signed_in"].get(who) for who in people]
        signed_in = [timing_cell(t, t and t["x_floor"], targets["signed_in_x_floor"]) for t in timings]
        served_target = targets["served_public_x_floor"] if r["public"] else None
        admin = f"{r['admin']['median_ms']} ({over(r['x_admin'], 0.99)})" if r["admin"] else "–"
        lines.append(
            f"| {r['page']} | {timing_cell(r['served'], r['served_x_floor'], served_target)} | "
            + " | ".join(signed_in)
            + f" | {timing_cell(drawn_timing(r), r['drawn_x_floor'], targets['drawn_x_floor'])} | {admin} |"
        )
    query_sizes = list(results["pages"][0]["queries"]) if results["pages"] else []
    lines += [
        "",
        "Growth: each page drawn afresh on copies of the production data with "
        + " and ".join(f"{s} the job descriptions and projects" for s in growth_scales)
        + f" (each on its own server, timed in turns with 1x), and the ratio of the largest to 1x (target "
        f"{targets['growth']}x). Queries: those drawing the page makes at each size ({', '.join(query_sizes)}; "
        f"small is a few rows of everything), which must not change (target at most {targets['queries']}).",
        "",
        "| page | "
        + " | ".join(f"drawn {s} ms" for s in scales)
        + " | growth | queries ("
        + " / ".join(query_sizes)
        + ") |",
        "|---|" + "---|" * (len(scales) + 2),
    ]
    for r in results["pages"]:
        counts = list(r["queries"].values())
        changed = len(set(counts)) > 1 or max(counts) > targets["queries"]
        query_text = " / ".join(str(c) for c in counts)
        lines.append(
            f"| {r['page']} | "
            + " | ".join(str(r["drawn"][s]["median_ms"]) for s in scales)
            + f" | {over(r['growth'], targets['growth']) if r['growth'] is not None else '–'} | "
            + (f"**{query_text}** ✗" if changed else query_text)
            + " |"
        )
    lines += [
        "",
        "Page weights, in KB: the HTML uncompressed; as sent to a browser that accepts gzip and brotli (with the "
        "encoding it came in); what gzip (level 6) and brotli (quality 11) make of it; and a first visit, the HTML "
        "as sent plus every stylesheet and script the page loads (and their imports) as sent, fonts and images "
        f"left out: target {kb(targets['first_visit_bytes'])} KB for public pages.",
        "",
        "| page | HTML | as sent | gzip | brotli | first visit |",
        "|---|---|---|---|---|---|",
    ]
    for r in results["pages"]:
        w = r["weight"]
        if not w:
            continue
        target = targets["first_visit_bytes"] if first_visit_has_target(r) else None
        brotli = kb(w["html_brotli_bytes"]) if w["html_brotli_bytes"] is not None else "–"
        lines.append(
            f"| {r['page']} | {kb(w['html_bytes'])} | {kb(w['html_sent_bytes'])} ({w['html_encoding'] or 'none'}) | "
            f"{kb(w['html_gzip_bytes'])} | {brotli} | "
            f"{over(w['first_visit_bytes'], target, str(kb(w['first_visit_bytes'])))} |"
        )
    found = results.get("misses", [])
    lines += ["", f"Targets missed: {len(found)}." if found else "Every target met."]
    lines += [f"- {miss}" for miss in found]
    return "\n".join(lines) + "\n"


def write(results, base_dir):
    """bench/results.json, bench/results.md and the README's table between the bench markers."""
    base_dir = Path(base_dir)
    folder = base_dir / "bench"
    folder.mkdir(exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (folder / "results.md").write_text(table)
    readme = base_dir / "README.md"
    if readme.exists():
        text = readme.read_text()
        start, end = MARKERS
        if start in text and end in text:
            before, rest = text.split(start, 1)
            after = rest.split(end, 1)[1]
            readme.write_text(f"{before}{start}\n{table}{end}{after}")
    return table
