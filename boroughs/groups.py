"""The "Central team" group: the permissions the LOTI central team needs in the admin."""

from django.contrib.auth.models import Group, Permission

CENTRAL_TEAM_GROUP = "Central team"
# Apps whose models the central team manages. Later apps add themselves here.
CENTRAL_TEAM_APPS = ["boroughs", "auth", "axes", "projects", "okrs", "jobs", "ideas"]


def central_team_group():
    """Create or refresh the group so it holds every permission of the portal's apps."""
    group, _ = Group.objects.get_or_create(name=CENTRAL_TEAM_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CENTRAL_TEAM_APPS))
    return group


def sync_central_team_group(sender, **kwargs):
    """post_migrate receiver: permissions only exist once migrations have run."""
    central_team_group()
