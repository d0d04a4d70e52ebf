from django.apps import AppConfig


class OkrsConfig(AppConfig):
    name = "okrs"
    verbose_name = "Objectives and key results"

    def ready(self):
        import pagecache
        from okrs.models import CheckIn, KeyResult, Objective, Quarter

        pagecache.watch(Quarter, Objective, KeyResult, CheckIn)
        # Key results name their boroughs and link their projects.
        pagecache.pages_of("okrs", shows=["okrs", "projects", "boroughs"])
