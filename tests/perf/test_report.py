"""The benchmark's rows, targets and tables, on made-up numbers: nothing here is timed."""

import json

from perf import report
from perf.pages import CDIO, CENTRAL_TEAM, Page


def timing(median, errors=0):
    return {"requests": 20, "errors": errors, "median_ms": median, "p95_ms": median * 1.5, "throughput": 100.0}


def weight(first_visit=30_000, content_type="text/html; charset=utf-8"):
    return {
        "content_type": content_type,
        "html_bytes": 40_000,
        "html_sent_bytes": 6_000,
        "html_encoding": "gzip",
        "html_gzip_bytes": 6_000,
        "html_brotli_bytes": 5_000,
        "first_visit_bytes": first_visit,
        "assets": [],
    }


FLOORS = {
    "served": timing(4.0),
    "fresh": timing(5.0),
    CDIO: timing(8.0),
    CENTRAL_TEAM: timing(8.5),
    f"fresh {CDIO}": timing(10.0),
    f"fresh {CENTRAL_TEAM}": timing(10.5),
}


def row(page=None, **changes):
    arguments = {
        "queries": {"small": 4, "1x": 4, "3x": 4, "10x": 4},
        "served": timing(4.4),
        "signed_in": {CDIO: timing(10.0), CENTRAL_TEAM: timing(11.0)},
        "drawn": {"1x": timing(40.0), "3x": timing(42.0), "10x": timing(48.0)},
        "admin": timing(80.0),
        "weight": weight(),
        "floors": FLOORS,
    } | changes
    return report.page_row(page or Page("JD library", "/jobs/", "/admin/jobs/jobdescription/"), **arguments)


def results(*rows):
    made = {
        "when": "2026-12-01 16:00 UTC",
        "machine": "2 cores",
        "gunicorn_workers": 2,
        "concurrency": 4,
        "requests_per_page": 200,
        "max_seconds": 3,
        "min_requests": 20,
        "duration_minutes": 12.5,
        "load_average": [3.1, 2.4],
        "scales": {
            "1x": {"descriptions": 20000, "projects": 300},
            "3x": {"descriptions": 60000, "projects": 900},
            "10x": {"descriptions": 200000, "projects": 3000},
        },
        "signed_in_people": [CDIO, CENTRAL_TEAM],
        "floors": FLOORS,
        "pages": list(rows),
    }
    made["misses"] = report.misses(made)
    return made


def test_a_row_gives_each_timing_as_a_ratio_to_the_floor_of_its_own_server():
    r = row()
    assert r["served_x_floor"] == 1.1  # 4.4 / 4.0, the served server's floor
    assert r["signed_in"][CDIO]["x_floor"] == 2.5  # against the floor, not the signed-in floor
    assert r["signed_in"][CDIO]["x_own_floor"] == 1.2  # and, beside it, against the CDIO's own floor
    assert r["drawn_x_floor"] == 8.0  # 40 / 5.0, the fresh server's floor
    assert r["growth"] == 1.2  # 48 / 40, the largest scale against 1x
    assert r["x_admin"] == 0.5


def test_a_page_within_every_target_misses_nothing():
    assert report.row_misses(row()) == []


def test_each_target_missed_is_named():
    r = row(
        queries={"small": 4, "1x": 4, "3x": 5, "10x": 7},
        served=timing(8.0),
        signed_in={CDIO: timing(30.0), CENTRAL_TEAM: timing(11.0)},
        drawn={"1x": timing(100.0), "3x": timing(150.0), "10x": timing(300.0)},
        admin=timing(90.0),
        weight=weight(first_visit=60_000),
    )
    found = report.row_misses(r)
    assert any("queries grow with the data" in miss for miss in found)
    assert any("served at 2.0x the floor, over 1.5x" in miss for miss in found)
    assert any("signed-in CDIO at 3.8x the floor drawn for them, over 3x" in miss for miss in found)
    assert not any("central-team member" in miss for miss in found)
    assert any("drawn afresh at 20.0x the floor, over 15x" in miss for miss in found)
    assert any("3.0x slower at 10x than at 1x" in miss for miss in found)
    assert any("not faster than the admin changelist (1.11x)" in miss for miss in found)
    assert any("first visit 58.6 KB, over 40.0 KB" in miss for miss in found)


def test_signed_in_timings_are_judged_against_the_floor_drawn_for_the_same_person():
    # 20 ms is 5x the visitors' floor (4 ms) but 2.5x the CDIO's own (8 ms): what the page adds is within 3x.
    r = row(signed_in={CDIO: timing(20.0)})
    assert r["signed_in"][CDIO]["x_floor"] == 5.0
    assert report.row_misses(r) == []
    text = report.markdown(results(r))
    assert "| 20.0 (2.5x own floor; 5.0x) |" in text
    assert "**25.0 (3.1x own floor; 6.2x)** ✗" in report.markdown(results(row(signed_in={CDIO: timing(25.0)})))


def test_pages_drawn_afresh_for_a_signed_in_person_are_judged_against_the_floor_drawn_afresh_for_them():
    # With every cache empty, the session, person and second factor are read from the database on
    # every request: 100 ms is 20x the visitors' fresh floor (5 ms) but 10x the CDIO's (10 ms).
    page = Page("My borough", "/projects/my-borough/", user="cdio@example")
    r = row(page, drawn_by=CDIO, drawn={"1x": timing(100.0), "3x": timing(100.0), "10x": timing(100.0)}, admin=None)
    assert r["drawn_x_floor"] == 20.0
    assert r["drawn_x_own_floor"] == 10.0
    assert report.row_misses(r) == []
    text = report.markdown(results(r))
    assert "| 100.0 (10.0x own floor; 20.0x) |" in text
    assert f"drawn afresh for {CDIO} 10.0 ms" in text
    slow = row(page, drawn_by=CDIO, drawn={"1x": timing(160.0), "3x": timing(160.0), "10x": timing(160.0)}, admin=None)
    assert report.row_misses(slow) == [
        f"My borough: drawn afresh for a signed-in {CDIO} at 16.0x the floor drawn afresh for them, over 15x"
    ]
    # A visitor's page has no own floor: judged against the visitors' fresh floor, as before.
    assert row()["drawn_x_own_floor"] is None


def test_pages_for_signed_in_people_and_the_api_are_spared_the_public_targets():
    signed_in = row(Page("My borough", "/projects/my-borough/", user="cdio@example"), served=timing(40.0))
    assert not any("served at" in miss for miss in report.row_misses(signed_in))
    api = row(Page("API", "/api/v1/projects/"), weight=weight(first_visit=90_000, content_type="application/json"))
    assert not any("first visit" in miss for miss in report.row_misses(api))


def test_error_responses_anywhere_are_a_miss():
    r = row(drawn={"1x": timing(40.0), "3x": timing(42.0, errors=3), "10x": timing(44.0)})
    assert "JD library: 3 error responses" in report.row_misses(r)


def test_the_tables_mark_misses_and_explain_every_column():
    text = report.markdown(results(row(), row(Page("Salaries", "/jobs/salaries/"), served=timing(8.0))))
    header = "| page | served | signed-in CDIO | signed-in central-team member | drawn afresh | admin (drawn × admin) |"
    assert header in text
    # Signed-in cells also compare with the floor drawn for the same person (8.0 and 8.5 ms).
    assert (
        "| JD library | 4.4 (1.1x) | 10.0 (1.2x own floor; 2.5x) | 11.0 (1.3x own floor; 2.8x) "
        "| 40.0 (8.0x) | 80.0 (0.5) |" in text
    )
    assert "| Salaries | **8.0 (2.0x)** ✗ |" in text
    assert "| page | drawn 1x ms | drawn 3x ms | drawn 10x ms | growth | queries (small / 1x / 3x / 10x) |" in text
    assert "| JD library | 40.0 | 42.0 | 48.0 | 1.2 | 4 / 4 / 4 / 4 |" in text
    assert "| JD library | 39.1 | 5.9 (gzip) | 5.9 | 4.9 | 29.3 |" in text
    for column in ("**served**", "**signed-in CDIO / central-team member**", "**drawn afresh**", "**admin**"):
        assert column in text
    assert "took 12.5 minutes, the machine's load average 3.1 when timing began and 2.4 at the end." in text
    assert "Targets missed: 1." in text
    assert "- Salaries: served at 2.0x the floor, over 1.5x" in text


def test_writing_the_results_replaces_only_the_readmes_table(tmp_path):
    (tmp_path / "README.md").write_text("Before\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nAfter\n")
    made = results(row())
    table = report.write(made, tmp_path)
    readme = (tmp_path / "README.md").read_text()
    assert readme == f"Before\n<!-- bench:start -->\n{table}<!-- bench:end -->\nAfter\n"
    assert (tmp_path / "bench" / "results.md").read_text() == table
    assert json.loads((tmp_path / "bench" / "results.json").read_text())["pages"][0]["page"] == "JD library"
