"""The jobs board: roles councils are recruiting for now."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Borough
from jobs.models.councils import council_names
from jobs.models.descriptions import JobDescription, LondonWeighting
from jobs.models.roles import Role


class VacancyQuerySet(models.QuerySet):
    def open(self, today=None):
        """Published vacancies whose closing date is today or later: closed ones leave the board by themselves."""
        today = today or timezone.localdate()
        return self.filter(is_published=True, closing_on__gte=today)

    def with_list_data(self):
        return self.select_related("role__family", "borough")

    def with_job_description_is_public(self):
        """Annotate whether the linked job description is one the library shows: no page may point at another."""
        published = JobDescription.objects.published().filter(pk=models.OuterRef("job_description_id"))
        return self.annotate(job_description_is_public=models.Exists(published))

    def council_names(self):
        """The councils these vacancies name, A to Z, from indexes (never a DISTINCT over the rows)."""
        return council_names(self)


class Vacancy(models.Model):
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField("job title", max_length=200)
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
        help_text="Empty for a council outside London.",
    )
    council_name = models.CharField(
        "council",
        max_length=150,
        blank=True,
        help_text="For a London borough, leave empty: the borough's name is used.",
    )
    grade = models.CharField(max_length=50, blank=True)
    salary_min = models.PositiveIntegerField("salary minimum", help_text="Pounds a year.")
    salary_max = models.PositiveIntegerField("salary maximum", help_text="Pounds a year.")
    london_weighting = models.CharField(max_length=10, choices=LondonWeighting, default=LondonWeighting.INCLUDED)
    summary = models.TextField(max_length=3000)
    apply_url = models.URLField("link to apply", max_length=500)
    posted_on = models.DateField(default=timezone.localdate)
    # When it came onto the portal, which may be days after the council advertised it (posted_on):
    # job alerts send what was added since they last looked.
    added_at = models.DateTimeField("added to the portal", default=timezone.now, editable=False)
    closing_on = models.DateField("closing date", help_text="The vacancy leaves the board after this day.")
    is_published = models.BooleanField("on the board", default=True)
    job_description = models.ForeignKey(
        JobDescription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vacancies",
        help_text="The job description in the library, if it is there.",
    )

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["closing_on", "title"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__lte=F("salary_max")), name="vacancy_salary_min_not_over_max"
            ),
            models.CheckConstraint(condition=~Q(council_name=""), name="vacancy_names_its_council"),
            models.CheckConstraint(
                condition=Q(closing_on__gte=F("posted_on")), name="vacancy_closes_after_it_is_posted"
            ),
        ]
        indexes = [
            # Open vacancies (published, closing today or later; a date cannot be in an index's condition): the
            # board in its default order, read from the index with no sort, and the council list's look-ups.
            models.Index(
                fields=["closing_on", "title", "id"], condition=Q(is_published=True), name="vacancy_open_by_closing"
            ),
            models.Index(
                fields=["council_name", "closing_on"], condition=Q(is_published=True), name="vacancy_open_council"
            ),
            models.Index(fields=["-posted_on"], name="vacancy_posted"),
            models.Index(fields=["role"], name="vacancy_role"),
            models.Index(fields=["council_name"], name="vacancy_council"),
            models.Index(fields=["salary_max"], name="vacancy_salary_max"),
        ]

    def __str__(self):
        return f"{self.title}, {self.council_name}"

    def get_absolute_url(self):
        return reverse("jobs:vacancy", kwargs={"pk": self.pk})

    def is_open(self, today=None):
        return self.is_published and self.closing_on >= (today or timezone.localdate())
