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
    "django_tasks_db",
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
    "quartiersnetz.alliances",
    "quartiersnetz.network",
    "quartiersnetz.contact",
    "quartiersnetz.search",
    "quartiersnetz.notifications",
    "quartiersnetz.api",
    "quartiersnetz.opendata",
    "quartiersnetz.portal",
    "quartiersnetz.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before every reader of request.GET: no NUL or undecodable bytes reach a view or the database.
    "quartiersnetz.core.query_strings.CleanQueryStringMiddleware",
    # Before WhiteNoise, so that static files carry the header too.
    "quartiersnetz.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body.
    "quartiersnetz.core.limits.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # `private, no-store` on everything that depends on the session (see core/middleware.py).
    "quartiersnetz.core.middleware.PersonalCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Invalid form submissions answer 400 (see core/responses.py).
    "quartiersnetz.core.responses.FormErrorStatusMiddleware",
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
                "quartiersnetz.notifications.context_processors.unread_notifications",
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
    # Django's and allauth's backends, each loading the signed-in user with the site header's
    # facts in one query (accounts/backends.py).
    "rules.permissions.ObjectPermissionBackend",
    "quartiersnetz.accounts.backends.ModelBackend",
    "quartiersnetz.accounts.backends.AuthenticationBackend",
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
# Serve the public uploads (MEDIA_PUBLIC_FOLDERS) from the app at MEDIA_URL (`make run`); off in
# production, where the reverse proxy serves them (docs/operations.md, docs/decisions/0006).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# The only folders under MEDIA_ROOT that anyone may fetch by address: logos and practice images.
# Event documents and publication attachments are handed out by their own views.
MEDIA_PUBLIC_FOLDERS = ["logos", "practices"]
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
# Django's database sessions, read with a query compiled once (core/sessions.py).
SESSION_ENGINE = "quartiersnetz.core.sessions"
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
# Browser features no page uses are switched off for the site and anything it might embed
# (the maps show places, they never ask for the visitor's location).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
    "browsing-topics": [],
    "fullscreen": ["self"],
}

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

# Login throttling (django-axes, failures counted in the database, so shared by every worker).
# Three counters over a sliding window of AXES_COOLOFF_TIME (15 minutes), each with its limit:
# - an account from one address: AXES_FAILURE_LIMIT (5) locks that pair;
# - an account from any address: LOGIN_FAILURE_LIMIT_PER_ACCOUNT (10) locks the account, even for
#   the right password; the owner gets one e-mail per lock with a link that lifts it (a password
#   reset lifts it too), otherwise it ends 15 minutes after the last failed attempt;
# - one address (an IPv6 /64) over any accounts: LOGIN_FAILURE_LIMIT_PER_ADDRESS (30).
# The handler (quartiersnetz/accounts/throttle.py) compares each counter with its own limit.
AXES_HANDLER = "quartiersnetz.accounts.throttle.LoginThrottleHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", "10"))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"], ["ip_address"]]
AXES_RESET_ON_SUCCESS = True  # only the failures of that account from that address
AXES_LOCKOUT_CALLABLE = "quartiersnetz.accounts.throttle.lockout_response"
# How long the link in the unlock e-mail works (seconds).
LOGIN_UNLOCK_LINK_MAX_AGE = int(os.environ.get("LOGIN_UNLOCK_LINK_MAX_AGE", str(24 * 60 * 60)))
AXES_USERNAME_FORM_FIELD = "login"
# allauth passes the address as ``email``, which axes would not find on its own.
AXES_USERNAME_CALLABLE = "quartiersnetz.accounts.throttle.lockout_username"
# The client address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
# address the nearest proxy appended to X-Forwarded-For (anything further left is
# client-supplied). Without this every client behind a proxy shares the proxy's address.
# IPv6 addresses count by their /64 network (one subscriber's prefix), IPv4-mapped IPv6 as IPv4.
AXES_CLIENT_IP_CALLABLE = "quartiersnetz.accounts.throttle.lockout_client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False
# Successful logins are not logged (data minimisation); failures are, for the lock.
AXES_DISABLE_ACCESS_LOG = True

# Background tasks wait in a table (django-tasks-db) until a worker (`manage.py db_worker`, started
# beside the web server by `make run` through honcho and the Procfile) runs them; see
# docs/architecture.md, "Background tasks". The tests run them immediately (test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# "default": page fragments and data versions, per process (fast; entries carry data versions,
# so a stale process never serves stale data). "throttle": the counters of rate limits
# (django-ratelimit), which must be shared by every worker and incremented atomically: a table in
# the database (created by `migrate`), Redis in production when REDIS_URL is set.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "quartiersnetz.core.cache.AtomicDatabaseCache",
        "LOCATION": "quartiersnetz_cache",
        "TIMEOUT": 60 * 60,
        # Culling would forget counters under load: keep far more entries than any window holds.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000, "CULL_FREQUENCY": 10},
    },
}
RATELIMIT_USE_CACHE = "throttle"

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
    # The worker logs each task it runs and, for a failed one, its name, id and traceback.
    "loggers": {
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "INFO")},
        "django_tasks_db": {"level": os.environ.get("TASKS_LOG_LEVEL", "INFO")},
        "quartiersnetz.network": {"level": os.environ.get("TASKS_LOG_LEVEL", "INFO")},
    },
}

FORM_RENDERER = "quartiersnetz.core.forms.KernFormRenderer"

# Absolute base URL for links in e-mails; locally it follows the port `make run` serves on.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")

# Maps (practices, events, alliances): no third-party requests by default — the markers are
# drawn on a plain background with Germany's outline and the names of the Bundesländer, all
# served from this site. Set MAP_TILE_URL (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png)
# to load tiles from a tile server; the privacy page then names that host.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
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
# Contact between actors: new threads a user may begin per 24 hours, and how long a thread is
# kept after its last message (the daily `remove_expired_messages` deletes it then).
CONTACT_THREADS_PER_DAY = int(os.environ.get("CONTACT_THREADS_PER_DAY", "10"))
CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", "365"))
# Notifications by e-mail: the local hour of the daily digest (the weekly one: Mondays then).
NOTIFICATIONS_DIGEST_HOUR = int(os.environ.get("NOTIFICATIONS_DIGEST_HOUR", "7"))
# Open data (docs/open-data.md): where the dump (quartiersnetz-offene-daten.zip) is built and
# kept, the local hour of its nightly build, and the publisher's contributor id of the DCAT-AP.de
# catalogue (http://dcat-ap.de/def/contributors/…, given by GovData; default: the site itself).
OPENDATA_DUMP_DIR = Path(os.environ.get("OPENDATA_DUMP_DIR", VAR_DIR / "opendata"))
OPENDATA_DUMP_HOUR = int(os.environ.get("OPENDATA_DUMP_HOUR", "3"))
OPENDATA_CONTRIBUTOR_ID = os.environ.get("OPENDATA_CONTRIBUTOR_ID", "")
# Guests register without an account and get a mail: registrations per client address and hour
# (django-ratelimit in the shared "throttle" cache, keyed by the address login throttling uses).
EVENTS_GUEST_REGISTRATION_RATE = os.environ.get("EVENTS_GUEST_REGISTRATION_RATE", "10/h")
# Members propose events to the curators (/werkstaetten/vorschlagen/): how many proposals one
# account may have waiting at a time (drafts not yet published whose date has not passed).
EVENT_PROPOSALS_OPEN_MAX = int(os.environ.get("EVENT_PROPOSALS_OPEN_MAX", "5"))
# No django-ratelimit check is silenced here: E003 refuses per-process and non-atomic caches, and
# the deploy check accounts.E001 refuses a per-process throttle cache. The embedded settings
# (dev, test) silence only W001 ("backend not officially supported") for the atomic database cache
# above, which is tested to count exactly under concurrency (core/tests/test_cache.py); production
# uses Redis through django-redis, which django-ratelimit supports.

# Search by meaning (quartiersnetz/search/semantic.py): the multilingual sentence encoder that
# ships inside its package ranks records together with the full-text hits on /suche/. Its
# index is built in a background thread of each web process (no request waits for it).
SEARCH_SEMANTIC = os.environ.get("SEARCH_SEMANTIC", "1") != "0"
SEARCH_SEMANTIC_BACKGROUND = True

# The open-data API's synchronisation (`updated_since`) stays this many seconds behind the
# present: a change is stamped before its transaction commits (api/lists.py, core/rowlog.py).
API_SYNC_HORIZON_SECONDS = int(os.environ.get("API_SYNC_HORIZON_SECONDS", "300"))
# Requests per personal API token (django-ratelimit's "<n>/<s|m|h|d>"): all, and the writes.
API_TOKEN_RATE_LIMIT = os.environ.get("API_TOKEN_RATE_LIMIT", "1000/h")
API_TOKEN_WRITE_RATE_LIMIT = os.environ.get("API_TOKEN_WRITE_RATE_LIMIT", "100/h")
