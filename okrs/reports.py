"""A quarter's key results as its page lists them, read as plain values.

Model instances for each key result, its objective, theme, lead borough and
supporting boroughs (about 260 a page at production scale) and the template
loop over them were most of the page's time when drawn afresh. Here one query
reads each key result's row with what it shows, one its supporting boroughs'
names and, only if any key result names a project, one the projects the
person may see; `{% key_result_items %}` (templatetags/okr_tags.py) draws them.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from okrs.models import KeyResult
from projects.models import Project


def percent(value, target):
    return max(0, min(100, round(100 * value / target))) if target else 0


@dataclass
class KeyResultRow:
    number: int
    title: str
    status: str
    unit: str
    value: object  # Decimal: the progress so far
    target: object
    url: str
    lead_borough: str | None
    supporting: list = field(default_factory=list)
    project: tuple | None = None  # (title, url), where the person may see it

    @property
    def percent(self):
        return percent(self.value, self.target)


@dataclass
class ObjectiveGroup:
    pk: int
    name: str
    rows: list


def objective_groups(quarter, key_results, user):
    """`key_results` (a quarter's, filtered) grouped under their objectives, in the objectives' order."""
    found = list(
        key_results.with_progress()
        .order_by("number")
        .values(
            "pk",
            "number",
            "title",
            "status",
            "unit",
            "project_id",
            "progress_value",
            "progress_target",
            "objective_id",
            "objective__title",
            "objective__order",
            "objective__theme__name",
            "lead_borough__name",
        )
    )
    if not found:
        return []
    # A key result's address is its number under its quarter's (okrs/urls.py): one reverse, not one a row.
    quarter_url = quarter.get_absolute_url()
    rows = {}
    groups = {}
    for kr in found:
        row = KeyResultRow(
            number=kr["number"],
            title=kr["title"],
            status=kr["status"],
            unit=kr["unit"],
            value=kr["progress_value"],
            target=kr["progress_target"],
            url=f"{quarter_url}{kr['number']}/",
            lead_borough=kr["lead_borough__name"],
        )
        rows[kr["pk"]] = row, kr["project_id"]
        key = (kr["objective__order"], kr["objective_id"])
        if key not in groups:
            name = kr["objective__title"] or kr["objective__theme__name"]
            groups[key] = ObjectiveGroup(kr["objective_id"], name, [])
        groups[key].rows.append(row)
    supporting = (
        KeyResult.supporting_boroughs.through.objects.filter(keyresult_id__in=rows)
        .order_by("borough__name")
        .values_list("keyresult_id", "borough__name")
    )
    for pk, name in supporting:
        rows[pk][0].supporting.append(name)
    project_ids = {project_id for _, project_id in rows.values() if project_id}
    if project_ids:
        # Only the projects this person may see: one not public yet is never named to others.
        projects = {
            pk: (title, reverse("projects:detail", kwargs={"slug": slug}))
            for pk, title, slug in Project.objects.visible_to(user)
            .filter(pk__in=project_ids)
            .values_list("pk", "title", "slug")
        }
        for row, project_id in rows.values():
            row.project = projects.get(project_id)
    return [groups[key] for key in sorted(groups)]
