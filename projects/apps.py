from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects and commitments"

    def ready(self):
        import pagecache
        from projects import models
        from projects.models import tasks

        tasks.watch()  # the task list's summaries follow the rows they sum

        # Follows and stale-commitment reminders are on no public page.
        pagecache.watch(
            models.Theme,
            models.Project,
            models.Participation,
            models.ProjectUpdate,
            models.Deliverable,
            models.DeliverableStatus,
            models.Measure,
            models.MeasureContribution,
            models.Agreement,
            models.Signatory,
        )
        # Project pages also say which idea a project came from and which key results it serves.
        pagecache.pages_of("projects", shows=["projects", "boroughs", "ideas", "okrs"])
