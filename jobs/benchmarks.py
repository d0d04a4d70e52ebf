"""Salary benchmarks: what councils advertise for a role, summarised and drawn.

Each published job description counts once, at the midpoint of its
advertised range. Figures are kept apart for inner London, outer London and
councils outside London (a London borough's job description takes the
borough's area), and together.

PostgreSQL computes the quartiles with `percentile_cont` (linear
interpolation); elsewhere the same interpolation runs in Python, so the demo
on SQLite shows the same numbers.

Pages and the API read the figures of all published job descriptions from
the summary table (jobs.models.salaries.SalaryBenchmark), kept up to date on
every change; `salary_benchmarks()` works them out live for any queryset,
and the tests hold the summary to it.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections
from django.db.models import Aggregate, Count, F, FloatField, Max, Min
from django.db.models.functions import Cast

INNER, OUTER, ELSEWHERE, ALL = "inner", "outer", "elsewhere", "all"
AREA_LABELS = {INNER: "Inner London", OUTER: "Outer London", ELSEWHERE: "Outside London", ALL: "All councils"}
AREAS = [INNER, OUTER, ELSEWHERE]


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction, **extra):
        fraction = float(fraction)  # interpolated into the SQL: only ever a number
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        super().__init__(expression, fraction=repr(fraction), **extra)


def percentile(ordered, fraction):
    """percentile_cont in Python: linear interpolation between the two nearest ranks of sorted values."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


class Benchmark(NamedTuple):
    """A count of job descriptions and their salary figures.

    A named tuple: the salaries table makes some 900 a request, and a frozen
    dataclass took five times as long to make.
    """

    count: int
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float

    @classmethod
    def from_values(cls, values):
        ordered = sorted(values)
        return cls(
            count=len(ordered),
            minimum=ordered[0],
            lower_quartile=percentile(ordered, 0.25),
            median=percentile(ordered, 0.5),
            upper_quartile=percentile(ordered, 0.75),
            maximum=ordered[-1],
        )

    @classmethod
    def from_row(cls, row):
        return cls(
            count=row["count"],
            minimum=row["minimum"],
            lower_quartile=row["lower_quartile"],
            median=row["median"],
            upper_quartile=row["upper_quartile"],
            maximum=row["maximum"],
        )

    def statistics(self):
        """(label, value) pairs in the order tables show them."""
        return [
            ("Lowest", self.minimum),
            ("Lower quartile", self.lower_quartile),
            ("Median", self.median),
            ("Upper quartile", self.upper_quartile),
            ("Highest", self.maximum),
        ]


def _midpoint():
    return Cast(F("salary_min") + F("salary_max"), FloatField()) / 2.0


def _area_key(area):
    return area or ELSEWHERE


def salary_benchmarks(descriptions):
    """{role_id: {area: Benchmark}} for a queryset of job descriptions, in two queries (one off PostgreSQL).

    `area` is "inner", "outer", "elsewhere" or "all"; an area with no job
    descriptions is missing from its role's dict.
    """
    descriptions = descriptions.order_by()  # no default ordering in GROUP BY
    result = defaultdict(dict)
    if connections[descriptions.db].vendor == "postgresql":
        statistics = {
            "count": Count("id"),
            "minimum": Min(_midpoint()),
            "lower_quartile": PercentileCont(_midpoint(), 0.25),
            "median": PercentileCont(_midpoint(), 0.5),
            "upper_quartile": PercentileCont(_midpoint(), 0.75),
            "maximum": Max(_midpoint()),
        }
        for row in descriptions.values("role_id", "borough__area").annotate(**statistics):
            result[row["role_id"]][_area_key(row["borough__area"])] = Benchmark.from_row(row)
        for row in descriptions.values("role_id").annotate(**statistics):
            result[row["role_id"]][ALL] = Benchmark.from_row(row)
        return dict(result)
    values = defaultdict(list)
    for role_id, area, midpoint in descriptions.annotate(midpoint=_midpoint()).values_list(
        "role_id", "borough__area", "midpoint"
    ):
        values[role_id, _area_key(area)].append(midpoint)
        values[role_id, ALL].append(midpoint)
    for (role_id, area), midpoints in values.items():
        result[role_id][area] = Benchmark.from_values(midpoints)
    return dict(result)


@dataclass
class BenchmarkTable:
    """A role's benchmark as a table: a column per area, a row per figure."""

    columns: list  # area labels
    rows: list  # (label, [value per column], is_money)

    @classmethod
    def from_benchmarks(cls, benchmarks):
        present = [(area, benchmarks[area]) for area in [*AREAS, ALL] if area in benchmarks]
        columns = [AREA_LABELS[area] for area, _ in present]
        rows = [("Job descriptions", [benchmark.count for _, benchmark in present], False)]
        statistics = [benchmark.statistics() for _, benchmark in present]
        for index, (label, _) in enumerate(statistics[0] if statistics else []):
            rows.append((label, [figures[index][1] for figures in statistics], True))
        return cls(columns=columns, rows=rows)


# The range chart ----------------------------------------------------------------

CHART_WIDTH = 480
LABEL_WIDTH = 115  # the area names, left of the plot
PLOT_LEFT, PLOT_RIGHT = LABEL_WIDTH + 10, CHART_WIDTH - 20
ROW_HEIGHT = 48
AXIS_HEIGHT = 30


@dataclass
class ChartRow:
    label: str
    benchmark: Benchmark
    y: int  # top of the row
    x_min: float
    x_lower: float
    x_median: float
    x_upper: float
    x_max: float

    @property
    def mid_y(self):
        return self.y + ROW_HEIGHT // 2

    @property
    def box_y(self):
        return self.y + 10

    @property
    def box_height(self):
        return ROW_HEIGHT - 20

    @property
    def is_point(self):
        """One salary, or several the same: drawn as a dot, which a zero-width box would hide."""
        return self.x_min == self.x_max

    @property
    def box_bottom(self):
        return self.box_y + self.box_height

    @property
    def box_width(self):
        return max(self.x_upper - self.x_lower, 1)

    @property
    def text_y(self):
        return self.mid_y + 5


@dataclass
class Tick:
    x: float
    label: str


class RangeChart:
    """Where to draw each area's range on an inline SVG: lowest to highest, quartile box, median line.

    The SVG uses attributes only (no style attributes, which the Content
    Security Policy forbids) and is hidden from assistive technology: the
    table beside it holds the same figures.
    """

    def __init__(self, benchmarks):
        """`benchmarks`: {area: Benchmark}, drawn in the order inner, outer, elsewhere, all."""
        rows = [(area, benchmarks[area]) for area in [*AREAS, ALL] if area in benchmarks]
        self.height = len(rows) * ROW_HEIGHT + AXIS_HEIGHT
        self.width = CHART_WIDTH
        if not rows:
            self.rows, self.ticks = [], []
            return
        low = min(benchmark.minimum for _, benchmark in rows)
        high = max(benchmark.maximum for _, benchmark in rows)
        step = 5_000 if high - low <= 30_000 else 10_000 if high - low <= 80_000 else 20_000
        self.start = math.floor(low / step) * step
        self.end = max(math.ceil(high / step) * step, self.start + step)
        self.rows = [
            ChartRow(
                label=AREA_LABELS[area],
                benchmark=benchmark,
                y=index * ROW_HEIGHT,
                x_min=self.x(benchmark.minimum),
                x_lower=self.x(benchmark.lower_quartile),
                x_median=self.x(benchmark.median),
                x_upper=self.x(benchmark.upper_quartile),
                x_max=self.x(benchmark.maximum),
            )
            for index, (area, benchmark) in enumerate(rows)
        ]
        self.axis_y = len(rows) * ROW_HEIGHT
        self.tick_label_y = self.axis_y + 20
        self.ticks = [Tick(self.x(value), f"£{value // 1000}k") for value in range(self.start, self.end + 1, step)]

    def x(self, value):
        return round(PLOT_LEFT + (value - self.start) / (self.end - self.start) * (PLOT_RIGHT - PLOT_LEFT), 1)


# All roles in one table ------------------------------------------------------------


@dataclass
class SalaryRow:
    """A role's line in the salaries table, built from the summary's rows (plain values, no model instances)."""

    name: str
    url: str
    family: str
    level: str  # the level's label
    benchmarks: dict  # {area: Benchmark}; the total row has no name or URL

    @property
    def all(self):
        return self.benchmarks[ALL]

    @property
    def inner(self):
        return self.benchmarks.get(INNER)

    @property
    def outer(self):
        return self.benchmarks.get(OUTER)


def salary_table_rows(summary_rows, role_url, level_labels):
    """(role rows, total row or None) from SalaryBenchmark.objects.for_salary_table() tuples.

    `role_url(slug)` builds a role page's address, `level_labels` maps a
    level to its label: both cheap, as the table has a row per role.
    """
    roles, total = {}, {}
    for role_id, name, slug, level, family, area, *figures in summary_rows:
        if role_id is None:
            total[area] = Benchmark._make(figures)
            continue
        row = roles.get(role_id)
        if row is None:
            row = roles[role_id] = SalaryRow(
                name=name, url=role_url(slug), family=family, level=level_labels.get(level, level), benchmarks={}
            )
        row.benchmarks[area] = Benchmark._make(figures)
    return list(roles.values()), (SalaryRow("", "", "", "", total) if ALL in total else None)


def _median_or_none(benchmark):
    return benchmark.median if benchmark else None


# Sort key -> (column heading, the value rows sort by). None sorts last either way.
SALARY_SORTS = {
    "role": ("Role", lambda row: row.name.lower()),
    "count": ("Job descriptions", lambda row: row.all.count),
    "minimum": ("Lowest", lambda row: row.all.minimum),
    "lower_quartile": ("Lower quartile", lambda row: row.all.lower_quartile),
    "median": ("Median", lambda row: row.all.median),
    "upper_quartile": ("Upper quartile", lambda row: row.all.upper_quartile),
    "maximum": ("Highest", lambda row: row.all.maximum),
    "inner_median": ("Inner London median", lambda row: _median_or_none(row.inner)),
    "outer_median": ("Outer London median", lambda row: _median_or_none(row.outer)),
}


def sort_salary_rows(rows, key, descending):
    """Rows sorted by a SALARY_SORTS key; rows without a value (no inner London figure, say) go last, by name."""
    value = SALARY_SORTS[key][1]
    rows = sorted(rows, key=lambda row: (row.name.lower(), row.name))  # the tie-break, and the order of those last
    present = [row for row in rows if value(row) is not None]
    absent = [row for row in rows if value(row) is None]
    present.sort(key=value, reverse=descending)
    return present + absent
