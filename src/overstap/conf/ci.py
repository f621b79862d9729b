"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL points at one."""

from .base import *
from .env import env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "ci-only-key-not-for-production-use-0123456789abcdef")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing in tests only

# Static files come straight from the app folders (no collectstatic needed).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No statement in a test waits long: a lock that is never released, or a runaway plan, fails the test with its
    # query instead of holding the whole run.
    DATABASES["default"]["OPTIONS"]["options"] += " -c statement_timeout=120s -c lock_timeout=60s"
