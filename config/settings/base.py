"""Settings shared by every environment.

Secrets and anything deployment-specific come from the environment only.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    "django_tasks",
    "simple_history",
    "django_ratelimit",
    "quartiersnetz.core",
    "quartiersnetz.taxonomy",
    "quartiersnetz.places",
    "quartiersnetz.accounts",
    "quartiersnetz.audit",
    "quartiersnetz.actors",
    "quartiersnetz.publications",
    "quartiersnetz.practices",
    "quartiersnetz.events",
    "quartiersnetz.projects",
    "quartiersnetz.search",
    "quartiersnetz.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body.
    "quartiersnetz.core.limits.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "quartiersnetz" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quartiersnetz.core.context_processors.site",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'quartiersnetz.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let gunicorn workers write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    # Persistent per-thread connections spare the connect + PRAGMA round on every request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: German first, English second.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "quartiersnetz" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "quartiersnetz" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Request bodies (see quartiersnetz/core/limits.py and docs/operations.md "Limits"): a body
# above its view's limit is answered 413 before it is read. Form data without a file may be at
# most DATA_UPLOAD_MAX_MEMORY_SIZE; a view that takes a file allows that file's limit
# (LOGO_MAX_BYTES, PUBLICATION_ATTACHMENT_MAX_BYTES) plus REQUEST_BODY_MARGIN for its text.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
REQUEST_BODY_MARGIN = 2 * 1024 * 1024

# Sessions: the session cookie is the only cookie besides CSRF; no tracking.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Flash messages live in the session: the default cookie storage would add a third
# cookie, readable by anyone holding it (it carries e.g. the name shown after login).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer leaves the site (links to organisations' websites included).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: self-hosted assets only, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Quartiersnetz <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth): e-mail login with mandatory confirmation.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Quartiersnetz] "
# Extra sign-up fields (name, consents) on top of allauth's own form (e-mail, password).
ACCOUNT_SIGNUP_FORM_CLASS = "quartiersnetz.accounts.forms.SignupForm"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = False  # login throttling is django-axes' job (see AXES_*)
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGIN_URL = "account_login"

# Login throttling (django-axes): 5 failures per account and address within
# 15 minutes lock that combination for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_USERNAME_FORM_FIELD = "login"
# allauth passes the address as ``email``, which axes would not find on its own.
AXES_USERNAME_CALLABLE = "quartiersnetz.accounts.forms.lockout_username"
# The client address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
# address the nearest proxy appended to X-Forwarded-For (anything further left is
# client-supplied). Without this every client behind a proxy shares the proxy's address.
AXES_CLIENT_IP_CALLABLE = "quartiersnetz.accounts.forms.lockout_client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False
# Successful logins are not logged (data minimisation); failures are, for the lock.
AXES_DISABLE_ACCESS_LOG = True

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Operator information shown on Impressum, Datenschutz and Barrierefreiheit.
OPERATOR = {
    "name": os.environ.get("OPERATOR_NAME", "Vernetzungsinitiative „Gemeinsam für das Quartier“"),
    "address": os.environ.get(
        "OPERATOR_ADDRESS", "Anschrift des Betreibers (OPERATOR_ADDRESS setzen)"
    ),
    "email": os.environ.get("OPERATOR_EMAIL", "kontakt@example.org"),
    "phone": os.environ.get("OPERATOR_PHONE", ""),
    "representative": os.environ.get("OPERATOR_REPRESENTATIVE", ""),
    "privacy_officer": os.environ.get("OPERATOR_PRIVACY_CONTACT", ""),
    "accessibility_contact": os.environ.get(
        "OPERATOR_ACCESSIBILITY_CONTACT", os.environ.get("OPERATOR_EMAIL", "kontakt@example.org")
    ),
}

# Versions of the texts a user accepts at sign-up; bump when the text changes.
TERMS_VERSION = "2026-11"
PRINCIPLES_VERSION = "2026-11"

LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000
LOGO_MAX_EDGE = 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

FORM_RENDERER = "quartiersnetz.core.forms.KernFormRenderer"

# Absolute base URL for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Map of practices (/praxis/karte/): the tile server is a setting. Leave MAP_TILE_URL empty to
# show the markers on a plain background (the map and its list work without tiles).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
)

# PDF attachments of publications (checked by content; see docs/decisions/0005).
PUBLICATION_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

# Registrations of events that ended longer ago than this are anonymised by the daily
# `remove_event_personal_data` command (see docs/operations.md).
EVENTS_PERSONAL_DATA_RETENTION_DAYS = int(
    os.environ.get("EVENTS_PERSONAL_DATA_RETENTION_DAYS", "183")
)
# Guests register without an account and get a mail: registrations per client address and hour
# (django-ratelimit, counted in the default cache by the address django-axes uses).
EVENTS_GUEST_REGISTRATION_RATE = os.environ.get("EVENTS_GUEST_REGISTRATION_RATE", "10/h")
# The embedded default's per-process cache counts per gunicorn worker (so the limit is at most
# WEB_CONCURRENCY times looser); production settings use Redis, which django-ratelimit supports.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
