"""Small helpers to read settings from the environment, with clear errors."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} must be set.")
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [part.strip() for part in value.split(",") if part.strip()]


_ORDERED = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")
_GUESSABLE_RUNS = _ORDERED + tuple(line[::-1] for line in _ORDERED)


def secret_key_weakness(key: str) -> str | None:
    """Why a secret key is too weak to sign sessions and tokens with, or None when it is strong enough.

    Length alone is not strength: fifty times the same letter, a word repeated or a keyboard row are long and
    guessable. A key must be at least 50 characters, not Django's throw-away development key, use at least 12
    different characters, carry at least 200 bits by its own letter frequencies, not be made for a fifth or more of
    runs along the alphabet, the digits or a keyboard row (or of one character repeated), and not shrink when
    compressed (a repeated pattern does). Django's own generator, ``secrets.token_urlsafe(50)`` and
    ``openssl rand -hex 32`` pass.
    """
    import math
    import zlib

    if len(key) < 50:
        return f"it has {len(key)} characters, at least 50 are needed"
    if key.startswith("django-insecure-"):
        return "it is Django's development key"
    distinct = set(key)
    if len(distinct) < 12:
        return f"it uses only {len(distinct)} different characters, at least 12 are needed"
    counts = [key.count(char) for char in distinct]
    bits = -sum(count * math.log2(count / len(key)) for count in counts)
    if bits < 200:
        return f"it carries about {int(bits)} bits, at least 200 are needed"
    lowered = key.lower()
    in_run = set()
    for start in range(len(lowered) - 3):
        piece = lowered[start : start + 4]
        if len(set(piece)) == 1 or any(piece in line for line in _GUESSABLE_RUNS):
            in_run.update(range(start, start + 4))
    if len(in_run) >= len(key) / 5:
        return "it is made of runs along the alphabet, the digits or the keyboard"
    raw = key.encode()
    if len(zlib.compress(raw, 9)) < len(raw) * 0.8:
        return "it repeats a pattern"
    return None
