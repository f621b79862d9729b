"""Settings for production: everything sensitive comes from the environment, and nothing insecure is assumed."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .env import env_bool, env_str, secret_key_weakness

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
if weakness := secret_key_weakness(SECRET_KEY):
    raise ImproperlyConfigured(f"DJANGO_SECRET_KEY is too weak for production: {weakness}.")
if not env_str("DATABASE_URL").startswith(("postgres://", "postgresql://", "pgsql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at a PostgreSQL database in production.")
if not env_str("CELERY_BROKER_URL").startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL must point at a Redis server in production.")

# The log collector reads one JSON object per line (see core/logging.py), unless the operator asks otherwise.
LOGGING["handlers"]["console"]["formatter"] = env_str("DJANGO_LOG_FORMAT", "json")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
