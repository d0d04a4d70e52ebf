from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boroughs.throttles import serialised
from govuk.validators import SingleLineValidator


class BoroughQuerySet(models.QuerySet):
    def members(self):
        return self.filter(is_member=True)


class Borough(models.Model):
    """One of the 33 London local authorities (32 boroughs and the City of London)."""

    class Area(models.TextChoices):
        INNER = "inner", "Inner London"
        OUTER = "outer", "Outer London"

    name = models.CharField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        unique=True,
        help_text="The Government Statistical Service code, E09000001 to E09000033.",
    )
    area = models.CharField(max_length=5, choices=Area)
    is_member = models.BooleanField("LOTI member", default=False)
    member_since = models.DateField(null=True, blank=True)
    website = models.URLField(blank=True)

    objects = BoroughQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gss_code__regex=r"^E09[0-9]{6}$"),
                name="borough_gss_code_is_a_london_code",
            ),
            models.CheckConstraint(
                condition=models.Q(is_member=True) | models.Q(member_since__isnull=True),
                name="borough_member_since_only_for_members",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boroughs:detail", kwargs={"slug": self.slug})


class UserManager(DjangoUserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def central_team(self):
        """The central team's accounts: the same rule as User.is_central_team."""
        return self.filter(is_active=True, is_staff=True)

    def named_on_borough_pages(self):
        """Active CDIOs who agreed to be named, by name only, on their borough's public page.

        User.is_named_on_borough_page is the same rule for rows already loaded.
        """
        return self.filter(is_active=True, role=User.Role.CDIO, listed_on_borough_page=True)

    def deactivated_before(self, cutoff):
        """Accounts switched off at or before `cutoff` and off ever since, whose personal data is still held.

        When an account was deactivated is read from its history (the
        central team switches it off in the admin, which records who and
        when): its state at `cutoff` was inactive, and no record since says
        active. An account with no history at all is left alone.
        """
        history = self.model.history
        state_then = (
            history.filter(id=OuterRef("pk"), history_date__lte=cutoff)
            .order_by("-history_date", "-history_id")
            .values("is_active")[:1]
        )
        active_since = history.filter(id=OuterRef("pk"), is_active=True, history_date__gt=cutoff)
        return (
            self.filter(is_active=False, personal_data_removed_at__isnull=True)
            .annotate(active_then=Subquery(state_then))
            .filter(active_then=False)
            .exclude(Exists(active_since))
        )

    def get_by_natural_key(self, email):
        # Emails are compared without regard to case, as people type them.
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: borough staff, or the LOTI central team (no borough)."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        EDITOR = "editor", "Editor"
        CDIO = "cdio", "CDIO"

    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150, validators=[SingleLineValidator("The first name")])
    last_name = models.CharField(max_length=150, validators=[SingleLineValidator("The last name")])
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Leave empty for the LOTI central team.",
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)
    is_staff = models.BooleanField(
        "central team",
        default=False,
        help_text="Can sign in to the admin and manage the portal.",
    )
    is_active = models.BooleanField(default=True)
    listed_on_borough_page = models.BooleanField(
        "named on the borough page",
        default=False,
        help_text="The person agrees that their name (never their email) is shown publicly as their borough's CDIO.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the account's name and email were removed, a while after it was deactivated (loti.retention).
    personal_data_removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()
    # Who changed an account's borough, role or access, and when. Secrets stay out.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            # Borough people belong to exactly one borough; the central team to none.
            models.CheckConstraint(
                condition=models.Q(is_staff=True, borough__isnull=True)
                | models.Q(is_staff=False, borough__isnull=False),
                name="user_is_central_team_or_has_a_borough",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        """The person's name; once their personal data is removed, what they were: "a former Camden editor".

        Every page, feed and history that names who did something calls
        this, so they all stay readable after the name is gone.
        """
        if self.personal_data_removed_at:
            return self.former_description()
        return f"{self.first_name} {self.last_name}".strip()

    def former_description(self):
        return self.former_description_of(self.borough.name if self.borough_id else None, self.role)

    @classmethod
    def name_shown(cls, first_name, last_name, personal_data_removed_at, borough_name, role):
        """get_full_name() from the columns it reads, for pages that read people as values, not models."""
        if personal_data_removed_at:
            return cls.former_description_of(borough_name, role)
        return f"{first_name} {last_name}".strip()

    @classmethod
    def former_description_of(cls, borough_name, role):
        if borough_name is None:
            return "a former member of the LOTI central team"
        label = str(dict(cls.Role.choices).get(role, role))  # as get_role_display gives an unknown value
        return f"a former {borough_name} {label if role == cls.Role.CDIO else label.lower()}"

    def remove_personal_data(self, *, now=None):
        """Replace the name and email, here and in the account's history, with a placeholder that cannot sign in.

        The row stays, so that updates, commitments and history still say a
        former editor of which borough did what. Records that hold the old
        address (password reset requests, failed sign-ins) go too.
        """
        now = now or timezone.now()
        old_email = self.email
        placeholder = f"former-account-{self.pk}@removed.invalid"
        with transaction.atomic():
            self.first_name, self.last_name, self.email = "", "", placeholder
            self.listed_on_borough_page = False
            self.set_unusable_password()
            self.personal_data_removed_at = now
            fields = ["first_name", "last_name", "email", "listed_on_borough_page", "password"]
            fields.append("personal_data_removed_at")
            type(self).objects.filter(pk=self.pk).update(**{name: getattr(self, name) for name in fields})
            type(self).history.filter(id=self.pk).update(first_name="", last_name="", email=placeholder)
            PasswordResetRequest.objects.filter(email__iexact=old_email).delete()
            for model in (AccessAttempt, AccessLog, AccessFailureLog):
                model.objects.filter(username__iexact=old_email).delete()

    def get_short_name(self):
        return self.first_name

    @property
    def is_named_on_borough_page(self):
        """The same rule as UserManager.named_on_borough_pages, for rows already loaded."""
        return self.is_active and self.role == self.Role.CDIO and self.listed_on_borough_page

    @property
    def is_central_team(self):
        """The one definition of the LOTI central team; UserManager.central_team is the same in a query."""
        return self.is_active and self.is_staff


class Invitation(models.Model):
    """A record that the central team invited someone: who, by whom and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["user", "-sent_at"])]

    def __str__(self):
        return f"Invitation to {self.user} on {self.sent_at:%d %B %Y}"


class PasswordResetRequestQuerySet(models.QuerySet):
    def take(self, *, email, ip_address, now=None):
        """Record a reset request if the address and the client are both under their hourly limits.

        Every request counts, for an account or not: a limit reached only
        for real accounts would tell which exist.
        """
        now = now or timezone.now()
        since = now - timedelta(hours=1)
        with transaction.atomic():
            serialised(f"password-reset:email:{email}", f"password-reset:client:{ip_address}")
            recent = self.filter(created_at__gte=since)
            if (
                recent.filter(email=email).count() >= settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR
                or recent.filter(ip_address=ip_address).count() >= settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR
            ):
                return False
            # Kept a day, for the central team to look into abuse.
            self.filter(created_at__lt=now - timedelta(days=1)).delete()
            self.create(email=email, ip_address=ip_address, created_at=now)
            return True


class PasswordResetRequest(models.Model):
    """One password reset asked for: what its hourly limits count. Only the typed address and the client's."""

    email = models.CharField(max_length=254)
    ip_address = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = PasswordResetRequestQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return f"Reset for {self.email} from {self.ip_address} at {self.created_at:%Y-%m-%d %H:%M}"


class TwoFactorReset(models.Model):
    """The central team took away someone's second factor: who, by whom and when.

    A person with a reset and no authenticator app since must set one up at
    their next sign-in, whatever their role (boroughs.two_factor).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_resets")
    reset_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reset_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reset_at"]
        indexes = [models.Index(fields=["user", "-reset_at"])]

    def __str__(self):
        return f"Two-factor reset for {self.user} on {self.reset_at:%d %B %Y}"
