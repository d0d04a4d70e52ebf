from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BoroughsConfig(AppConfig):
    name = "boroughs"
    verbose_name = "Boroughs and accounts"

    def ready(self):
        from boroughs.groups import sync_central_team_group

        # No sender: the group names other apps' permissions, created by their own post_migrate.
        post_migrate.connect(sync_central_team_group, dispatch_uid="boroughs.sync_central_team_group")

        import pagecache
        from boroughs.models import Borough, User

        # Public pages show boroughs and people's names; not invitations.
        # Signing in stamps last_login, which no page shows.
        pagecache.watch(Borough)
        pagecache.watch(User, unshown_fields={"last_login"})

        from boroughs import verified_devices

        verified_devices.connect()
