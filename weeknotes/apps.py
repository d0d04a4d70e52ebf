from django.apps import AppConfig


class WeeknotesConfig(AppConfig):
    name = "weeknotes"
    verbose_name = "Weeknotes"

    def ready(self):
        import pagecache
        from weeknotes.models import WeekNote

        # Revisions are on no public page: only the notes themselves.
        pagecache.watch(WeekNote)
