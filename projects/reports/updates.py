"""A project page's updates, newest first, as plain rows: what the page shows of each and of its author."""

from dataclasses import dataclass
from datetime import datetime

from boroughs.models import Borough, User
from projects.models import ProjectUpdate
from projects.reports.rows import columns, fetch, table

SHOWN = 20  # the newest updates the page shows; its Atom feed has them all

UPDATES_SQL = """
SELECT u.id, u.title, u.published_at, u.phase, u.health, u.body_html,
       a.id, a.first_name, a.last_name, a.personal_data_removed_at, a.role, b.name
FROM {ProjectUpdate} u
LEFT JOIN {User} a ON a.id = u.author_id
LEFT JOIN {Borough} b ON b.id = a.borough_id
WHERE u.project_id = %s ORDER BY u.published_at DESC, u.id DESC
"""
FIELDS = (
    columns(ProjectUpdate, "id", "title", "published_at", "phase", "health", "body_html")
    + columns(User, "id", "first_name", "last_name", "personal_data_removed_at", "role")
    + columns(Borough, "name")
)


@dataclass(frozen=True, slots=True)
class UpdateLine:
    pk: int
    title: str
    published_at: datetime
    phase: str
    health: str
    body_html: str  # sanitised by nh3 when the update was saved
    author_name: str | None  # as User.get_full_name() gives it; None when the update has no author


def project_updates(project, *, limit=SHOWN):
    """The project's newest `limit` updates, each with its author's name, in one query of written-out SQL.

    Through the ORM, the query and twenty updates with their authors as
    models cost more than drawing them. An author whose personal data was
    removed is named as get_full_name() names them, with no further query.
    """
    sql = UPDATES_SQL.format(ProjectUpdate=table(ProjectUpdate), User=table(User), Borough=table(Borough))
    sql += f" LIMIT {int(limit)}"
    lines = []
    for pk, title, published_at, phase, health, body_html, author, *person in fetch(sql, [project.pk], FIELDS):
        first, last, removed_at, role, borough_name = person
        name = None if author is None else User.name_shown(first, last, removed_at, borough_name, role)
        lines.append(UpdateLine(pk, title, published_at, phase, health, body_html, name))
    return lines
