"""The "Central team" group: exactly the permissions the LOTI central team needs in the admin.

The team runs the programme (projects, OKRs, jobs, ideas) and invites people.
It is never given superuser status, nor the technical tables: groups and
permissions, axes' sign-in records, page cache versions, throttle rows, reminder
logs. A lockout ends by itself after AXES_COOLOFF_TIME and the locked-out page
offers a password reset, so the team needs no power to clear lockouts, which
would also let a mistaken click undo the defence against password guessing.

App labels are strings here, so this module imports no higher app.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CENTRAL_TEAM_GROUP = "Central team"

ALL = ("view", "add", "change", "delete")
# app label -> model name -> actions. Models with a history also get view on it (see below).
CENTRAL_TEAM_PERMISSIONS = {
    "boroughs": {
        # The 33 London authorities are loaded by a migration: the team edits membership, never the list.
        "borough": ("view", "change"),
        # People are deactivated (untick Active), not deleted, so their history keeps its names.
        "user": ("view", "add", "change"),
        "invitation": ("view",),
        # Resets happen through the user list's action, which records them; the record is never edited.
        "twofactorreset": ("view",),
    },
    "projects": {
        "theme": ALL,
        "project": ALL,
        "participation": ALL,
        "deliverable": ALL,
        "deliverablestatus": ALL,
        "measure": ALL,
        "measurecontribution": ALL,
        "agreement": ALL,
        "signatory": ALL,
        "projectupdate": ALL,
        # People follow projects themselves; the team may remove a follow on request.
        "follow": ("view", "delete"),
    },
    "okrs": {"quarter": ALL, "objective": ALL, "keyresult": ALL, "checkin": ALL},
    "jobs": {"rolefamily": ALL, "role": ALL, "jobdescription": ALL, "suggestion": ALL, "vacancy": ALL},
    "ideas": {
        "call": ALL,
        # Ideas are submitted by members on the portal and votes cast on the workshop page.
        "idea": ("view", "change", "delete"),
        "vote": ("view", "delete"),
    },
    # Revisions are written by saving a note, and never edited.
    "weeknotes": {"weeknote": ALL, "weeknoterevision": ("view",)},
    # Emails the worker gave up on: the team sends them again (change) or clears them.
    "outbox": {"failedemail": ("view", "change", "delete")},
    # Job alerts and newsletter sign-ups are made by visitors; the team deletes one on request,
    # and records the addresses that bounced or complained.
    "subscriptions": {"subscription": ("view", "delete"), "suppression": ALL},
}


def central_team_permission_codenames():
    """{(app_label, codename)} the group should hold: the table above plus view on each model's history."""
    wanted = set()
    for app_label, models in CENTRAL_TEAM_PERMISSIONS.items():
        for model, actions in models.items():
            wanted |= {(app_label, f"{action}_{model}") for action in actions}
            wanted.add((app_label, f"view_historical{model}"))  # dropped below where there is no history
    return wanted


def central_team_group():
    """Create or refresh the group so it holds exactly the central team's permissions."""
    group, _ = Group.objects.get_or_create(name=CENTRAL_TEAM_GROUP)
    wanted = Q(pk__in=[])
    for app_label, codename in central_team_permission_codenames():
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def sync_central_team_group(sender, **kwargs):
    """post_migrate receiver, for every app: each app's permissions exist only once its own signal has run."""
    central_team_group()
