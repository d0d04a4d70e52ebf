"""A quarter's key results as its page lists them, read as plain values.

Model instances for each key result, its objective, theme, lead borough and
supporting boroughs (about 260 a page at production scale) and the template
loop over them were most of the page's time when drawn afresh. Here one query
reads each key result's row with what it shows, one its supporting boroughs'
names and, only if any key result names a project, one the projects the
person may see; `{% key_result_items %}` (templatetags/okr_tags.py) draws them.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property

from django.db.models import Subquery
from django.urls import reverse

from boroughs.models import Borough
from okrs.models import CheckIn, KeyResult, measure_total, status_summary
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


# What the quarter page shows of each key result. The QuerySet (with its two
# progress subqueries) is built once; each request only narrows it to its
# quarter, a fraction of the cost of building it.
ROW_FIELDS = (
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


@cache
def quarter_rows():
    return KeyResult.objects.with_progress().order_by("number").values(*ROW_FIELDS)


@cache
def supporting_names():
    supporting = KeyResult.supporting_boroughs.through.objects.order_by("borough__name")
    return supporting.values_list("keyresult_id", "borough__name")


class QuarterReport:
    """A quarter's key results as its page lists them, grouped under their objectives, and their counts by status.

    Each read when first drawn, so a kept copy of the page reads nothing. One
    query reads every key result of the quarter: the counts are of them all,
    and where the page is filtered (`key_result_filter` is bound) one more
    asks the filter which of them match.
    """

    def __init__(self, quarter, key_result_filter, user):
        self.quarter, self.filter, self.user = quarter, key_result_filter, user

    @cached_property
    def found(self):
        return list(quarter_rows().filter(quarter_id=self.quarter.pk))

    @cached_property
    def summary(self):
        return status_summary(kr["status"] for kr in self.found)

    @cached_property
    def objectives(self):
        found = self.found
        if self.filter.is_bound:
            matching = set(self.filter.qs.order_by().values_list("pk", flat=True))
            found = [kr for kr in found if kr["pk"] in matching]
        return objective_groups(self.quarter, found, self.user)


def objective_groups(quarter, found, user):
    """The key results `found` (ROW_FIELDS values, by number) grouped under their objectives, in their order."""
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
    for pk, name in supporting_names().filter(keyresult_id__in=rows):
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


def path_for_slug(name):
    """slug -> the path of URL `name` (whose one argument is `slug`), from a single reverse()."""
    placeholder = "the-slug"
    before, after = reverse(name, kwargs={"slug": placeholder}).rsplit(placeholder, 1)
    return lambda slug: f"{before}{slug}{after}"


@dataclass
class Facts:
    """What a key result's page says of it beyond its own fields: names and links, read as plain values."""

    objective: str  # its objective's title, else the theme's name
    lead_borough: tuple | None  # (name, url)
    measure: tuple | None  # (name, target, total) of the project measure it follows
    project: tuple | None  # (title, url), where the person may see it
    rolled_from: tuple | None  # (url, number, quarter year, quarter number)


class KeyResultDetail:
    """What a key result's page shows under its title, each read when first drawn, so a kept copy reads nothing.

    `key_result` is the one the view looked up with its quarter (for the title,
    the breadcrumbs and the check-in button); its own fields are read from it.
    The rest comes as plain values (no model instances): one query for its
    objective, theme and lead borough, one for its supporting boroughs, one
    for its check-ins, and one each only for a project, a measure or a key
    result it continues. Its progress is its latest check-in, which the
    check-ins already hold (or its measure's total): the rule of
    KeyResultQuerySet.with_progress, without its two subqueries.
    """

    def __init__(self, key_result, user):
        self.looked_up, self.user = key_result, user

    @cached_property
    def facts(self):
        kr = self.looked_up
        fields = ["objective__title", "objective__theme__name", "lead_borough__name", "lead_borough__slug"]
        found = KeyResult.objects.filter(pk=kr.pk)
        if kr.measure_id:  # joined only when it has one: most have not
            fields += ["measure__name", "measure__target", "measure_total"]
            found = found.annotate(measure_total=Subquery(measure_total()))
        objective, theme, borough_name, borough_slug, *measure = found.values_list(*fields).get()
        project = rolled_from = None
        if kr.project_id:
            project = next(
                (
                    (title, reverse("projects:detail", kwargs={"slug": slug}))
                    for title, slug in Project.objects.visible_to(self.user)
                    .filter(pk=kr.project_id)
                    .values_list("title", "slug")
                ),
                None,
            )
        if kr.rolled_from_id:
            number, year, quarter = (
                KeyResult.objects.filter(pk=kr.rolled_from_id)
                .values_list("number", "quarter__year", "quarter__number")
                .get()
            )
            url = reverse("okrs:key_result", kwargs={"year": year, "number": quarter, "kr": number})
            rolled_from = (url, number, year, quarter)
        lead = (borough_name, path_for_slug("boroughs:detail")(borough_slug)) if borough_slug else None
        return Facts(objective or theme, lead, tuple(measure) or None, project, rolled_from)

    @cached_property
    def progress(self):
        """(value, target) as with_progress() works them out."""
        if self.facts.measure:
            _, target, total = self.facts.measure
            return Decimal(total or 0), Decimal(target)
        latest = self.check_ins[-1].value if self.check_ins else Decimal(0)
        return latest, self.looked_up.target

    @cached_property
    def percent(self):
        return percent(*self.progress)

    # What okr_tags.progress_text reads, as on KeyResultRow.
    @property
    def unit(self):
        return self.looked_up.unit

    @property
    def value(self):
        return self.progress[0]

    @property
    def target(self):
        return self.progress[1]

    @cached_property
    def supporting(self):
        """(name, url) of each supporting borough, by name."""
        url = path_for_slug("boroughs:detail")
        return [
            (name, url(slug))
            for name, slug in Borough.objects.filter(supported_key_results=self.looked_up.pk)
            .order_by("name")
            .values_list("name", "slug")
        ]

    @cached_property
    def check_ins(self):
        """Its check-ins, oldest first, as CheckInRow: the last is the latest, as with_progress takes it."""
        return [
            CheckInRow(*values)
            for values in CheckIn.objects.filter(key_result=self.looked_up.pk)
            .order_by("checked_on", "pk")
            .values_list("checked_on", "value", "confidence", "comment")
        ]

    @cached_property
    def chart(self):
        return check_in_chart(self.check_ins, self.looked_up.target)


@dataclass
class CheckInRow:
    checked_on: object  # date
    value: object  # Decimal
    confidence: str
    comment: str

    @property
    def confidence_label(self):
        return CheckIn.Confidence(self.confidence).label


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
