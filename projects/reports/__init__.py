"""Read models: what the project and My borough pages show, each read in a few queries, one module each.

- tasks: BoroughTasks and TaskListPage, the my-borough task list.
- borough_report: BoroughReport, everything one borough reports on.
- dashboard: ProjectDashboard, one project's commitments across its boroughs.
- project_page: project_for_page, the project a project page shows.
- updates: project_updates, a project page's newest updates.
- rows: running written-out SQL with the ORM's conversions.
- answers: when an answer is stale, what a row is about, the newest of some dates.
"""

from projects.reports.answers import row_label, stale_after
from projects.reports.borough_report import BoroughReport, ProjectSection
from projects.reports.dashboard import ProjectDashboard
from projects.reports.project_page import project_for_page
from projects.reports.tasks import BoroughTasks, CheckState, TaskListPage, TaskState
from projects.reports.updates import UpdateLine, project_updates

__all__ = [
    "BoroughReport",
    "BoroughTasks",
    "CheckState",
    "ProjectDashboard",
    "ProjectSection",
    "TaskListPage",
    "TaskState",
    "UpdateLine",
    "project_updates",
    "project_for_page",
    "row_label",
    "stale_after",
]
