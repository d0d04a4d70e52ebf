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

        from django.db.models.signals import post_save, pre_save

        from boroughs.models import Borough
        from jobs.models.salaries import rebuild_if_area_changed, remember_stored_area

        pre_save.connect(remember_stored_area, sender=Borough, dispatch_uid="salaries_remember_area")
        post_save.connect(rebuild_if_area_changed, sender=Borough, dispatch_uid="salaries_area_changed")
