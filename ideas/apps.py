from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = "Future Project Ideas Bank"

    def ready(self):
        import pagecache
        from ideas.models import Call, Idea, Vote

        pagecache.watch(Call, Idea, Vote)
        # Ideas name their boroughs and link the projects they became.
        pagecache.pages_of("ideas", shows=["ideas", "projects", "boroughs"])
