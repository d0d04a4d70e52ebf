"""The project a project page shows, found by its slug as the person may see it, in one written-out query.

`Project.objects.visible_to(user).with_list_data().followed_by(user)` says
the same, and the lists use it. For one project, building that query (two
EXISTS subqueries for a borough's people) cost the ORM about 3 ms a page,
several times running it, and a signed-in page whose shared parts are all
kept still pays it on every request. The rule is visible_to's, for each audience
project_audience() names, and a test checks the two agree for every
kind of person and project.
"""

from functools import cache

from django.db import connection

from boroughs.models import Borough
from projects.models import Follow, Participation, Project, Theme, project_audience
from projects.reports.rows import fetch, table


@cache
def _select():
    """Every column of the project, its theme and its lead borough (what with_list_data() reads), and their fields."""
    shapes = ((Project, "p"), (Theme, "t"), (Borough, "b"))
    fields = tuple(tuple(model._meta.concrete_fields) for model, _ in shapes)
    selected = ", ".join(
        f"{alias}.{connection.ops.quote_name(field.column)}"
        for (_, alias), model_fields in zip(shapes, fields, strict=True)
        for field in model_fields
    )
    sql = (
        f"SELECT {selected}, {{followed}} FROM {table(Project)} p "
        f"JOIN {table(Theme)} t ON t.id = p.theme_id LEFT JOIN {table(Borough)} b ON b.id = p.lead_borough_id "
        f"WHERE p.slug = %s AND {{visible}}"
    )
    return sql, fields


def project_for_page(slug, user):
    """The project with this slug if `user` may see it, else None; with its theme, lead borough and `is_followed`."""
    sql, (project_fields, theme_fields, borough_fields) = _select()
    params = []
    if user.is_authenticated:
        followed = f"EXISTS (SELECT 1 FROM {table(Follow)} f WHERE f.project_id = p.id AND f.user_id = %s)"
        params.append(user.pk)
    else:
        followed = "0"
    params.append(slug)
    # The audiences visible_to() tells apart, each with its rule; a new one must be written here too.
    audience = project_audience(user)
    if audience == "all":
        visible = "1 = 1"
    elif audience.startswith("borough:"):
        visible = (
            f"(p.is_public OR EXISTS (SELECT 1 FROM {table(Participation)} pa "
            "WHERE pa.project_id = p.id AND pa.borough_id = %s))"
        )
        params.append(user.borough_id)
    elif audience == "public":
        visible = "p.is_public"
    else:
        raise ValueError(f"No rule for the audience {audience!r}: write it here as visible_to() has it")
    fields = project_fields + theme_fields + borough_fields
    rows = fetch(sql.format(followed=followed, visible=visible) + " LIMIT 1", params, fields + (None,))
    if not rows:
        return None
    project_values, theme_values, borough_values = _split(rows[0], (project_fields, theme_fields, borough_fields))
    project = _model(Project, project_fields, project_values)
    project.theme = _model(Theme, theme_fields, theme_values)
    project.lead_borough = _model(Borough, borough_fields, borough_values) if borough_values[0] is not None else None
    project.is_followed = bool(rows[0][-1])
    return project


def _split(values, widths):
    """`values` cut into one run for each of `widths`' field lists, in order."""
    runs, at = [], 0
    for fields in widths:
        runs.append(values[at : at + len(fields)])
        at += len(fields)
    return runs


def _model(model, fields, values):
    """An instance as the ORM builds one it read (Model.from_db): saved, with these values."""
    return model.from_db(connection.alias, [field.attname for field in fields], values)
