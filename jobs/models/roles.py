"""The canonical roles that councils' job descriptions are versions of."""

from django.db import models
from django.db.models import Q
from django.urls import reverse


class RoleFamily(models.Model):
    """A group of related roles: digital, data, technology, innovation."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "role families"

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    """How senior a role is, in the words of the government's DDaT Capability Framework."""

    ENTRY = "entry", "Entry level"
    PRACTITIONER = "practitioner", "Practitioner"
    SENIOR = "senior", "Senior practitioner"
    LEAD = "lead", "Lead"
    HEAD = "head", "Head of profession"


class RoleQuerySet(models.QuerySet):
    def with_family(self):
        return self.select_related("family")

    def matching(self, text):
        """The roles `text` names, A to Z: the one whose slug or name it is, else those whose names have all its words.

        A list, from one query of the roles table alone (a few hundred rows, however big the library grows).
        """
        contains = Q()
        for word in text.split()[:10]:
            contains &= Q(name__icontains=word)
        found = list(self.filter(Q(slug=text) | Q(name__iexact=text) | contains).order_by("name"))
        named = [role for role in found if role.is_named(text)]
        return named[:1] or found


class Role(models.Model):
    """A canonical role, such as Senior data analyst, that job descriptions from many councils group under."""

    family = models.ForeignKey(RoleFamily, on_delete=models.PROTECT, related_name="roles")
    name = models.CharField(max_length=100, unique=True, help_text="For example, 'Senior data analyst'.")
    slug = models.SlugField(max_length=100, unique=True)
    level = models.CharField(max_length=12, choices=Level, db_index=True)
    summary = models.CharField(max_length=300, blank=True, help_text="What the role does, in a sentence or two.")
    ddat_role = models.CharField(
        "DDaT role",
        max_length=100,
        blank=True,
        help_text="The matching role in the government's Digital, Data and Technology Capability Framework.",
    )
    ddat_level = models.CharField("DDaT level", max_length=100, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["family", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("jobs:role", kwargs={"slug": self.slug})

    @staticmethod
    def url_builder():
        """slug -> the role page's path, from a single reverse(): for tables with a link per role.

        Slugs are URL-safe as they are, so putting one in the pattern's place
        gives what reverse() would.
        """
        placeholder = "role-slug"
        before, after = reverse("jobs:role", kwargs={"slug": placeholder}).rsplit(placeholder, 1)
        return lambda slug: f"{before}{slug}{after}"

    def is_named(self, text):
        """Whether `text` is this role's slug, or its name in any case."""
        return text == self.slug or text.casefold() == self.name.casefold()
