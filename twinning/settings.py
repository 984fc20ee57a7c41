"""Settings for the friendship cities directory.

One module, configured by environment variables (see the README). The
defaults suit a local run on SQLite; with DEBUG off, the site refuses to start
until SECRET_KEY and ALLOWED_HOSTS are set.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}.")


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set the SECRET_KEY environment variable to a long random string "
            "(or DEBUG=True for local development only)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set the ALLOWED_HOSTS environment variable to the site's host names, "
            "separated by commas (or DEBUG=True for local development only)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django (the admin served by accounts.sites.AdminSite, which asks for a second factor)
    "twinning.apps.TwoFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Third party
    "csp",
    "django_filters",
    "reversion",
    "import_export",
    "axes",
    "django_prometheus",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Local
    "directory",
    "accounts",
]

MIDDLEWARE = [
    "twinning.middleware.RequestLogMiddleware",
    # Counts and times every request, a page from the cache included (its pair is last in the list).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An oversized request is refused before anything reads the database, the page cache included.
    "twinning.middleware.RequestLimitsMiddleware",
    # Right after the static files and the limits: a page from the cache costs what a static file does,
    # and one query. It keeps the headers the middlewares below add (the security headers, the content
    # security policy), which are the same for every answer; see directory/caching.py.
    "directory.caching.PageCacheMiddleware",
    "twinning.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "twinning.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "twinning.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session gave a second factor (accounts.sites.AdminSite).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "twinning.urls"
WSGI_APPLICATION = "twinning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.languages.languages",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down or unreachable must slow pages by little, not hang them.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The release this process serves: set by RELEASE_ID, else recorded in var/release-id by
# `manage.py release`; empty on a local run. The page cache keys pages by it (directory.caching), so
# that no node serves a page another release made, with links to static files it does not have.
RELEASE_ID_FILE = BASE_DIR / "var" / "release-id"
RELEASE_ID = os.environ.get("RELEASE_ID", "").strip()
if not RELEASE_ID and RELEASE_ID_FILE.exists():
    RELEASE_ID = RELEASE_ID_FILE.read_text(encoding="utf-8").strip()
# How long an anonymous page may be served from the cache (directory.caching); 0 turns the page cache off.
# Any change to directory data makes cached pages stale at once; this only bounds writes that send no signals.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The editors' sign-in (accounts.views): a password, then a code from an authenticator app or a backup code.
# django-axes counts wrong passwords and wrong codes alike per account and locks the account for a while
# after the fifth in a row; a session ends after an hour unused.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
# Lock the account, not the address: behind the TLS proxy every editor may share one. axes warns
# (W006) that username-only locking lets anyone lock an editor out for the cool-off time; that is
# the trade the directory makes, so the warning is silenced on purpose.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Reset only by a whole sign-in (both factors): a right password alone does not wipe the wrong codes.
AXES_RESET_ON_SUCCESS = True
# The sign-in record (accounts.models.SignInEvent) replaces axes's own log of sign-ins.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
SESSION_COOKIE_AGE = 60 * 60
# The name authenticator apps show beside the account (django-otp).
OTP_TOTP_ISSUER = "Norway–China friendship cities"
# How long the sign-in record keeps each line: a year, long enough to look into a break-in found late.
SIGN_IN_RECORD_DAYS = 365
SESSION_SAVE_EVERY_REQUEST = True

# The editors' CSV import: only those who may add partnerships import them, all
# rows or none (see directory/admin/partnerships.py).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The uploaded file waits between the import's preview and its confirmation. With several app servers
# the confirmation may reach another one, so it waits in the shared cache (Redis), not on one machine's
# disk; on one machine without Redis, a temporary file serves every worker.
if REDIS_URL:
    IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"

LANGUAGE_CODE = "en"
# Each language's name as its own readers write it: the language switcher shows them so.
LANGUAGES = [
    ("en", "English"),
    ("nb", "Norsk bokmål"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Designsystemet's CSS and theme, installed from npm (`npm ci`, which `make run` and `make test` do).
    ("designsystemet", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Behind a TLS-terminating proxy, trust its word on the scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Asked of each app server directly over the private network, by a release and by Prometheus: not redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Cookies are Secure whenever DEBUG is off, even with SECURE_SSL_REDIRECT=False: a proxy that redirects
# itself still serves HTTPS, and browsers keep Secure cookies from http://localhost and http://127.0.0.1,
# so a local production-mode run over plain HTTP still lets editors log in there.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Sessions live in the database (Django's default, said here on purpose): a lost cache logs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the directory uses (twinning.middleware.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)
# No inline script or style anywhere, the admin included (Django 5.2's admin needs none).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Oversized requests are refused with a clear message (twinning.middleware.RequestLimitsMiddleware).
# Long enough for a 5,000-character search to reach the page and be refused there with the other
# filters kept; gunicorn.conf.py lets request lines of this length through.
MAX_QUERY_STRING_LENGTH = 8000
# The largest request body, an admin import file included: 10 MiB.
MAX_REQUEST_BODY_SIZE = 10 * 1024 * 1024
# Form fields outside files (Django's default, 2.5 MiB, said here on purpose).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Uploaded files larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# How long a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30

# Prometheus's metrics at /metrics (twinning.metrics), only for a request that carries this token as
# `Authorization: Bearer TOKEN`; without a token set, /metrics is not found.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# One line per request and per error on standard output, each with the request's id: plain text, or one
# JSON object per line with LOG_FORMAT=json (for a log collector).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "twinning.middleware.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"},
        "json": {"()": "twinning.logs.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Errors go to the root's handler; 4xx answers are already in the request line.
        "django": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
