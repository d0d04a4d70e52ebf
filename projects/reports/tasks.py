"""The my-borough task list: one line per project the borough takes part in.

Each line's state is read from the participation's TaskSummary, so a page of
the list costs one query however many projects and commitments there are.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property

from projects.models import (
    Participation,
    TaskSummary,
)
from projects.models.tasks import needs_checking
from projects.reports.answers import stale_after


class TaskState:
    """A project's line on the task list, as the GOV.UK task list pattern names statuses."""

    NOT_STARTED = "Not started"  # nothing ever recorded
    NEEDS_CHECKING = "Needs checking"  # a row never checked, or not for COMMITMENT_STALE_AFTER_DAYS
    UP_TO_DATE = "Up to date"


@dataclass(frozen=True)
class CheckState:
    """What the task list needs of one project: whether any answer needs checking, and when one was last checked."""

    needs_checking: bool
    last_checked_at: datetime | None

    @property
    def task_state(self):
        if self.last_checked_at is None:
            return TaskState.NOT_STARTED
        return TaskState.NEEDS_CHECKING if self.needs_checking else TaskState.UP_TO_DATE


TASK_LINE_COLUMNS = (
    "project_id",
    "project__slug",
    "project__title",
    "project__is_public",
    "borough_id",
    "participation__role",
    "never_checked",
    "oldest_check",
    "newest_check",
)
ROLE_LABELS = dict(Participation.Role.choices)


@dataclass(frozen=True, slots=True)
class TaskProject:
    """The project of a task-list line: what the line shows of it."""

    pk: int
    slug: str
    title: str
    is_public: bool


@dataclass(frozen=True, slots=True)
class Task:
    """One project's line on a borough's task list (BoroughTasks.tasks), without a model instance."""

    project: TaskProject
    borough_id: int
    role: str
    needs_checking: bool
    last_checked_at: datetime | None

    @property
    def task_state(self):
        return CheckState(self.needs_checking, self.last_checked_at).task_state

    def get_role_display(self):
        return ROLE_LABELS.get(self.role, self.role)


class BoroughTasks:
    """The projects a borough takes part in, and the state of each on the task list.

    Read from each participation's TaskSummary (projects.models.tasks), never
    the commitment rows: `summaries()` is a queryset in task-list order (one
    index), `lines()` the same as values (paginate it), `tasks()` turns a page
    of those into Task rows with their states, and `counts()` gives the tally in one
    count over the borough's summaries. So the page reads 25 rows and counts
    narrow ones whether the borough is in 30 projects or 3,000. "Needs
    checking" is the rule of BoroughReport.is_stale: a row never checked, or
    checked before the cutoff.
    """

    def __init__(self, borough, *, now=None):
        self.borough = borough
        self.now = now or timezone.now()
        self.cutoff = self.now - stale_after()

    def participations(self):
        return Participation.objects.filter(borough=self.borough).order_by("project__title", "project_id")

    def summaries(self):
        return (
            TaskSummary.objects.filter(borough=self.borough)
            .select_related("participation__project")
            .order_by("project_title", "project_id")
        )

    def lines(self):
        """The task list's rows as values, in task-list order (one index: paginate it); `tasks()` reads a page of them.

        Values, not models: three model instances a line (summary,
        participation, project) were most of drawing a page of the list.
        """
        return (
            TaskSummary.objects.filter(borough=self.borough)
            .order_by("project_title", "project_id")
            .values_list(*TASK_LINE_COLUMNS)
        )

    def tasks(self, lines):
        """A page of `lines()` as Task rows, each with its state."""
        rows = []
        for pk, slug, title, is_public, borough_id, role, never, oldest, newest in lines:
            rows.append(
                Task(
                    TaskProject(pk, slug, title, is_public),
                    borough_id,
                    role,
                    needs_checking(never, oldest, self.cutoff),
                    newest,
                )
            )
        return rows

    def _needing(self):
        return Q(never_checked__gt=0) | Q(oldest_check__lt=self.cutoff)

    def counts(self):
        """(projects needing checking, all projects)."""
        tally = TaskSummary.objects.filter(borough=self.borough).aggregate(
            total=Count("pk"), needing=Count("pk", filter=self._needing())
        )
        return tally["needing"], tally["total"]

    def next_to_check(self, after):
        """The next participation after `after` (a Project) in task-list order needing checking, wrapping round."""
        needing = self.summaries().filter(self._needing()).exclude(project=after)
        later = Q(project_title__gt=after.title) | Q(project_title=after.title, project_id__gt=after.pk)
        following = needing.filter(later).first() or needing.first()
        return following.participation if following else None


class CountedPaginator(Paginator):
    """A Paginator told how many rows there are, where the page has counted them already: no COUNT query."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


class TaskListPage:
    """One page of a borough's task list, read only when first used.

    The task list's template keeps its projects section in a shared
    fragment (per borough), so a kept copy costs no query: nothing here
    reads the database until the template asks.
    """

    per_page = 25

    def __init__(self, borough, page_number):
        self.tasks = BoroughTasks(borough)
        self.page_number = page_number

    @cached_property
    def _counts(self):
        return self.tasks.counts()  # every participation has a summary, so `total` counts them

    @property
    def total(self):
        return self._counts[1]

    @property
    def checked(self):
        needing, total = self._counts
        return total - needing

    @cached_property
    def page(self):
        return CountedPaginator(self.tasks.lines(), self.per_page, count=self.total).get_page(self.page_number)

    @cached_property
    def participations(self):
        """The page's Task rows (BoroughTasks.tasks)."""
        return self.tasks.tasks(self.page.object_list)
