"""Settings for deployments behind TLS.

Everything secret or host-specific must come from the environment.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the web processes over plain HTTP; they need the answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# The TLS proxy in front appends the client address to X-Forwarded-For; login throttling
# counts by that address, not by the proxy's (see AXES_CLIENT_IP_CALLABLE).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# The reverse proxy serves the public uploads (docs/operations.md); SERVE_MEDIA=1 lets the app
# do it where no web server can (same headers, one gunicorn thread per download).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# Links in e-mails: the public https address is required (never the development default
# http://127.0.0.1:8000); the deploy check (core.E101) also refuses http:// and localhost.
SITE_URL = os.environ.get("SITE_URL", "").strip()
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set in the environment for production (e.g. https://example.org)."
    )

# HSTS for subdomains and the browsers' preload list are commitments for the whole domain
# (other services under it, hard to undo): the operator opts in. While they are off, Django's
# deploy warnings about them (security.W005, security.W021) are that decision, not a fault.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    *globals().get("SILENCED_SYSTEM_CHECKS", []),
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# --- Caches and throttling (issue 9: throttling that holds) ---------------------------------
# Production runs with REDIS_URL: page fragments and rate-limit counters live in Redis (through
# django-redis, which django-ratelimit supports), shared by every worker and host. Without it the
# counters stay in the database table of base.py (shared and atomic too), and django-ratelimit's
# W001 ("not officially supported") makes `check --deploy --fail-level WARNING` ask for Redis. The
# deploy check accounts.E001 refuses a per-process throttle cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "throttle": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "throttle",
            "TIMEOUT": 60 * 60,
        },
    }
# --- end caches and throttling ----------------------------------------------------------------
