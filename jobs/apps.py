from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job descriptions and vacancies"

    def ready(self):
        import pagecache
        from jobs.models import JobDescription, Role, RoleFamily, SalaryBenchmark, Suggestion, Vacancy

        # FormSubmission, the contribution form's throttle, is on no page. The salary summary's
        # rebuild writes in SQL and raises the jobs version itself; watched for any other write.
        pagecache.watch(RoleFamily, Role, JobDescription, SalaryBenchmark, Suggestion, Vacancy)
        # What the jobs pages show that changes: their own content and councils' names.
        pagecache.pages_of("jobs", shows=["jobs", "boroughs"])
