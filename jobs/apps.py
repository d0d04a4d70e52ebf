from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job descriptions and vacancies"

    def ready(self):
        import pagecache
        from jobs.models import JobDescription, Role, RoleFamily, Suggestion, Vacancy

        # FormSubmission, the contribution form's throttle, is on no page.
        pagecache.watch(RoleFamily, Role, JobDescription, Suggestion, Vacancy)
        # What the jobs pages show that changes: their own content and councils' names.
        pagecache.pages_of("jobs", shows=["jobs", "boroughs"])
