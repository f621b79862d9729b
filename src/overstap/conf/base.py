"""Settings shared by every environment.

Every value that differs between machines is read from an environment variable; the variables are listed
in the README ("Configuration"). Environment modules (dev, ci, production) import from here and override.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/overstap
SRC_DIR = PACKAGE_DIR.parent  # src
BASE_DIR = SRC_DIR.parent  # repository root
VAR_DIR = Path(env_str("OVERSTAP_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
# Keep an X-Request-ID from the reverse proxy only when the proxy sets it (and strips a client's).
OVERSTAP_TRUST_REQUEST_ID_HEADER = env_bool("OVERSTAP_TRUST_REQUEST_ID_HEADER", False)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mozilla_django_oidc",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "overstap.core",
    "overstap.backup",
    "overstap.ui",
    "overstap.matrix",
    "overstap.authz",
    "overstap.audit",
    "overstap.organisations",
    "overstap.accounts",
    "overstap.pupils",
    "overstap.consent",
    "overstap.dossiers",
    "overstap.support",
    "overstap.doorstroom",
    "overstap.transitions",
    "overstap.coaching",
    "overstap.monitoring",
    "overstap.tables",
    "overstap.thuiszitters",
    "overstap.dashboard",
    "overstap.family",
    "overstap.oso",
    "overstap.api",
    "overstap.retention",
    "overstap.generator",
]

MIDDLEWARE = [
    "overstap.core.middleware.RequestIdMiddleware",
    "overstap.core.db_router.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "overstap.core.middleware.SecurityHeadersMiddleware",
    "overstap.core.middleware.NoStoreForSignedInMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "overstap.accounts.middleware.SessionLimitsMiddleware",
    "overstap.accounts.middleware.ActingMembershipMiddleware",
    # A refused POST writes a denial to the audit trail (with the acting membership, so after the line above).
    "overstap.audit.middleware.RefusedWriteMiddleware",
    # Before any view or CSRF check reads the body: a body over the limit is refused unread.
    "overstap.core.middleware.RequestSizeLimitMiddleware",
    "overstap.authz.cache.RequestCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "overstap.urls"
WSGI_APPLICATION = "overstap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "overstap.core.context_processors.product",
                "overstap.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'overstap.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is tested before a request reuses it: after the database restarted, the first request
        # gets a fresh connection instead of an error on the dead one.
        conn_health_checks=True,
    )
}
# A PostgreSQL read replica, if there is one: the dashboard's reads and exports go there (overstap.core.db_router,
# ADR 0028). In tests the alias mirrors the default database.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiler is meant for long analytical queries; on the register's short queries with
        # correlated subqueries it spent 2 s compiling what runs in 0.2 s (docs/benchmarks.md). Off per connection.
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASE_ROUTERS = ["overstap.core.db_router.ReplicaRouter"]
# The apps whose reads the router may send to the replica (only while answering a GET or HEAD request).
OVERSTAP_REPLICA_APPS = ["dashboard"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "ui:home"

# Log-in: django-axes locks a username after 5 failures (wrong password or wrong code), whether or not the
# account exists; the lock lifts after OVERSTAP_LOCKOUT_MINUTES.
OVERSTAP_LOCKOUT_MINUTES = env_int("OVERSTAP_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = OVERSTAP_LOCKOUT_MINUTES / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "overstap.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "code", "csrfmiddlewaretoken"]
# Lock-out is per account on purpose: many staff of one school share an IP address, and locking that address
# after five typos would lock the whole school out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
OTP_TOTP_ISSUER = "Overstap"

# Single sign-on with OpenID Connect, for production; the demo uses local accounts.
OVERSTAP_OIDC_ENABLED = env_bool("OVERSTAP_OIDC_ENABLED", False)
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
if OVERSTAP_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("overstap.accounts.oidc.OverstapOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", required=True)
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", required=True)
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", required=True)
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", required=True)
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", required=True)
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", required=True)
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    # The ID token's amr claim must name one of these (RFC 8176), proving a second factor at the provider.
    OVERSTAP_OIDC_REQUIRED_AMR = env_list("OVERSTAP_OIDC_REQUIRED_AMR", ["mfa", "otp", "hwk", "swk"])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Dutch first, English as a second language.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "overstap_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions and cookies: a short idle time, because these are children's care data.
SESSION_COOKIE_NAME = "overstap_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("OVERSTAP_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
OVERSTAP_SESSION_ABSOLUTE_SECONDS = env_int("OVERSTAP_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HSTS is sent only on HTTPS answers, so it is safe to set everywhere; a year, subdomains included, and ready for the
# browsers' preload list (a deployment on a shared parent domain sets DJANGO_HSTS_PRELOAD=false).
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

REST_FRAMEWORK = {
    # Deny by default: an endpoint that serves anything but public reference data must say who may use it.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Overstap API",
    "DESCRIPTION": (
        "De transitiematrix (openbaar) en, voor gekoppelde systemen, leerlingen, inschrijvingen, dossier, plannen, "
        "besluiten van het SWV, overstappen, overdrachten, overleggen, signalen en terugkoppeling. "
        "The transition matrix of passend onderwijs (public, read-only) and, for connected systems, the pupils' "
        "registration, dossier, plans, SWV decisions, transition cases, handovers, meetings, signals and feedback, "
        "behind the same checkpoint and audit trail as the pages: a list holds only what the client may see, an "
        "object it may not see answers 404, a token without the scope answers 403. Sign in with an API token "
        "(Authorization: Bearer <token>) made by the organisation's application manager. "
        "Localised texts are objects with a Dutch (nl) and an English (en) version."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TransitionCodeEnum": "overstap.matrix.schema.TRANSITION_CODES",
        "StageCodeEnum": "overstap.matrix.schema.STAGE_CODES",
        "BandCodeEnum": "overstap.matrix.schema.BAND_CODES",
    },
    "LICENSE": {"name": "EUPL-1.2", "url": "https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12"},
}

# Notifications: the address links in e-mails point at, and the mail server (without one, mails go to the log).
OVERSTAP_BASE_URL = env_str("OVERSTAP_BASE_URL", "http://localhost:8000")
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Overstap <noreply@overstap.invalid>")
# How many days before the start date a handover nobody opened raises a signal.
OVERSTAP_HANDOVER_ESCALATION_DAYS = env_int("OVERSTAP_HANDOVER_ESCALATION_DAYS", 14)
# The signal engine (overstap.monitoring); its dates (registration, school year, no-show) are the deadlines' below.
OVERSTAP_SIGNAL_TLV_AFTER_MOVE_DAYS = env_int("OVERSTAP_SIGNAL_TLV_AFTER_MOVE_DAYS", 91)
OVERSTAP_SIGNAL_TLV_ENDING_DAYS = env_int("OVERSTAP_SIGNAL_TLV_ENDING_DAYS", 120)
OVERSTAP_SIGNAL_ADULT_CARE_MONTHS = env_int("OVERSTAP_SIGNAL_ADULT_CARE_MONTHS", 6)
OVERSTAP_SIGNAL_NAZORG_MONTHS = [int(m) for m in env_list("OVERSTAP_SIGNAL_NAZORG_MONTHS", ["3", "6", "12"])]
OVERSTAP_SIGNAL_FEEDBACK_WEEKS = env_int("OVERSTAP_SIGNAL_FEEDBACK_WEEKS", 8)
# A doorstroomdossier that is not ready this many weeks before its date raises a signal for the school.
OVERSTAP_SIGNAL_DOORSTROOM_WEEKS = env_int("OVERSTAP_SIGNAL_DOORSTROOM_WEEKS", 4)

# Scheduled and background jobs (Celery, with Redis as broker and result store). Without a broker every task runs
# at once in the calling process ("eager"), so the application and the tests need no Redis; a worker and beat need
# one. Every job is a management command; the task only runs the command (overstap.core.tasks).
# One cache for the app servers and the worker: the dashboard's tables are built right after each refresh by the
# worker (dashboard.services.build_pages), so the app servers must read the same cache. Without a URL each process keeps
# its own (fine for one process and for tests).
if env_str("OVERSTAP_CACHE_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("OVERSTAP_CACHE_URL"),
            "KEY_PREFIX": "overstap",
        }
    }

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    # An eager task never reaches it; it keeps Celery from looking for an AMQP server on localhost.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 7 * 24 * 60 * 60  # seconds
CELERY_TASK_ACKS_LATE = True  # a job that dies with its worker runs again; every job is safe to run twice
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")  # when each job last ran
# The management commands a task may run. A name whose app is not installed (yet) is skipped with a warning.
OVERSTAP_JOB_COMMANDS = ["escalate_handovers", "run_signals", "refresh_dashboard", "apply_retention"]
CELERY_BEAT_SCHEDULE = {
    "escalate-handovers": {
        "task": "overstap.core.tasks.run_command",
        "schedule": crontab(hour=6, minute=0),
        "args": ("escalate_handovers",),
    },
    "run-signals": {
        "task": "overstap.core.tasks.run_command",
        "schedule": crontab(hour=6, minute=15),
        "args": ("run_signals",),
    },
    # At night, when nobody works in a dossier that is about to go (overstap.retention, ADR 0022).
    "apply-retention": {
        "task": "overstap.core.tasks.run_command",
        "schedule": crontab(hour=2, minute=30),
        "args": ("apply_retention",),
    },
}

# The calendar of a move (transitions/deadlines.py): default dates as "MM-DD", used unless the case has its own
# planned date or the region's protocol sets a date for that milestone.
OVERSTAP_SCHOOL_YEAR_START = env_str("OVERSTAP_SCHOOL_YEAR_START", "09-01")
OVERSTAP_SCHOOLADVIES_BY = env_str("OVERSTAP_SCHOOLADVIES_BY", "03-24")
OVERSTAP_PO_VO_REGISTRATION_BY = env_str("OVERSTAP_PO_VO_REGISTRATION_BY", "03-31")
OVERSTAP_VO_MBO_REGISTRATION_BY = env_str("OVERSTAP_VO_MBO_REGISTRATION_BY", "04-01")
OVERSTAP_PLACED_BY = env_str("OVERSTAP_PLACED_BY", "10-01")
# The student's doorstroomdossier (doorstroom app) is ready by this day ("MM-DD") of the school year it is written
# in: for VO-MBO the MBO registration date, for MBO-HBO the usual HBO registration date.
OVERSTAP_DOORSTROOM_DEADLINES = {
    "VO-MBO": env_str("OVERSTAP_DOORSTROOM_VO_MBO_BY", OVERSTAP_VO_MBO_REGISTRATION_BY),
    "MBO-HBO": env_str("OVERSTAP_DOORSTROOM_MBO_HBO_BY", "05-01"),
}
# The handover goes this many weeks before the first school day; the parents read it in the days before that.
OVERSTAP_HANDOVER_WEEKS_BEFORE_START = env_int("OVERSTAP_HANDOVER_WEEKS_BEFORE_START", 8)
OVERSTAP_INZAGE_DAYS = env_int("OVERSTAP_INZAGE_DAYS", 14)
# The receiving school checks this many days after the first school day that the pupil really started.
OVERSTAP_NO_SHOW_CHECK_DAYS = env_int("OVERSTAP_NO_SHOW_CHECK_DAYS", 14)

# Where the transition matrix is read from; a test may point this at another folder.
OVERSTAP_MATRIX_DIR = Path(env_str("OVERSTAP_MATRIX_DIR", str(PACKAGE_DIR / "matrix" / "data")))

LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be 'plain' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "overstap.core.logging.RequestIdFilter"},
        "client_mistakes": {"()": "overstap.core.logging.ClientMistakeFilter"},
    },
    # Each record is one line, with the request id; a traceback keeps its frames and the exception's type, never
    # its message (see core/logging.py). "json" in production, "plain" (key=value) to read in a terminal.
    "formatters": {
        "plain": {"()": "overstap.core.logging.KeyValueFormatter"},
        "json": {"()": "overstap.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "client_mistakes"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Every unhandled error in a request is logged here with its traceback, also when DEBUG is off.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "overstap": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Lock-outs and failures are WARNING; every routine step is INFO, which floods the log.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Pupil lists from school administration systems: where an uploaded list waits between upload and import, and how
# large one may be.
OVERSTAP_IMPORT_DIR = Path(env_str("OVERSTAP_IMPORT_DIR", str(VAR_DIR / "imports")))
OVERSTAP_IMPORT_MAX_BYTES = env_int("OVERSTAP_IMPORT_MAX_BYTES", 100 * 1000 * 1000)
# No request body may be larger than this: the largest upload plus room for the form around it. A larger one gets
# a 413 page before it is read.
# An XLSX file is a zip: what its parts may unpack to together, and how far one large part may unpack beyond its
# packed size (a sheet packs about ten times; a zip bomb a thousand). Both are checked before anything is read.
OVERSTAP_XLSX_MAX_UNPACKED_BYTES = env_int("OVERSTAP_XLSX_MAX_UNPACKED_BYTES", 1000 * 1000 * 1000)
OVERSTAP_XLSX_MAX_RATIO = env_int("OVERSTAP_XLSX_MAX_RATIO", 200)
OVERSTAP_REQUEST_MAX_BYTES = env_int("OVERSTAP_REQUEST_MAX_BYTES", OVERSTAP_IMPORT_MAX_BYTES + 1_000_000)

# The national OSO gegevensset (Edustandaard's XSD and example dossiers) is not part of this project: it is installed
# beside it and named here. Exports are validated against its XSD; without it they are refused.
OVERSTAP_OSO_DIR = Path(env_str("OVERSTAP_OSO_DIR", str(BASE_DIR.parent / "shared" / "oso-gegevensset")))
# An OSO file larger than this is refused before it is parsed.
OVERSTAP_OSO_MAX_BYTES = env_int("OVERSTAP_OSO_MAX_BYTES", 20 * 1000 * 1000)

# Retention (overstap.retention, docs/retention.md, ADR 0022): how many years each category of data is kept after
# its term starts (for a school: the end of the pupil's enrolment there). Overrides per controller, by BRIN (all
# branches), BRIN and branch, municipality code or SWV region code, e.g. {"12AB": {"school_dossier": 3}}; set in
# the environment module, a term may be longer or shorter than the default but never below one year.
OVERSTAP_RETENTION = {
    "school_dossier": env_int("OVERSTAP_RETENTION_SCHOOL_DOSSIER_YEARS", 2),
    "referral": env_int("OVERSTAP_RETENTION_REFERRAL_YEARS", 3),
    "attendance": env_int("OVERSTAP_RETENTION_ATTENDANCE_YEARS", 5),
    "youth_care": env_int("OVERSTAP_RETENTION_YOUTH_CARE_YEARS", 20),
}
OVERSTAP_RETENTION_OVERRIDES: dict[str, dict[str, int]] = {}
# The audit trail's own term; older rows are removed only by purge_audit, run as the database's owner role.
OVERSTAP_AUDIT_RETENTION_YEARS = env_int("OVERSTAP_AUDIT_RETENTION_YEARS", 7)
# Every erased record is appended here (JSON lines, fsync'd), outside the database, so that a restore of an older
# backup can be followed by erasing it again. Keep it on storage that the database backups do not overwrite.
OVERSTAP_ERASURE_JOURNAL = Path(env_str("OVERSTAP_ERASURE_JOURNAL", str(VAR_DIR / "erasure-journal.jsonl")))
# Called, in this order and without arguments, right after a database restore and before the application serves
# again: each a dotted path to a function.
OVERSTAP_AFTER_RESTORE = ["overstap.retention.journal.reapply_erasures"]
# Backups (overstap.backup, docs/operations.md "Backup and restore"): where `backup` writes by default, where the
# PostgreSQL client programs are (empty: the newest installed under /usr/lib/postgresql, else the PATH), how long one
# pg_dump or pg_restore may take. What `restore` runs after a verified restore is OVERSTAP_AFTER_RESTORE above.
OVERSTAP_BACKUP_DIR = Path(env_str("OVERSTAP_BACKUP_DIR", str(VAR_DIR / "backups")))
OVERSTAP_PG_BIN_DIR = env_str("OVERSTAP_PG_BIN_DIR", "")
OVERSTAP_BACKUP_TIMEOUT = env_int("OVERSTAP_BACKUP_TIMEOUT", 3600)
