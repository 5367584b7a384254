"""Settings for Recovery Culture.

One file, read from environment variables. Every variable has a safe development default, so
`make run` works on a fresh machine with SQLite, in-process tasks and console email; production
sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=false (see README).
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
# This key is public (it is in this file), so anything signed with it could be forged: it is for
# `make run` and tests only. Its "django-insecure-" prefix makes `check --deploy` flag it, and
# production (DEBUG=false) refuses to start without a key of its own rather than fall back to it.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG=false the app needs a long, random, secret key of its own: "
        "set the SECRET_KEY environment variable (for example to the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "teams",
    "successes",
    "trip",
    "supervision",
    "conversations",
    # Sees every app below it: the dashboards, the monthly story report.
    "dashboards",
    # The project itself, for the demo data loader (load_demo), which fills every app.
    "recovery_culture",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "recovery_culture.middleware.private_by_default",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "recovery_culture.middleware.renew_session_now_and_then",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Only our own scripts, styles and images run: an injected <script> or inline handler is refused
# by the browser even if a bug let it through escaping. The one inline script (NHS.UK's "js-enabled"
# switch and our initialiser) carries the request's nonce (templates/base.jinja).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Nothing in the app needs a camera, microphone, location or payment: the browser is told so.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

ROOT_URLCONF = "recovery_culture.urls"
WSGI_APPLICATION = "recovery_culture.wsgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2, so the NHS.UK components come from NHS England's own Jinja port
        # (docs/adr/0001-jinja2-and-nhsuk-frontend-jinja.md).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "recovery_culture.jinja2.environment",
            "context_processors": ["recovery_culture.jinja2.csrf_once"],
        },
    },
    {
        # Django's admin and built-in forms keep the Django template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A kept connection the server has closed meanwhile is replaced, not failed on.
        conn_health_checks=True,
    )
}
on_postgresql = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if on_postgresql and env_bool("DB_PREPARED_STATEMENTS", True):
    # A query a connection has run five times is prepared: PostgreSQL keeps its plan instead of
    # planning it again on every request (a millisecond for the wall's thank-yous, which took a
    # third of that to run). Needs the parameters bound by the server. Django turns this off by
    # default for transaction-pooling proxies such as PgBouncer; behind one, set it to false.
    # Added to what the URL may already ask for (e.g. ?sslmode=require), not in its place.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "teams.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "teams.backends.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Shared ward computers: a session ends after 30 idle minutes. Using it renews it, at most once a
# minute (recovery_culture.middleware.renew_session_now_and_then), not on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Repeated wrong passwords lock the sign-in (django-axes): 5 tries, then 15 minutes' pause.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
# Lock a sign-in name tried from one address: on a shared ward computer one person's slips must
# not lock out everyone else on it, and one address still cannot try a name endlessly.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Count against the account, whatever form of its name is typed (case, spaces, email or sign-in name).
AXES_USERNAME_CALLABLE = "teams.backends.lockout_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "teams.views.locked_out"

# How many proxies (load balancer, nginx…) stand between browsers and the app: 0 when gunicorn
# faces the internet itself. Lockouts and rate limits read the browser's address through it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "recovery_culture.lib.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "recovery_culture.lib.client_ip.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Redis, when REDIS_URL is set, backs the cache (rate limits) and Celery. Without it the app
# runs alone: a local-memory cache and tasks executed in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Every signed-in page reads its session from Redis rather than with a query of its own. The
    # database keeps every session too (written through), so losing the cache signs nobody out.
    # Not without Redis: each process's local memory would still hold a session ended in another.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker was killed goes back to the queue once unacknowledged this long (Redis's
# default is an hour). One beat period, so a digest is late by at most one more quarter hour; every
# task here finishes in seconds, far inside it, so none is handed out twice while still running,
# and the digest's claim rows make even that harmless.
BEAT_PERIOD_SECONDS = 15 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": BEAT_PERIOD_SECONDS}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Each team chooses its own meeting time; this only looks, every quarter hour, for teams
    # whose meeting has come and whose digest is not sent yet.
    "queue-due-weekly-digests": {
        "task": "successes.tasks.queue_due_weekly_digests",
        "schedule": crontab(minute=f"*/{BEAT_PERIOD_SECONDS // 60}"),
    },
    # Last month's story report to the managers who asked for it. Hourly through the morning of
    # the 1st, so a worker that was down at 07:00 still sends; a claim row per manager and month
    # makes the repeats harmless (dashboards/reports.py).
    "queue-monthly-reports": {
        "task": "dashboards.tasks.queue_monthly_reports",
        "schedule": crontab(minute=0, hour="7-12", day_of_month="1"),
    },
    # Reflections and feedback comments older than each team's chosen period. Daily, at night;
    # a missed night is caught up the next, and a second run finds nothing more to delete.
    "apply-retention": {
        "task": "supervision.tasks.apply_retention",
        "schedule": crontab(minute=30, hour=2),
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # a hung mail server must not stall a worker
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))  # for the file backend
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Recovery Culture <no-reply@recovery-culture.test>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
