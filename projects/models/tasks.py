"""What My borough's task list needs of each participation, kept up to date: TaskSummary.

A project needs checking when any of the borough's rows in it (its part, a
deliverable's state, a pledge, an unsigned signature) was never checked or
not within COMMITMENT_STALE_AFTER_DAYS. Working that out reads every row of
every project the borough is in: at 10x the projects, 50,000 rows and
half a second on each request, for a page that shows 25 projects.

So each participation keeps three facts that do not depend on the day:
how many of its rows were never checked, the oldest check among those that
can go stale, and the newest check of all, with its borough and project
title so that a page of the task list is read in title order from one
index. "Needs checking" is then a comparison with today's cutoff, and the
task list's tally a count over one narrow row per project.

Kept up to date on every save or delete of the rows it sums, and of a
project (its title): signals, as the page cache's are, so the admin, the
question page, demo data and factories all keep it. The summaries a write
touches are worked out again at once, in the writer's own transaction (so
it reads its own change), and again after the commit (so of two people
saving the same project at once, the later commit's summary counts both).
Writes that send no signals (bulk_create, QuerySet.update) call
`TaskSummary.objects.refresh()` themselves, as perf's data and growth do.
"""

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from pagecache.versions import content_changed
from projects.models.commitments import (
    Agreement,
    Deliverable,
    DeliverableStatus,
    Measure,
    MeasureContribution,
    Signatory,
)
from projects.models.portfolio import Participation, Project

SUMMED = (Participation, Deliverable, DeliverableStatus, Measure, MeasureContribution, Agreement, Signatory)

# Per participation (those the WHERE names), from each kind of row it
# answers: rows never checked, the oldest and the newest check. A
# deliverable or measure with no row for the borough yet was never checked;
# a signature once given never goes stale (but counts as a check).
COMPUTE_SQL = """
WITH parts AS (SELECT id, borough_id, project_id, updated_at FROM {Participation} WHERE id IN ({participations}))
SELECT part_id, parts.borough_id, parts.project_id, pr.title, sum(never), min(oldest), max(newest) FROM (
    SELECT p.id AS part_id, CASE WHEN p.updated_at IS NULL THEN 1 ELSE 0 END AS never,
           p.updated_at AS oldest, p.updated_at AS newest
    FROM parts p
    UNION ALL
    SELECT p.id, count(*) - count(s.updated_at), min(s.updated_at), max(s.updated_at)
    FROM parts p
    JOIN {Deliverable} d ON d.project_id = p.project_id
    LEFT JOIN {DeliverableStatus} s ON s.deliverable_id = d.id AND s.borough_id = p.borough_id
    GROUP BY p.id
    UNION ALL
    SELECT p.id, count(*) - count(c.updated_at), min(c.updated_at), max(c.updated_at)
    FROM parts p
    JOIN {Measure} m ON m.project_id = p.project_id
    LEFT JOIN {MeasureContribution} c ON c.measure_id = m.id AND c.borough_id = p.borough_id
    GROUP BY p.id
    UNION ALL
    SELECT p.id,
           count(*) FILTER (WHERE s.state <> %s AND s.updated_at IS NULL),
           min(s.updated_at) FILTER (WHERE s.state <> %s),
           max(s.updated_at)
    FROM parts p
    JOIN {Agreement} a ON a.project_id = p.project_id
    JOIN {Signatory} s ON s.agreement_id = a.id AND s.borough_id = p.borough_id
    GROUP BY p.id
) AS per_kind
JOIN parts ON parts.id = part_id
JOIN {Project} pr ON pr.id = parts.project_id
GROUP BY part_id, parts.borough_id, parts.project_id, pr.title
ORDER BY parts.borough_id, pr.title
"""
COLUMNS = "participation_id, borough_id, project_id, project_title, never_checked, oldest_check, newest_check"


def _tables():

    return {model.__name__: model._meta.db_table for model in (*SUMMED, Project, TaskSummary)}


class TaskSummaryManager(models.Manager):
    def _write(self, ids_sql, ids_params, using):
        """Replace the summaries of the participations `ids_sql` selects with ones worked out from their rows."""
        t = _tables()
        with transaction.get_connection(using).cursor() as cursor:
            cursor.execute(f"DELETE FROM {t['TaskSummary']} WHERE participation_id IN ({ids_sql})", ids_params)
            cursor.execute(
                f"INSERT INTO {t['TaskSummary']} ({COLUMNS}) " + COMPUTE_SQL.format(participations=ids_sql, **t),
                [*ids_params, Signatory.State.SIGNED, Signatory.State.SIGNED],
            )

    def refresh(self, participations=None, *, using=None):
        """Work the summaries of these participations (a queryset; default: all) out again from their rows.

        The participations are locked first, so two refreshes of the same
        rows take turns and the later one reads what the earlier committed.
        """
        participations = Participation.objects.all() if participations is None else participations
        with transaction.atomic(using=using):
            list(participations.order_by("pk").select_for_update().values_list("pk", flat=True))
            ids_sql, ids_params = participations.order_by().values("id").query.sql_with_params()
            self._write(ids_sql, ids_params, using)
        content_changed("projects", using=using)  # the task lists that showed the old summaries


class TaskSummary(models.Model):
    """One participation's checks, as the task list reads them (see the module's docstring)."""

    participation = models.OneToOneField(
        Participation, on_delete=models.CASCADE, primary_key=True, related_name="task_summary"
    )
    # The participation's, copied so that a page of the task list reads one index in order.
    borough = models.ForeignKey("boroughs.Borough", on_delete=models.CASCADE, related_name="+", db_index=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    project_title = models.CharField(max_length=200)
    never_checked = models.PositiveIntegerField(help_text="Rows the borough has never checked (or has no row for).")
    oldest_check = models.DateTimeField(null=True, help_text="The oldest check among the rows that can go stale.")
    newest_check = models.DateTimeField(null=True, help_text="The newest check of any row.")

    objects = TaskSummaryManager()

    class Meta:
        indexes = [models.Index(fields=["borough", "project_title", "project"], name="task_summary_in_list_order")]
        verbose_name = "task list summary"
        verbose_name_plural = "task list summaries"

    def needs_checking(self, cutoff):
        return needs_checking(self.never_checked, self.oldest_check, cutoff)


def needs_checking(never_checked, oldest_check, cutoff):
    """A summary's rule, on its values: a row never checked, or one last checked before `cutoff`."""
    return never_checked > 0 or (oldest_check is not None and oldest_check < cutoff)


def _affected(instance):
    """(SQL selecting the ids of the participations a saved or deleted row is summed into, params), or None."""
    t = _tables()
    if isinstance(instance, Participation):
        return "SELECT %s", [instance.pk]
    if isinstance(instance, Project):
        return f"SELECT id FROM {t['Participation']} WHERE project_id = %s", [instance.pk]
    if isinstance(instance, (Deliverable, Measure, Agreement)):
        return f"SELECT id FROM {t['Participation']} WHERE project_id = %s", [instance.project_id]
    parent = {
        DeliverableStatus: ("Deliverable", "deliverable_id"),
        MeasureContribution: ("Measure", "measure_id"),
        Signatory: ("Agreement", "agreement_id"),
    }[type(instance)]
    if instance.borough_id is None:  # a signatory that is not a borough: no task list shows it
        return None
    table, column = parent
    return (
        f"SELECT p.id FROM {t['Participation']} p JOIN {t[table]} x ON x.project_id = p.project_id "
        f"WHERE x.id = %s AND p.borough_id = %s",
        [getattr(instance, column), instance.borough_id],
    )


def _pending(using):
    """The participation ids this transaction changed, to work out again after it commits."""
    conn = transaction.get_connection(using)
    if not hasattr(conn, "_task_summaries_pending"):
        conn._task_summaries_pending = set()
    return conn._task_summaries_pending


def _on_change(sender, instance, using=None, raw=False, **kwargs):
    if raw:  # fixtures: loaddata's rows are summed by a refresh afterwards
        return
    affected = _affected(instance)
    if affected is None:
        return
    sql, params = affected
    TaskSummary.objects._write(sql, params, using)  # a deleted participation's: none, as it has no row
    with transaction.get_connection(using).cursor() as cursor:
        cursor.execute(sql, params)
        _pending(using).update(row[0] for row in cursor.fetchall())
    # One callback per write, each a no-op once the first has refreshed them all:
    # a set kept across transactions would miss the next one's commit.
    transaction.on_commit(lambda: _refresh_pending(using), using=using)


def _refresh_pending(using):
    pending = _pending(using)
    ids = set(pending)
    pending.clear()
    if ids:
        TaskSummary.objects.refresh(Participation.objects.using(using).filter(pk__in=ids), using=using)


def watch():
    """Keep the summaries as the rows they sum change (called from ProjectsConfig.ready)."""
    for model in (*SUMMED, Project):
        label = model._meta.label_lower
        post_save.connect(_on_change, sender=model, dispatch_uid=f"tasksummary.save.{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"tasksummary.delete.{label}")
