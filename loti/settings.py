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
    "corsheaders",
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
    "weeknotes",
    "pagecache",
    "outbox",
    "api",
    "subscriptions",  # job alerts and the newsletter, by email without an account
    "django_tasks_db",  # the task queue's table (app label django_tasks_database)
    "loti",
]

MIDDLEWARE = [
    # CORS first, so a browser's preflight for the open data API is answered before anything else runs.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "loti.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for every page, API answer and CSV below it, the page cache's too: those are stored
    # plain, so each copy sent gets its own random padding against BREACH. The API's ETags
    # become weak (W/"..."), which its 304s still match. README: What is compressed where.
    "loti.middleware.CompressTextMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the body: too large a body is answered 413 unread (loti/request_limits.py).
    "loti.request_limits.RequestBodyLimitMiddleware",
    # Inside CSP, so stored pages get the policy; before the rest, so a page
    # served from the cache skips them (see pagecache/middleware.py).
    # Above the page cache: stored API responses are counted, validated (304) and given the licence too.
    "api.middleware.ApiMiddleware",
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # request.user.is_verified(); then nobody who owes a second factor reaches a page without it.
    "boroughs.verified_devices.OTPMiddleware",
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
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo takes parallel writes: WAL lets readers carry on beside a writer;
    # IMMEDIATE takes the write lock when a transaction begins, so a second
    # writer waits (up to the timeout, in seconds) instead of failing with
    # "database is locked" when it would have had to upgrade a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Django's Redis cache with one client per connection pool, not one per operation (loti/cache.py).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "loti.cache.RedisCache"
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
# The open data API (api/): read-only, so any website may fetch it (CORS, GET only, no cookies).
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After"]
# Requests a client (by address, as for the lockout) may make to /api/v1/ a minute; 0 for no limit.
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", default=120)

PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
# Redis (CACHE_URL=redis://...) is one cache for every worker; the memory cache is each process's own.
CACHE_IS_SHARED = not CACHES["default"]["BACKEND"].endswith("LocMemCache")
# Shared parts of signed-in pages (pagecache/fragments.py) are kept until their content changes, and at
# most this long; 0 draws them every time. Off with the memory cache, where a change would reach the
# other workers' copies only this long after: an editor must see their own change at once.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600 if CACHE_IS_SHARED and not DEBUG else 0)

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
# With a shared cache, sessions are read from it and written through to the database: no query a
# request. Never from each process's memory cache, where a session ended on one worker would live on.
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if CACHE_IS_SHARED else 'db'}"
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
        else "loti.staticfiles.HashedStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Every form field links its errors and styles them the GOV.UK way (govuk.forms.GovukBoundField).
FORM_RENDERER = "govuk.forms.GovukFormRenderer"

# Uploaded job description files: outside STATIC_ROOT and media, served only by jobs.views.description_file.
PRIVATE_UPLOADS_ROOT = env.path("PRIVATE_UPLOADS_ROOT", default=BASE_DIR / "var" / "uploads")
# Request bodies: the largest is a contribution with a 5 MB job description
# (jobs.uploads.MAX_UPLOAD_BYTES) and its form; anything bigger is answered
# 413 before it is read. The proxy in front should cap at the same size
# (README: Deploying). Form fields other than files are held in memory: 3 MB
# fits the CSV import's signed preview (a 2 MB file, compressed).
REQUEST_BODY_MAX_BYTES = 6 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "loti.request_limits.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# With a bucket named, they go to S3-compatible object storage instead (several servers
# share it); credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the platform's role.
PRIVATE_STORAGE_BUCKET = env("PRIVATE_STORAGE_BUCKET", default="")
if PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "jobs.storage.PrivateBucketStorage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": env("PRIVATE_STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env("PRIVATE_STORAGE_REGION", default="") or None,
            "location": env("PRIVATE_STORAGE_PREFIX", default=""),
        },
    }
else:
    STORAGES["private"] = {"BACKEND": "jobs.storage.PrivateFolderStorage"}
# manage.py backup (make backup): where backups are written, and how many days each is kept.
BACKUP_ROOT = env.path("BACKUP_ROOT", default=BASE_DIR / "var" / "backups")
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=30)
# Plausible salaries in pounds a year; the forms and the CSV import refuse anything outside this band.
JOBS_SALARY_MIN = env.int("JOBS_SALARY_MIN", default=10_000)
JOBS_SALARY_MAX = env.int("JOBS_SALARY_MAX", default=250_000)
# Anonymous forms: accepted submissions per IP address per hour, and the fewest seconds between showing and sending.
JOBS_SUBMISSIONS_PER_IP_PER_HOUR = env.int("JOBS_SUBMISSIONS_PER_IP_PER_HOUR", default=10)
JOBS_FORM_MIN_SECONDS = env.int("JOBS_FORM_MIN_SECONDS", default=3)
# Acknowledgements those forms email (anyone can type anyone's address): to one address a day, from one client an hour.
JOBS_CONFIRMATIONS_PER_RECIPIENT_PER_DAY = env.int("JOBS_CONFIRMATIONS_PER_RECIPIENT_PER_DAY", default=3)
JOBS_CONFIRMATIONS_PER_CLIENT_PER_HOUR = env.int("JOBS_CONFIRMATIONS_PER_CLIENT_PER_HOUR", default=5)

# Personal data kept no longer than needed (manage.py purge_personal_data, daily; stated on the privacy page):
# contributors' and suggesters' names and emails, this many days after the moderation decision;
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=90)
# an account's name and email, this many days after the central team deactivated it.
DEACTIVATED_ACCOUNT_RETENTION_DAYS = env.int("DEACTIVATED_ACCOUNT_RETENTION_DAYS", default=365)
# an email the worker could not send (outbox.FailedEmail), this many days after its last attempt.
FAILED_EMAIL_RETENTION_DAYS = env.int("FAILED_EMAIL_RETENTION_DAYS", default=30)

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
# GOV.UK Notify instead of SMTP, when its API key is set (django-gov-notify):
# every message goes through one plain template whose subject and body are
# ((subject)) and ((body)). Notify drops custom headers and sets the sender.
GOVUK_NOTIFY_API_KEY = env("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", default="")
if GOVUK_NOTIFY_API_KEY:
    MAILERS["default"] = {"BACKEND": "django_gov_notify.backends.NotifyEmailBackend", "OPTIONS": {}}

# Background work (outbox.mail and the daily jobs) runs as Django tasks, in the
# worker (manage.py run_worker) from the database queue (django-tasks-db).
# TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs each task
# inside the request instead: the tests do, so that they stay fast.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# outbox.mail: a message that fails is tried again after 1, 2, 4, 8... minutes
# (OUTBOX_RETRY_BACKOFF_SECONDS doubled each time), OUTBOX_MAX_ATTEMPTS in all,
# then recorded as a FailedEmail for the central team.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BACKOFF_SECONDS = env.int("OUTBOX_RETRY_BACKOFF_SECONDS", default=60)
# The worker's scheduler runs these management commands once a day, at the
# first check after DAILY_JOBS_HOUR (local time); each is safe to run twice.
DAILY_JOBS = [
    "remind_stale_commitments",
    # Finished tasks hold email text: keep them 14 days (django-tasks-db's default).
    "prune_db_task_results",
    # Contributors' details and deactivated accounts, after their retention periods (loti/retention.py).
    "purge_personal_data",
    # Job alerts due today, daily or weekly (subscriptions/alerts.py).
    "send_job_alerts",
]
# Job alerts and the newsletter (subscriptions): how many job alerts one address may have; how long a
# confirmation link works (unconfirmed subscriptions are deleted after as long); how long the unsubscribe and
# manage links in each email work (every email carries fresh ones).
SUBSCRIPTION_ALERTS_PER_ADDRESS = env.int("SUBSCRIPTION_ALERTS_PER_ADDRESS", default=5)
SUBSCRIPTION_CONFIRM_DAYS = env.int("SUBSCRIPTION_CONFIRM_DAYS", default=7)
SUBSCRIPTION_LINK_DAYS = env.int("SUBSCRIPTION_LINK_DAYS", default=90)
DAILY_JOBS_HOUR = env.int("DAILY_JOBS_HOUR", default=7)

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
        # Django's own console handler (DEBUG only) printed every "django.*" line a second time, the
        # worker's task lines among them: they reach the root's console handler anyway.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Axes logs every failed login at INFO; keep it, it is an audit trail.
        "django.db.backends": {"level": "WARNING"},
        # pikepdf (upload checks) says at INFO that it loaded, in every process.
        "pikepdf": {"level": "WARNING"},
    },
}
