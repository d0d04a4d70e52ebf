"""GOV.UK tags for a project's phase and health and for each borough's commitments, and its London map.

The colours of each state are said once here; `govuk.tags` draws them.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from boroughs.gridmap import MapState, london_map
from govuk.formats import month_names
from govuk.tags import tag_filter
from govuk.templatetags.govuk import govuk_field
from govuk.widgets import escape
from projects.models import DeliverableStatus, Health, Participation, Phase, Signatory
from projects.reports import TaskState

register = template.Library()

phase_tag = register.filter(
    "phase_tag",
    tag_filter(
        Phase,
        {
            Phase.DISCOVERY: "light-blue",
            Phase.ALPHA: "purple",
            Phase.BETA: "turquoise",
            Phase.LIVE: "green",
            Phase.CLOSED: "grey",
        },
    ),
)
health_tag = register.filter(
    "health_tag",
    tag_filter(Health, {Health.ON_TRACK: "green", Health.AT_RISK: "yellow", Health.OFF_TRACK: "red"}),
)
_deliverable_tag = tag_filter(
    DeliverableStatus.State,
    {DeliverableStatus.State.DONE: "green", DeliverableStatus.State.IN_PROGRESS: "yellow"},
)
_participation_status_tag = tag_filter(
    Participation.Status,
    {
        Participation.Status.DONE: "green",
        Participation.Status.IN_PROGRESS: "yellow",
        Participation.Status.BLOCKED: "red",
    },
)
register.filter("participation_status_tag", _participation_status_tag)
_signature_tag = tag_filter(
    Signatory.State,
    {Signatory.State.SIGNED: "green", Signatory.State.DECLINED: "red", Signatory.State.REVIEWING: "yellow"},
)


@register.filter
def deliverable_tag(state):
    """A borough with no status for a deliverable yet has not started it."""
    return _deliverable_tag(state or DeliverableStatus.State.NOT_STARTED)


@register.filter
def signature_tag(signatory):
    return _signature_tag(signatory.state)


# The London map on a project page: each borough's status, as the table under it says.
# A text marker for each status as well as a colour, so the map reads in greyscale.
STATUS_KEY = [
    MapState(status.value, status.label, css, marker)
    for status, css, marker in [
        (Participation.Status.DONE, "done", "✓"),
        (Participation.Status.IN_PROGRESS, "in-progress", "◐"),
        (Participation.Status.BLOCKED, "blocked", "✕"),
        (Participation.Status.NOT_STARTED, "not-started", "○"),
    ]
]
NOT_TAKING_PART = MapState("not-taking-part", "Not taking part", "none", "")


@register.simple_tag
def participation_map(participations, table_id):
    """`participations`: the project's rows the page already has, with their boroughs (no query)."""
    states = {p.borough.slug: p.shown_status for p in participations}
    return london_map(
        states,
        key=STATUS_KEY,
        empty=NOT_TAKING_PART,
        label=f"the status of each of the {len(states)} boroughs taking part",
        table_id=table_id,
    )


TASK_STATE_COLOURS = {TaskState.NEEDS_CHECKING: "orange", TaskState.NOT_STARTED: "blue"}  # "Up to date" is plain text


@register.simple_tag
def borough_task_list_items(tasks):
    """The items of My borough's GOV.UK task list, one per Task (BoroughTasks.tasks).

    Drawn in Python, with one reverse() and each date formatted once: 25
    items through the template engine, then a reverse() and a date_format()
    each, were most of the page's time at production scale.
    """
    pattern = reverse("projects:my_borough_project", args=["__slug__"])
    last_checked = _dates("j F Y")
    items = []
    for task in tasks:
        project = task.project
        pk = project.pk
        url = escape(pattern.replace("__slug__", project.slug))
        role = escape(task.get_role_display()) + ("" if project.is_public else ", not public yet")
        if task.last_checked_at:
            checked = f"Last checked {last_checked(task.last_checked_at)}."
        else:
            checked = "Never checked."
        state = escape(task.task_state)
        colour = TASK_STATE_COLOURS.get(task.task_state)
        status = f'<strong class="govuk-tag govuk-tag--{colour}">{state}</strong>' if colour else state
        items.append(
            '<li class="govuk-task-list__item govuk-task-list__item--with-link">'
            '<div class="govuk-task-list__name-and-hint">'
            f'<a class="govuk-link govuk-task-list__link" href="{url}" '
            f'aria-describedby="task-{pk}-hint task-{pk}-status">{escape(project.title)}</a>'
            f'<div id="task-{pk}-hint" class="govuk-task-list__hint">{role}. {checked}</div>'
            "</div>"
            f'<div class="govuk-task-list__status" id="task-{pk}-status">{status}</div>'
            "</li>"
        )
    return SafeString("\n".join(items))


# The checkbox confirming a pledge above the whole target (forms.OverTarget), as the template drew it.
_OVER_TARGET = (
    "\n"
    '              <div class="govuk-form-group">\n'
    '                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
    '                  <div class="govuk-checkboxes__item">\n'
    '                    <input class="govuk-checkboxes__input" id="{id}" name="{name}" type="checkbox" '
    'value="{value}"{checked}>\n'
    '                    <label class="govuk-label govuk-checkboxes__label" for="{id}">{label}</label>\n'
    "                  </div>\n"
    "                </div>\n"
    "              </div>\n"
    "            "
)


@register.simple_tag
def commitment_fields(form):
    """The question page's fields (a CommitmentsForm's), each as {% govuk_field %} draws it, then its hidden fields.

    A loop in Python, with the spacing the template's loops gave: through
    the template engine, the loops over about fifty fields cost as much as
    drawing the fields themselves.
    """
    parts = ["        "]
    for _project, fields in form.bound_sections:
        parts.append("\n          ")
        for field, over_target in fields:
            parts += ["\n            ", govuk_field(field), "\n            "]
            if over_target:
                parts.append(
                    _OVER_TARGET.format(
                        id=escape(over_target.id),
                        name=escape(over_target.name),
                        value=escape(over_target.value),
                        checked=" checked" if over_target.checked else "",
                        label=escape(over_target.label),
                    )
                )
            parts.append("\n          ")
        parts.append("\n        ")
    parts.append("\n        ")
    parts += [str(field) for field in form.hidden_fields()]
    parts.append("\n")
    return SafeString("".join(parts))


# The project page's long tables, drawn in Python: at production scale a project has
# 33 boroughs, each with a line for every deliverable, pledge and signature (429
# list items), and 198 signatories; through the template engine these loops were
# most of the page's time. The markup is the template's, cell for cell.


def _date_format(format_string):
    """Django's date_format for the formats these tables use, with the month names looked up once.

    date_format looks the format and each name up through the translation
    machinery on every call (about 60 µs): with a date on each of 33 rows
    and 17 updates, that was most of drawing them. Any other format goes to
    date_format itself.
    """
    if format_string == "c":
        return lambda value: value.isoformat()
    if format_string == "j F Y":
        names = month_names()
    elif format_string == "j M Y":
        names = month_names(abbreviated=True)
    else:
        return lambda value: date_format(value, format_string)
    return lambda value: f"{value.day} {names[value.month]} {value.year:04d}"


def _dates(format_string):
    """A date formatter for one table: each distinct date is formatted once, in the current time zone."""
    drawn = {}
    formatted = _date_format(format_string)

    def draw(value):
        if value is None:
            return ""
        if value not in drawn:
            shown = timezone.localtime(value) if hasattr(value, "tzinfo") and value.tzinfo else value
            drawn[value] = escape(formatted(shown))
        return drawn[value]

    return draw


def _borough_urls():
    """Each borough's page address by its slug, from one reverse() rather than one a row."""
    pattern = reverse("boroughs:detail", kwargs={"slug": "__slug__"})
    return lambda slug: pattern.replace("__slug__", slug)


@register.simple_tag
def project_borough_rows(dashboard):
    """The rows of a project page's table of boroughs: each borough's role, status, commitments and last change."""
    several_measures = len(dashboard.measures) > 1
    has_commitments = dashboard.has_commitments
    names = {column.deliverable.pk: escape(column.deliverable.name) for column in dashboard.columns}
    # Each escaped once, not once a row: every borough's line names every agreement it is party to.
    titles = {progress.agreement.pk: escape(progress.agreement.title) for progress in dashboard.agreements}
    roles = {value: escape(str(label)) for value, label in Participation.Role.choices}
    last_changed = _dates("j M Y")
    borough_url = _borough_urls()
    rows = []
    for row in dashboard.rows:
        participation, borough = row.participation, row.borough
        items = [f"<li>{names[d.pk]} {deliverable_tag(state)}</li>" for d, state in row.deliverables]
        for measure, value in row.pledges:
            which = f" ({escape(measure.name.lower())})" if several_measures else ""
            items.append(f"<li>{escape(value)} {escape(measure.unit)} pledged{which}</li>")
        items += [f"<li>{titles[s.agreement.pk]} {signature_tag(s)}</li>" for s in row.signatures]
        if items:
            commitments = f'<ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">{"".join(items)}</ul>'
        else:
            commitments = "Nothing recorded yet" if has_commitments else ""
        if participation.note:
            commitments += (
                f'<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{escape(participation.note)}</p>'
            )
        rows.append(
            '<tr class="govuk-table__row">'
            f'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
            f'href="{escape(borough_url(borough.slug))}">{escape(borough.name)}</a></th>'
            f'<td class="govuk-table__cell">{roles.get(participation.role) or escape(participation.role)}</td>'
            f'<td class="govuk-table__cell">{_participation_status_tag(row.status)}</td>'
            f'<td class="govuk-table__cell">{commitments}</td>'
            f'<td class="govuk-table__cell">{last_changed(row.last_changed_at) or "Never"}</td>'
            "</tr>"
        )
    return SafeString("\n".join(rows))


@register.simple_tag
def measure_contribution_rows(progress):
    """The rows of a measure's table: each borough's contribution (a MeasureProgress's), or a line saying none."""
    if not progress.contributions:
        return SafeString(
            '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">'
            "No borough has committed any yet.</td></tr>"
        )
    return SafeString(
        "\n".join(
            '<tr class="govuk-table__row">'
            f'<th scope="row" class="govuk-table__header">{escape(c.borough.name)}</th>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(c.value)}</td>'
            "</tr>"
            for c in progress.contributions
        )
    )


@register.simple_tag
def agreement_signatory_rows(progress):
    """The rows of an agreement's table of signatories (an AgreementProgress's): name, state, date signed."""
    signed_on = _dates("j F Y")
    return SafeString(
        "\n".join(
            '<tr class="govuk-table__row">'
            f'<th scope="row" class="govuk-table__header">{escape(s.party_name())}</th>'
            f'<td class="govuk-table__cell">{signature_tag(s)}</td>'
            f'<td class="govuk-table__cell">{signed_on(s.signed_on)}</td>'
            "</tr>"
            for s in progress.signatories
        )
    )


_AGREEMENT_SECTION = """    <h2 class="govuk-heading-m" id="agreement-{pk}">{title}</h2>
    <p class="govuk-body-l"><span class="govuk-!-font-weight-bold">{signed} of {parties}</span> signed</p>
    <p class="govuk-body">
      {timing}
      {document}
    </p>
    <div class="loti-table-wrapper loti-scroll" role="region" aria-label="Signatories of {title}" tabindex="0">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">Signatories of {title}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Signatory</th>
            <th scope="col" class="govuk-table__header">State</th>
            <th scope="col" class="govuk-table__header">Date signed</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {rows}
        </tbody>
      </table>
    </div>"""


@register.simple_tag
def agreement_sections(agreements):
    """Each agreement's heading, how far signing has gone and its table of signatories (AgreementProgress rows)."""
    opened_on = _dates("j F Y")
    sections = []
    for progress in agreements:
        agreement = progress.agreement
        kind = escape(agreement.get_kind_display())
        if progress.all_signed:
            days = progress.days_to_last_signature
            timing = (
                f"{kind}, opened for signature on {opened_on(agreement.opened_on)}. "
                f"Every party signed within {escape(days)} day{'' if days == 1 else 's'}."
            )
        else:
            timing = f"{kind}, open for signature since {opened_on(agreement.opened_on)}."
        document = (
            f'<a class="govuk-link" href="{escape(agreement.document_url)}" rel="external">Read the agreement</a>'
            if agreement.document_url
            else ""
        )
        sections.append(
            _AGREEMENT_SECTION.format(
                pk=agreement.pk,
                title=escape(agreement.title),
                signed=progress.signed,
                parties=len(progress.signatories),
                timing=timing,
                document=document,
                rows=agreement_signatory_rows(progress),
            )
        )
    return SafeString("\n".join(sections))


_UPDATE_ARTICLE = """    <article class="loti-update" id="update-{pk}">
      <h3 class="govuk-heading-s">{title}</h3>
      <p class="govuk-body-s">
        <time datetime="{iso}">{day}</time>{author}.
        Phase: {phase}. Health: {health}.
      </p>
      <div class="loti-prose">{body}</div>
    </article>"""
_PHASES, _HEALTHS = dict(Phase.choices), dict(Health.choices)


@register.simple_tag
def project_update_articles(updates):
    """A project page's updates, newest first (UpdateLine rows), or a line saying there are none.

    Drawn in Python: seventeen articles through the template engine cost more
    than the rest of the page outside its tables.
    """
    iso, day = _dates("c"), _dates("j F Y")
    articles = [
        _UPDATE_ARTICLE.format(
            pk=update.pk,
            title=escape(update.title),
            iso=iso(update.published_at),
            day=day(update.published_at),
            author="" if update.author_name is None else f" by {escape(update.author_name)}",
            phase=escape(_PHASES.get(update.phase, update.phase)),
            health=escape(_HEALTHS.get(update.health, update.health)),
            body=update.body_html,
        )
        for update in updates
    ]
    return SafeString("\n".join(articles) if articles else '    <p class="govuk-body">No updates yet.</p>')


_PROJECT_ROW = """<tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                <a class="govuk-link" href="{url}">{title}</a>
                <span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{summary}</span>
              </th>
              <td class="govuk-table__cell">{theme}</td>
              <td class="govuk-table__cell">{lead}</td>
              <td class="govuk-table__cell">{phase}</td>
              <td class="govuk-table__cell">{health}</td>
              <td class="govuk-table__cell"><time datetime="{iso}">{day}</time></td>
            </tr>"""


@register.simple_tag
def project_list_rows(projects):
    """The projects list's rows (projects with their theme and lead borough), as the template's loop drew them."""
    iso, day = _dates("c"), _dates("j M Y")
    pattern = reverse("projects:detail", kwargs={"slug": "__slug__"})
    return SafeString(
        "\n            ".join(  # the template's indentation, as the loop drew it
            _PROJECT_ROW.format(
                url=escape(pattern.replace("__slug__", project.slug)),
                title=escape(project.title),
                summary=escape(project.summary),
                theme=escape(project.theme.name),
                lead=escape((project.lead_borough.name if project.lead_borough else "") or "LOTI"),
                phase=phase_tag(project.phase),
                health=health_tag(project.health),
                iso=iso(project.last_updated_at),
                day=day(project.last_updated_at),
            )
            for project in projects
        )
    )
