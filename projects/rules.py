import rules

from boroughs.rules import is_borough_cdio, is_borough_editor, is_central_team


@rules.predicate
def is_lead_borough_cdio(user, project):
    return (
        project is not None
        and project.lead_borough_id is not None
        and is_borough_cdio(user)
        and user.borough_id == project.lead_borough_id
    )


# The my-borough page: editors and CDIOs of a borough (rows are scoped to it).
rules.add_perm("projects.report_commitments", is_borough_editor)
# Posting an update also sets the project's phase and health.
rules.add_perm("projects.post_update", is_central_team | is_lead_borough_cdio)
