"""Settings for the LOTI Portal.

One file, driven by environment variables (see .env.example for every one).
Development defaults need no set-up: SQLite, debug on, email to the console.
Production is switched on by DJANGO_DEBUG=false and the variables listed in
.env.example, never by a second settings file.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for development; production sets real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-development-only-key-never-use-in-production",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the portal, used in emails sent outside a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "loti.apps.LotiAdminConfig",  # django.contrib.admin with the LOTI admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    # Two-factor sign-in: authenticator apps (TOTP) and single-use recovery codes (boroughs.two_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "govuk",
    "boroughs",
    "projects",
    "okrs",
    "jobs",
    "ideas",
    "pagecache",
    "outbox",
    "loti",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "loti.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside CSP, so stored pages get the policy; before the rest, so a page
    # served from the cache skips them (see pagecache/middleware.py).
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # request.user.is_verified(); then nobody who owes a second factor reaches a page without it.
    "django_otp.middleware.OTPMiddleware",
    "boroughs.middleware.TwoFactorMiddleware",
    "loti.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loti.urls"
WSGI_APPLICATION = "loti.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loti.context_processors.site",
            ],
        },
    },
]

# SQLite needs no set-up, for development and the demo; tests in CI and
# production use PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Reuse connections between requests; health checks drop broken ones after an outage.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast instead of hanging when the database is unreachable.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Public pages (pagecache) and their generation: the same server as default,
# under keys of their own. With the memory cache, a store of their own, so
# pages crowd out nothing else.
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    CACHES["pages"] |= {"LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 1000}}
# Public pages are served to signed-out visitors from the cache until the
# content changes (pagecache), and at most this long; 0 turns it off. Off in
# development, where a changed template must show at once. With a shared cache
# (Redis) a change reaches every worker at once; with each process's memory
# cache, the other workers' pages within this time.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)

# Accounts: email is the login; people are invited, nobody self-registers.
AUTH_USER_MODEL = "boroughs.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out pair is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Password reset and invitation links stay valid for three days.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=60 * 60 * 24 * 3)
# Reset links asked for in an hour, per typed address and per client, before the form says "try later".
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = env.int("PASSWORD_RESETS_PER_EMAIL_PER_HOUR", default=3)
PASSWORD_RESETS_PER_CLIENT_PER_HOUR = env.int("PASSWORD_RESETS_PER_CLIENT_PER_HOUR", default=10)

# Sessions end after this much inactivity (loti.middleware.IdleSessionTimeoutMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login lockout: five failures for the same email and IP lock that pair out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login forms (ours and the admin's) post the email in Django's `username` field.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Failures are counted per email as the sign-in matches it: trimmed, any case.
AXES_USERNAME_CALLABLE = "boroughs.clients.attempted_username"
# Client addresses: one rule for the lockout and the portal's throttles alike.
AXES_CLIENT_IP_CALLABLE = "boroughs.clients.client_address"

# Two-factor sign-in (boroughs.two_factor): this many wrong codes in a row lock the code
# step for the period, on top of django-otp's own back-off between tries (1, 2, 4... seconds).
TWO_FACTOR_FAILURE_LIMIT = env.int("TWO_FACTOR_FAILURE_LIMIT", default=5)
TWO_FACTOR_LOCKOUT = timedelta(minutes=env.int("TWO_FACTOR_LOCKOUT_MINUTES", default=15))
OTP_TOTP_ISSUER = "LOTI Portal"  # the name authenticator apps show beside the code
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # device secrets never shown in the admin, even to superusers

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production; plain files while developing.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Every form field links its errors and styles them the GOV.UK way (govuk.forms.GovukBoundField).
FORM_RENDERER = "govuk.forms.GovukFormRenderer"

# Uploaded job description files: outside STATIC_ROOT and media, served only by jobs.views.description_file.
PRIVATE_UPLOADS_ROOT = env.path("PRIVATE_UPLOADS_ROOT", default=BASE_DIR / "var" / "uploads")
# Plausible salaries in pounds a year; the forms and the CSV import refuse anything outside this band.
JOBS_SALARY_MIN = env.int("JOBS_SALARY_MIN", default=10_000)
JOBS_SALARY_MAX = env.int("JOBS_SALARY_MAX", default=250_000)
# Anonymous forms: accepted submissions per IP address per hour, and the fewest seconds between showing and sending.
JOBS_SUBMISSIONS_PER_IP_PER_HOUR = env.int("JOBS_SUBMISSIONS_PER_IP_PER_HOUR", default=10)
JOBS_FORM_MIN_SECONDS = env.int("JOBS_FORM_MIN_SECONDS", default=3)

# Commitments nobody has checked for this many days are flagged, and their
# boroughs reminded (manage.py remind_stale_commitments).
COMMITMENT_STALE_AFTER_DAYS = env.int("COMMITMENT_STALE_AFTER_DAYS", default=60)

# Email: the console in development, SMTP (EMAIL_URL) in production, locmem in tests.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    "timeout": 10,  # never let a slow mail server hang a request
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        # Only the SMTP backend takes connection options.
        "OPTIONS": {key: value for key, value in _smtp_options.items() if value}
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
# Background work (outbox.mail and scheduled jobs) runs as Django tasks.
# Immediate until the worker backend lands: each task runs when enqueued.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="LOTI Portal <portal@loti.london>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people can reach the central team (accessibility statement, emails).
LOTI_CONTACT_EMAIL = env("LOTI_CONTACT_EMAIL", default="hello@loti.london")

# Security headers. Strict by default; production adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# The health check is probed over plain HTTP inside the deployment network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours append to X-Forwarded-For (boroughs.clients.client_address):
# with none, a client could write the header itself, so only the connection counts.
TRUSTED_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1) if BEHIND_PROXY else 0

# Content Security Policy: only our own origin. The one inline script, GOV.UK
# Frontend's js-enabled line in base.html, is allowed by its hash, not a nonce,
# so a page served from the cache is byte for byte the page drawn
# (tests/loti/test_security.py recomputes the hash from base.html). The nonce
# in style-src is only for the admin's changelist <style>; our templates have
# no inline styles, and a page that uses no nonce gets none in its policy.
GOVUK_FRONTEND_INLINE_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, GOVUK_FRONTEND_INLINE_SCRIPT_HASH],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Axes logs every failed login at INFO; keep it, it is an audit trail.
        "django.db.backends": {"level": "WARNING"},
    },
}
