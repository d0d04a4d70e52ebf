"""The salary benchmark summary: what the salaries page, the role pages and the API read.

Working the benchmarks out on each request sorted every published salary
twice (17 + 13 ms at production scale). Instead the figures are kept here,
one row per role, per role family and overall, each for every area and all
councils, and `SalaryBenchmark.objects.rebuild()` recomputes the whole table
in one GROUPING SETS query. Every write that publishes, changes, withdraws or
deletes a job description (the services, the admin, the import, the demo
data) calls `rebuild_on_commit()`; `manage.py rebuild_salary_benchmarks`
rebuilds it by hand, after a bulk load. Saving a borough with a new area
rebuilds it too (rebuild_if_area_changed).

The figures are those jobs.benchmarks.salary_benchmarks computes live:
each published job description counts once, at the midpoint of its range.
"""

from collections import defaultdict

from django.db import connections, models, transaction
from django.db.models import Q

from jobs.benchmarks import ALL, AREA_LABELS, AREAS, ELSEWHERE, INNER, OUTER, Benchmark
from jobs.models.descriptions import JobDescription
from jobs.models.roles import Role, RoleFamily
from pagecache.versions import content_changed

FIGURES = ["count", "minimum", "lower_quartile", "median", "upper_quartile", "maximum"]

# One statement for the whole table. The innermost SELECT is the live
# computation's input (a midpoint per published job description, with its
# area); each grouping set is one kind of row: per role and area, per role,
# per family and area, per family, per area and overall. A column left out of
# a grouping set comes out NULL, so a role's family is kept on its rows. The
# empty set gives a row even with nothing published: HAVING drops it.
REBUILD_SQL = """
INSERT INTO {summary} (role_id, family_id, area, count, minimum, lower_quartile, median, upper_quartile, maximum)
SELECT
    role_id,
    family_id,
    CASE WHEN GROUPING(area) = 1 THEN %(all)s ELSE area END,
    COUNT(*),
    MIN(midpoint),
    percentile_cont(0.25) WITHIN GROUP (ORDER BY midpoint),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY midpoint),
    percentile_cont(0.75) WITHIN GROUP (ORDER BY midpoint),
    MAX(midpoint)
FROM (
    SELECT
        jd.role_id,
        role.family_id,
        COALESCE(borough.area, %(elsewhere)s) AS area,
        CAST(jd.salary_min + jd.salary_max AS double precision) / 2 AS midpoint
    FROM {descriptions} jd
    JOIN {roles} role ON role.id = jd.role_id
    LEFT JOIN {boroughs} borough ON borough.id = jd.borough_id
    WHERE jd.state = %(published)s
) published
GROUP BY GROUPING SETS ((family_id, role_id, area), (family_id, role_id), (family_id, area), (family_id), (area), ())
HAVING COUNT(*) > 0
"""

# The salaries page's lines (SalaryBenchmark.objects.salary_page_lines): a row per
# role and one for the total, each with all councils' figures and the inner and
# outer London medians. Grouped by role rather than read a row per role and area
# (900 at production scale), and written out: as a QuerySet (eight conditional
# aggregates) it took Django longer to build than the database to run.
SALARY_PAGE_SQL = """
SELECT
    role.slug,
    role.name,
    family.name,
    MAX(CASE WHEN b.area = %(all)s THEN b.count END),
    MAX(CASE WHEN b.area = %(all)s THEN b.minimum END),
    MAX(CASE WHEN b.area = %(all)s THEN b.lower_quartile END),
    MAX(CASE WHEN b.area = %(all)s THEN b.median END),
    MAX(CASE WHEN b.area = %(all)s THEN b.upper_quartile END),
    MAX(CASE WHEN b.area = %(all)s THEN b.maximum END),
    MAX(CASE WHEN b.area = %(inner)s THEN b.median END),
    MAX(CASE WHEN b.area = %(outer)s THEN b.median END)
FROM {summary} b
LEFT JOIN {roles} role ON role.id = b.role_id
LEFT JOIN {families} family ON family.id = b.family_id
WHERE b.area IN (%(all)s, %(inner)s, %(outer)s) AND {scope}
GROUP BY role.id, family.id
"""


class SalaryBenchmarkQuerySet(models.QuerySet):
    def of_roles(self):
        return self.filter(role__isnull=False)

    def by_role(self):
        """{role_id: {area: Benchmark}} of these rows' roles: what salary_benchmarks() returns, from the summary."""
        result = defaultdict(dict)
        for role_id, area, *figures in self.of_roles().order_by().values_list("role_id", "area", *FIGURES):
            result[role_id][area] = Benchmark._make(figures)
        return dict(result)

    def for_salary_table(self, family=None):
        """The salaries page's rows: each role's all, inner and outer London rows, and the total's.

        Tuples of (role_id, role name, role slug, role level, family name,
        area, *FIGURES): plain values (some 900 rows), no dicts or model
        instances. The total is the family's rows (role_id None) for one
        family, or the overall rows for all of them.
        """
        scope = Q(family=family) if family else Q(role__isnull=False) | Q(family__isnull=True)
        return (
            self.filter(scope, area__in=[ALL, *AREAS[:2]])
            .order_by()
            .values_list("role_id", "role__name", "role__slug", "role__level", "family__name", "area", *FIGURES)
        )


class SalaryBenchmarkManager(models.Manager.from_queryset(SalaryBenchmarkQuerySet)):
    def rebuild(self):
        """Recompute every row from the published job descriptions, in one transaction; returns how many rows.

        Readers keep seeing the old rows until it commits. A second rebuild
        waits for the first (the table lock lets reads through), so it
        deletes what the first inserted and never doubles a row.
        """
        using = self.db
        connection = connections[using]
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                made = self._rebuild_in_sql(connection)
            else:
                made = self._rebuild_in_python()
            content_changed("jobs", using=using)  # pages drawn from the old figures go
        return made

    def rebuild_on_commit(self, using=None):
        """Rebuild once the writer's transaction commits (at once outside one), so it sees the write.

        A failed rebuild is logged and leaves the write in place: the next
        change, or the command, rebuilds.
        """
        using = using or self.db
        connection = transaction.get_connection(using)
        # One rebuild after the commit sees every change of the transaction: an admin action that
        # publishes 50 job descriptions rebuilds once. A rebuild asked for in a part that rolled back
        # is no longer in run_on_commit, so it is asked for again.
        pending = getattr(connection, "salary_rebuild_pending", None)
        if pending is not None and any(func is pending for _, func, _ in connection.run_on_commit):
            return

        def rebuild():
            connection.salary_rebuild_pending = None
            self.db_manager(using).rebuild()

        connection.salary_rebuild_pending = rebuild
        transaction.on_commit(rebuild, using=using, robust=True)

    def salary_page_lines(self, family=None):
        """The salaries page's lines: a tuple per role and one for the total, of only what the page shows.

        (role slug, role name, family name, count, minimum, lower quartile,
        median, upper quartile, maximum, inner London median, outer London
        median): the London medians None where the area has no job
        description, the total's slug and name None. The total is the
        family's for one family, else every role's.
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        scope = "b.family_id = %(family)s" if family else "(b.role_id IS NOT NULL OR b.family_id IS NULL)"
        sql = SALARY_PAGE_SQL.format(
            summary=quote(self.model._meta.db_table),
            roles=quote(Role._meta.db_table),
            families=quote(RoleFamily._meta.db_table),
            scope=scope,
        )
        params = {"all": ALL, "inner": INNER, "outer": OUTER, "family": family.pk if family else None}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _rebuild_in_sql(self, connection):
        quote = connection.ops.quote_name
        summary = quote(self.model._meta.db_table)
        sql = REBUILD_SQL.format(
            summary=summary,
            descriptions=quote(JobDescription._meta.db_table),
            roles=quote(Role._meta.db_table),
            boroughs=quote(JobDescription._meta.get_field("borough").related_model._meta.db_table),
        )
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {summary} IN EXCLUSIVE MODE")
            cursor.execute(f"DELETE FROM {summary}")
            cursor.execute(sql, {"all": ALL, "elsewhere": ELSEWHERE, "published": JobDescription.State.PUBLISHED})
            return cursor.rowcount

    def _rebuild_in_python(self):
        """The same rows without GROUPING SETS or percentile_cont (SQLite, the demo's database)."""
        midpoints = defaultdict(list)
        published = JobDescription.objects.using(self.db).published().order_by()
        for role_id, family_id, area, low, high in published.values_list(
            "role_id", "role__family_id", "borough__area", "salary_min", "salary_max"
        ):
            midpoint = (low + high) / 2
            for key_area in (area or ELSEWHERE, ALL):
                for key in ((role_id, family_id), (None, family_id), (None, None)):
                    midpoints[(*key, key_area)].append(midpoint)
        self.all().delete()
        rows = [
            self.model(role_id=role_id, family_id=family_id, area=area, **Benchmark.from_values(values)._asdict())
            for (role_id, family_id, area), values in midpoints.items()
        ]
        self.bulk_create(rows)
        return len(rows)


class SalaryBenchmark(models.Model):
    """The benchmark of a role, a role family (no role) or every role (neither), in one area or all councils.

    Derived data: rebuilt from the published job descriptions, never edited.
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, null=True, related_name="+")
    family = models.ForeignKey(RoleFamily, on_delete=models.CASCADE, null=True, related_name="+")
    area = models.CharField(max_length=9, choices=[(area, AREA_LABELS[area]) for area in [*AREAS, ALL]])
    count = models.PositiveIntegerField("job descriptions")
    minimum = models.FloatField()
    lower_quartile = models.FloatField()
    median = models.FloatField()
    upper_quartile = models.FloatField()
    maximum = models.FloatField()

    objects = SalaryBenchmarkManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["role", "area"], condition=Q(role__isnull=False), name="salary_benchmark_role_area"
            ),
            models.UniqueConstraint(
                fields=["family", "area"],
                condition=Q(role__isnull=True, family__isnull=False),
                name="salary_benchmark_family_area",
            ),
            models.UniqueConstraint(
                fields=["area"], condition=Q(role__isnull=True, family__isnull=True), name="salary_benchmark_area"
            ),
            # A role's rows carry its family, so the salaries page filters by family without a join.
            models.CheckConstraint(
                condition=Q(role__isnull=True) | Q(family__isnull=False), name="salary_benchmark_role_has_family"
            ),
        ]

    def __str__(self):
        scope = self.role or self.family or "All roles"
        return f"{scope}, {self.get_area_display()}"


# A borough moved between inner and outer London moves its job descriptions' figures too.


def remember_stored_area(sender, instance, **kwargs):
    """pre_save of Borough: the area as stored, to compare with after the save."""
    instance._stored_area = (
        sender.objects.filter(pk=instance.pk).values_list("area", flat=True).first() if instance.pk else None
    )


def rebuild_if_area_changed(sender, instance, created, **kwargs):
    """post_save of Borough: rebuild the summary on commit if its area changed."""
    if not created and getattr(instance, "_stored_area", None) not in (None, instance.area):
        SalaryBenchmark.objects.rebuild_on_commit(using=kwargs.get("using"))
