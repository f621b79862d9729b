"""Settings for a developer's machine and the demo: SQLite, DEBUG on, a fixed key that is useless elsewhere."""

from .base import *
from .env import env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-key-not-for-production-use-0123456789abcdef")

# Static files come straight from the app folders (no collectstatic needed).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
