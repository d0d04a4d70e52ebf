"""Councils' job descriptions, and the improvements people suggest to them."""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connections, models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Lower, Trim
from django.db.models.query import FlatValuesListIterable
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boroughs.models import Borough
from boroughs.rules import is_central_team
from govuk.validators import SingleLineValidator
from jobs.models.councils import council_names
from jobs.models.relevance import page_ids
from jobs.models.roles import Role
from jobs.uploads import CONTENT_TYPES, private_storage, random_upload_name

# The text search configuration: English stemming, so "analysts" finds "analyst".
SEARCH_CONFIG = "english"
# The words of a title, as indexed by jd_published_title_search (migration 0007): the search's first group.
TITLE_WORDS = SearchVector("title", config=SEARCH_CONFIG)
NEWEST = ("-advertised_on", "-published_at", "-pk")


class ModerationError(Exception):
    """A moderation step that does not apply to an item in its current state."""


class LondonWeighting(models.TextChoices):
    INCLUDED = "included", "Included in the salary"
    ON_TOP = "on_top", "Paid on top of the salary"
    NONE = "none", "No London weighting"


class SearchVectorColumn(SearchVectorField):
    """A SearchVectorField that does not ask for django.contrib.postgres in INSTALLED_APPS.

    The app adds lookups for CharField and TextField (`__search`, trigrams)
    that this project does not use; what we use (`search_vector=SearchQuery(...)`)
    is registered on SearchVectorField itself. The column is an ordinary
    text column on SQLite, where nothing reads it.
    """

    def check(self, **kwargs):
        return [error for error in super().check(**kwargs) if error.id != "postgres.E005"]


class SearchIndex(models.Index):
    """A GIN index on PostgreSQL, which full-text search uses; a plain index on SQLite, which never reads it.

    django.contrib.postgres's GinIndex would need that app installed, and
    cannot be created on SQLite, which the demo runs on.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING gin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class JobDescriptionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=JobDescription.State.PUBLISHED)

    def pending(self):
        return self.filter(state=JobDescription.State.PENDING)

    def like(self, *, council_name, title, salary_min, salary_max):
        """Published or pending job descriptions that look the same: council and title (any case, trimmed), salary."""
        return (
            self.filter(state__in=[JobDescription.State.PUBLISHED, JobDescription.State.PENDING])
            .annotate(plain_council=Lower(Trim("council_name")), plain_title=Lower(Trim("title")))
            .filter(
                plain_council=council_name.strip().lower(),
                plain_title=title.strip().lower(),
                salary_min=salary_min,
                salary_max=salary_max,
            )
        )

    def personal_data_due(self, cutoff):
        """Decided (published, rejected or withdrawn) before `cutoff`, and still holding the contributor's details."""
        return (
            self.exclude(state=JobDescription.State.PENDING)
            .filter(moderated_at__lt=cutoff)
            .exclude(contributor_name="", contributor_email="")
        )

    def remove_personal_data(self):
        """Empty the contributor's name and email, in these rows and their history. Returns how many rows."""
        ids = list(self.values_list("pk", flat=True))
        self.model.history.filter(id__in=ids).update(contributor_name="", contributor_email="")
        return self.model.objects.filter(pk__in=ids).update(contributor_name="", contributor_email="")

    def visible_to(self, user):
        """Published job descriptions for everyone; every state for the central team, who moderate them."""
        if is_central_team(user):
            return self.all()
        return self.published()

    def with_list_data(self):
        # The search text is for finding rows, never shown: a page of twenty need not carry twenty vectors.
        return self.select_related("role__family", "borough").defer("search_vector")

    def list_rows(self):
        """What a line of the library's results shows, as dicts: no model instances, one join (the role)."""
        return self.values(
            "pk",
            "title",
            "council_name",
            "role__slug",
            "role__name",
            "grade",
            "salary_min",
            "salary_max",
            "london_weighting",
            "advertised_on",
            "file",
            "file_type",
        )

    def council_names(self):
        """The councils these job descriptions name, A to Z, from indexes (never a DISTINCT over the rows)."""
        return council_names(self)

    # What search() found, carried through every clone: (the query, the rows it searched, whether it excludes words).
    _search = _search_text = None
    # Set by by_relevance(), cleared by any other order_by().
    _by_relevance = False

    def _clone(self):
        clone = super()._clone()
        clone._search, clone._search_text, clone._by_relevance = self._search, self._search_text, self._by_relevance
        return clone

    def order_by(self, *field_names):
        clone = super().order_by(*field_names)
        clone._by_relevance = False
        return clone

    def search(self, text):
        """Job descriptions matching the words in `text`; by_relevance() then orders them best first.

        PostgreSQL: full text, through the GIN index on `search_vector`, with
        web-search syntax ("quoted phrases", -excluded words, or). Elsewhere:
        every word must appear somewhere, and every match ranks the same.
        Filter before searching: by_relevance() reads the rows searched.
        """
        text = (text or "").strip()
        if not text:
            return self
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
            found = self.filter(search_vector=query)
            # websearch syntax excludes a word written with a leading minus.
            excludes = any(word.startswith("-") and len(word) > 1 for word in text.split())
            found._search, found._search_text = (query, self, excludes), text
            return found
        matches = Q()
        for word in text.split()[:10]:
            matches &= (
                Q(title__icontains=word)
                | Q(role__name__icontains=word)
                | Q(council_name__icontains=word)
                | Q(grade__icontains=word)
                | Q(summary__icontains=word)
            )
        return self.filter(matches)

    def by_relevance(self):
        """Best match first: those whose title has every search word, then the others; newest first in each.

        In a page's slice of ids (`.values_list("pk", flat=True)[a:b]`, as the
        paginators take), each group is read newest first only as far as the
        page (jobs.models.relevance), never ranked in full. Without a search
        (or off PostgreSQL), newest first.
        """
        if self._search is None:
            return self.order_by(*NEWEST)
        query = self._search[0]
        in_title = Case(When(Q(title_words=query), then=Value(1)), default=Value(0))
        ordered = self.alias(title_words=TITLE_WORDS).order_by(in_title.desc(), *NEWEST)
        ordered._by_relevance = True
        return ordered

    def __getitem__(self, k):
        if (
            self._by_relevance
            and isinstance(k, slice)
            and k.step is None
            and k.stop is not None
            and self._result_cache is None
            and self._iterable_class is FlatValuesListIterable
            and self._fields == ("pk",)
            and not self.query.is_sliced
        ):
            return self._relevance_page_ids(k.start or 0, k.stop)
        return super().__getitem__(k)

    def _relevance_page_ids(self, start, stop):
        _, searched, excludes = self._search
        return page_ids(
            searched=searched, config=SEARCH_CONFIG, text=self._search_text, excludes=excludes, start=start, stop=stop
        )

    def update_search_vectors(self):
        """Recompute the search text of these rows, and return how many were updated.

        Every write that changes a job description's text, its role or its
        role's name calls this (services, the admin, the import and the demo
        data): the vector includes the role's name, which lives in another
        table, so a generated column could not hold it.
        """
        if connections[self.db].vendor != "postgresql":
            return 0
        role_name = Subquery(Role.objects.filter(pk=OuterRef("role_id")).values("name")[:1])
        vector = (
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector(role_name, weight="A", config=SEARCH_CONFIG)
            + SearchVector("council_name", weight="B", config=SEARCH_CONFIG)
            + SearchVector("grade", "summary", weight="C", config=SEARCH_CONFIG)
        )
        return self.update(search_vector=vector)


class JobDescription(models.Model):
    """One council's version of a role, with the salary it was advertised at."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        ODT = "odt", "ODT"

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="descriptions")
    title = models.CharField("title as advertised", max_length=200, validators=[SingleLineValidator("The title")])
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="job_descriptions",
        help_text="Empty for a council outside London.",
    )
    council_name = models.CharField(
        "council",
        max_length=150,
        blank=True,
        validators=[SingleLineValidator("The council's name")],
        help_text="The council's name as shown. For a London borough, leave empty: the borough's name is used.",
    )
    based_on = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The council whose version this one adapts, written to follow 'Based on': "
            "'the Royal Borough of Greenwich'. Leave empty for a council's own version."
        ),
    )
    grade = models.CharField(max_length=50, blank=True, help_text="The council's own grade, such as PO4 or Band 7.")
    salary_min = models.PositiveIntegerField("salary minimum", help_text="Pounds a year.")
    salary_max = models.PositiveIntegerField("salary maximum", help_text="Pounds a year.")
    london_weighting = models.CharField(max_length=10, choices=LondonWeighting)
    advertised_on = models.DateField("date advertised")
    file = models.FileField(storage=private_storage, upload_to=random_upload_name, max_length=200, blank=True)
    file_type = models.CharField(max_length=4, choices=FileType, blank=True)
    file_size = models.PositiveIntegerField(default=0, help_text="Bytes.")
    external_url = models.URLField("link", max_length=500, blank=True)
    summary = models.TextField(blank=True, max_length=2000)
    # Never shown on a public page, feed or export; emptied a while after moderation (loti.retention).
    contributor_name = models.CharField(max_length=150, blank=True, validators=[SingleLineValidator("The name")])
    contributor_email = models.EmailField(blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    rejection_reason = models.TextField(blank=True, help_text="Sent to the contributor.")
    submitted_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    search_vector = SearchVectorColumn(null=True, editable=False)

    objects = JobDescriptionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-published_at", "-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(salary_min__lte=F("salary_max")), name="jd_salary_min_not_over_max"),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(external_url="")) | (~Q(file="") & Q(external_url="")),
                name="jd_has_a_file_or_a_link",
            ),
            models.CheckConstraint(condition=Q(file="") | ~Q(file_type=""), name="jd_file_has_a_type"),
            models.CheckConstraint(condition=~Q(council_name=""), name="jd_names_its_council"),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""), name="jd_rejection_has_a_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False), name="jd_published_has_a_date"
            ),
        ]
        indexes = [
            SearchIndex(fields=["search_vector"], name="jd_search_gin"),
            models.Index(fields=["state", "-published_at"], name="jd_state_published"),
            models.Index(fields=["state", "submitted_at"], name="jd_state_submitted"),
            models.Index(fields=["role", "state"], name="jd_role_state"),
            models.Index(fields=["council_name"], name="jd_council"),
            # The library's default order, and the council list's look-ups: published rows only, as the pages show.
            models.Index(
                fields=["-advertised_on", "-published_at", "-id"],
                condition=Q(state="published"),
                name="jd_published_newest",
            ),
            models.Index(fields=["council_name"], condition=Q(state="published"), name="jd_published_council"),
            models.Index(fields=["salary_min"], name="jd_salary_min"),
            models.Index(fields=["salary_max"], name="jd_salary_max"),
            models.Index(fields=["advertised_on"], name="jd_advertised"),
            models.Index(fields=["london_weighting"], name="jd_weighting"),
            # A filtered list's capped count (weighting, with or without a role family or role) read from the
            # index alone: 9 ms of heap reads for the library filtered by family and weighting, 0.6 ms here.
            models.Index(
                fields=["london_weighting", "role"], condition=Q(state="published"), name="jd_published_weighting_role"
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.council_name}"

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def download_name(self):
        """The name a download is saved under: fixed, never what the contributor called the file."""
        return f"job-description-{self.pk}.{self.file_type}"

    @property
    def content_type(self):
        return CONTENT_TYPES[self.file_type]

    # Moderation: each step records who took it and when; the history keeps every step.

    def publish(self, *, by):
        if self.state == self.State.PUBLISHED:
            raise ModerationError(f"{self} is already published.")
        self.state = self.State.PUBLISHED
        self.published_at = timezone.now()
        self.rejection_reason = ""
        self._moderated(by)

    def reject(self, *, by, reason):
        if self.state != self.State.PENDING:
            raise ModerationError(f"Only job descriptions waiting for moderation can be rejected; {self} is not.")
        if not reason.strip():
            raise ModerationError("Give a reason: it is sent to the contributor.")
        self.state = self.State.REJECTED
        self.rejection_reason = reason.strip()
        self._moderated(by)

    def withdraw(self, *, by):
        if self.state not in (self.State.PENDING, self.State.PUBLISHED):
            raise ModerationError(f"Only pending or published job descriptions can be withdrawn; {self} is not.")
        self.state = self.State.WITHDRAWN
        self._moderated(by)

    def _moderated(self, by):
        self.moderated_by = by
        self.moderated_at = timezone.now()
        self._history_user = by


class SuggestionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=Suggestion.State.APPROVED)

    def pending(self):
        return self.filter(state=Suggestion.State.PENDING)

    def personal_data_due(self, cutoff):
        """Decided before `cutoff`, and still holding the name and email of the person who suggested it."""
        return self.exclude(state=Suggestion.State.PENDING).filter(moderated_at__lt=cutoff).exclude(name="", email="")

    def remove_personal_data(self):
        """Empty the name and email, in these rows and their history. Returns how many rows."""
        ids = list(self.values_list("pk", flat=True))
        self.model.history.filter(id__in=ids).update(name="", email="")
        return self.model.objects.filter(pk__in=ids).update(name="", email="")


class Suggestion(models.Model):
    """An improvement someone proposes to a published job description. It shows once approved."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    job_description = models.ForeignKey(JobDescription, on_delete=models.CASCADE, related_name="suggestions")
    body = models.TextField("suggestion", max_length=3000)
    # Never shown publicly: approved suggestions show without a name. Emptied a while after moderation.
    name = models.CharField(max_length=150, blank=True, validators=[SingleLineValidator("The name")])
    email = models.EmailField(blank=True)
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    rejection_reason = models.TextField(blank=True, help_text="Sent to the person who suggested it.")
    submitted_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SuggestionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""), name="suggestion_rejection_has_a_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["job_description", "state", "submitted_at"], name="suggestion_jd_state"),
            models.Index(fields=["state", "submitted_at"], name="suggestion_state_submitted"),
        ]

    def __str__(self):
        return f"Suggestion for {self.job_description}"

    def approve(self, *, by):
        if self.state == self.State.APPROVED:
            raise ModerationError("This suggestion is already approved.")
        self.state = self.State.APPROVED
        self.rejection_reason = ""
        self._moderated(by)

    def reject(self, *, by, reason):
        if self.state != self.State.PENDING:
            raise ModerationError("Only suggestions waiting for moderation can be rejected.")
        if not reason.strip():
            raise ModerationError("Give a reason: it is sent to the person who suggested it.")
        self.state = self.State.REJECTED
        self.rejection_reason = reason.strip()
        self._moderated(by)

    def _moderated(self, by):
        self.moderated_by = by
        self.moderated_at = timezone.now()
        self._history_user = by
