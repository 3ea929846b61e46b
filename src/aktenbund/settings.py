"""Django settings, read from the environment.

Defaults are safe for production (DEBUG off, secure cookies); `make demo`
and the test suite set what they need explicitly.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("AKTENBUND_DATA_DIR", PROJECT_DIR / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a key generated once into DATA_DIR.

    A generated key survives restarts (sessions stay valid) and never lands in
    the repository.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")
# TLS ends at a reverse proxy that sets X-Forwarded-Proto (docs/operations.md).
BEHIND_TLS_PROXY = _env_bool("BEHIND_TLS_PROXY", False)

INSTALLED_APPS = [
    # Our apps first: `tenancy` overrides the `migrate` and `flush` commands so
    # that they run as the table owner (see tenancy/db_role.py).
    "aktenbund.tenancy",
    "aktenbund.audit",
    "aktenbund.blobs",
    "aktenbund.records",
    "aktenbund.haushalt",
    "aktenbund.capture",
    "aktenbund.gewerbe",
    "aktenbund.web",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_scopes",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "aktenbund.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aktenbund.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which parses multipart bodies: an oversized body is refused
    # by its Content-Length unread, upload names stay as sent.
    "aktenbund.records.uploads.UploadGroesseMiddleware",
    "aktenbund.records.uploads.RawUploadNameMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF: refuses control characters in what a page reads (docs/architecture.md).
    "aktenbund.web.middleware.EingabeMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aktenbund.tenancy.middleware.ApiTokenMiddleware",
    "aktenbund.tenancy.middleware.PasswordChangeRequiredMiddleware",
    "aktenbund.tenancy.middleware.KommuneScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aktenbund.urls"
WSGI_APPLICATION = "aktenbund.wsgi.application"
ASGI_APPLICATION = "aktenbund.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aktenbund.web.context_processors.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "aktenbund.sqlite3"
# Persistent connections: a new PostgreSQL connection costs 10-15 ms (and the
# role check below), more than most searches. Nothing the application sets on
# a connection outlives its transaction (docs/operations.md, "Connections"),
# so a reused one carries nothing from the request before; the health check
# replaces a connection the server has dropped before the request uses it.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=_env_bool("CONN_HEALTH_CHECKS", True),
    )
}
# Behind PgBouncer in transaction mode: `.iterator()` outside a transaction
# would hold a cursor across transactions, which the pooler cannot keep.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = _env_bool(
    "DISABLE_SERVER_SIDE_CURSORS", False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; IMMEDIATE takes the
        # write lock at BEGIN, so concurrent writers queue instead of failing.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME", "")}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# PostgreSQL has two LOGIN roles (tenancy/db_role.py, docs/operations.md).
# DATABASE_URL is the application's: it owns no table, so row-level security
# binds it; `migrate` creates it if missing and grants it what it needs.
# DATABASE_OWNER_URL is the owner of the tables, for `migrate` and `flush`
# only: the app servers need not have it.
AKTENBUND_DB_APP_ROLE = DATABASES["default"].get("USER", "")
AKTENBUND_DB_OWNER = None
if IS_POSTGRES:
    if not AKTENBUND_DB_APP_ROLE:
        raise ImproperlyConfigured(
            "DATABASE_URL must name the application's PostgreSQL role "
            "(postgresql://aktenbund_app:…@host/db)."
        )
    if os.environ.get("DATABASE_OWNER_URL"):
        # As whom and to which server; the database is DATABASE_URL's (in tests: the
        # test database).
        AKTENBUND_DB_OWNER = dj_database_url.parse(os.environ["DATABASE_OWNER_URL"])
        if AKTENBUND_DB_OWNER["USER"] == AKTENBUND_DB_APP_ROLE:
            raise ImproperlyConfigured(
                "DATABASE_OWNER_URL and DATABASE_URL must name two roles: the owner of the "
                "tables and the application's role, which owns nothing."
            )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -----------------------------------------------------------------
AUTH_USER_MODEL = "tenancy.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A second limit per client address across user names (password spraying) and
# the client address from a trusted proxy only: see aktenbund.web.anmeldeschutz.
AXES_HANDLER = "aktenbund.web.anmeldeschutz.AnmeldeschutzHandler"
AXES_CLIENT_IP_CALLABLE = "aktenbund.web.anmeldeschutz.client_ip"
AKTENBUND_LOGIN_IP_LIMIT = int(os.environ.get("AKTENBUND_LOGIN_IP_LIMIT", "30"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR); by
# default the proxy on this machine when BEHIND_TLS_PROXY is on, else none.
AKTENBUND_TRUSTED_PROXIES = _env_list(
    "AKTENBUND_TRUSTED_PROXIES",
    "127.0.0.1,::1" if BEHIND_TLS_PROXY else "",
)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/gesperrt.html"
AXES_VERBOSE = False

# --- sessions, cookies, security headers ----------------------------------
SECURE_COOKIES = _env_bool("SECURE_COOKIES", not DEBUG)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Sent on HTTPS requests only (directly or, with BEHIND_TLS_PROXY, via the proxy).
SECURE_HSTS_SECONDS = int(os.environ.get("AKTENBUND_HSTS_SECONDS", str(365 * 24 * 3600)))
# Every page (aktenbund.web.middleware): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- static files, blobs --------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
BLOB_ROOT = Path(os.environ.get("AKTENBUND_BLOB_ROOT", DATA_DIR / "blobs"))
BLOB_ORPHAN_GRACE_SECONDS = int(os.environ.get("AKTENBUND_BLOB_GRACE", str(24 * 3600)))

# --- background tasks -----------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("AKTENBUND_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Verwaltung (tenancy) -------------------------------------------------
# Longest Supportfreigabe a Kommune-Admin may give the Verbund administration (days, today counts).
AKTENBUND_SUPPORTFREIGABE_MAX_TAGE = int(os.environ.get("AKTENBUND_SUPPORTFREIGABE_MAX_TAGE", "14"))
# Longest Vertretung (days from von to bis, both counted); a longer absence is recorded again.
AKTENBUND_VERTRETUNG_MAX_TAGE = int(os.environ.get("AKTENBUND_VERTRETUNG_MAX_TAGE", "92"))

# --- Posteingang (capture) ------------------------------------------------
# Scan hot folders: <AKTENBUND_SCAN_DIR>/<AGS>/ (see aktenbund.capture.services.scanordner).
AKTENBUND_SCAN_DIR = Path(os.environ.get("AKTENBUND_SCAN_DIR", DATA_DIR / "scan"))
# A worker owns an Eintrag this long without progress; then another takes over.
AKTENBUND_CAPTURE_LEASE_SECONDS = int(os.environ.get("AKTENBUND_CAPTURE_LEASE_SECONDS", "900"))
AKTENBUND_CAPTURE_OCR_TIMEOUT = int(os.environ.get("AKTENBUND_CAPTURE_OCR_TIMEOUT", "600"))
# PDFium and extract-msg read untrusted files in a child with these limits (seconds, bytes).
AKTENBUND_CAPTURE_LESEN_TIMEOUT = float(os.environ.get("AKTENBUND_CAPTURE_LESEN_TIMEOUT", "60"))
AKTENBUND_CAPTURE_LESEN_MEMORY = int(os.environ.get("AKTENBUND_CAPTURE_LESEN_MEMORY", str(1024**3)))
# Working folders of capture (document content); capture_poll removes those of dead work.
AKTENBUND_CAPTURE_TMP_DIR = Path(
    os.environ.get("AKTENBUND_CAPTURE_TMP_DIR", DATA_DIR / "tmp" / "capture")
)
# Also convert born-digital PDFs to PDF/A-2b (slower; they keep their text either way).
AKTENBUND_CAPTURE_PDFA_IMMER = _env_bool("AKTENBUND_CAPTURE_PDFA_IMMER", False)
# Key for the Mailkonten's IMAP passwords (any long random string); empty: a key
# derived from SECRET_KEY (see aktenbund.capture.services.geheimnis).
AKTENBUND_SECRET_KEY_MAILKONTEN = os.environ.get("AKTENBUND_SECRET_KEY_MAILKONTEN", "")
# What a Mailkonto may connect to (see aktenbund.capture.services.imap): these
# ports, public addresses, and of the private, loopback and link-local ranges
# only the networks listed here (CIDR, e.g. "10.20.0.0/16,127.0.0.1/32").
AKTENBUND_IMAP_PORTS = [int(p) for p in _env_list("AKTENBUND_IMAP_PORTS", "143,993")]
AKTENBUND_IMAP_NETZE = _env_list("AKTENBUND_IMAP_NETZE", "")

# --- logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; pikepdf announces itself.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# --- API --------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000
