"""A quarter's key results as its page lists them, read as plain values.

Model instances for each key result, its objective, theme, lead borough and
supporting boroughs (about 260 a page at production scale) and the template
loop over them were most of the page's time when drawn afresh. Here one query
reads each key result's row with what it shows, one its supporting boroughs'
names and, only if any key result names a project, one the projects the
person may see; `{% key_result_items %}` (templatetags/okr_tags.py) draws them.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse

from boroughs.models import Borough
from okrs.models import CheckIn, KeyResult
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


class KeyResultDetail:
    """What a key result's page shows under its title, each read when first drawn, so a kept copy reads nothing.

    `key_result` is the one the view looked up with its quarter (for the title,
    the breadcrumbs and the check-in button).
    """

    def __init__(self, key_result, user):
        self.looked_up, self.user = key_result, user

    @cached_property
    def key_result(self):
        """With its progress, objective, theme, lead borough, measure and project (as the person may see it).

        Not joined to its quarter, which the view has: with the quarter, objective,
        theme, borough, measure and the key result it continues all joined,
        PostgreSQL took several times longer to plan the query than to run it.
        """
        key_result = (
            KeyResult.objects.filter(pk=self.looked_up.pk)
            .with_progress()
            .with_project_for(self.user)
            .select_related("objective__theme", "lead_borough", "measure")
            # Only a key result that continues another costs this query.
            .prefetch_related(Prefetch("rolled_from", queryset=KeyResult.objects.select_related("quarter")))
            .get()
        )
        key_result.quarter = self.looked_up.quarter
        key_result.percent = percent(key_result.progress_value, key_result.progress_target)
        return key_result

    @cached_property
    def supporting(self):
        return list(Borough.objects.filter(supported_key_results=self.looked_up.pk))

    @cached_property
    def check_ins(self):
        return list(CheckIn.objects.filter(key_result=self.looked_up.pk).order_by("checked_on", "pk"))

    @cached_property
    def chart(self):
        return check_in_chart(self.check_ins, self.looked_up.target)


def check_in_chart(check_ins, target, width=600, height=160):
    """Bars for an inline SVG: one per check-in, as a share of the target. The table beside it has the numbers."""
    if not check_ins:
        return None
    slot = width / len(check_ins)
    bars = []
    for i, check_in in enumerate(check_ins):
        share = min(1, float(check_in.value) / float(target)) if target else 0
        bar_height = round(share * (height - 20), 1)
        bars.append(
            {
                "x": round(i * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(height - 20 - bar_height, 1),
                "height": bar_height,
                "check_in": check_in,
            }
        )
    return {"width": width, "height": height, "baseline": height - 20, "bars": bars}
