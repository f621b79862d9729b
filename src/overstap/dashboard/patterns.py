"""The suppression pattern of a refresh: which cells of each figure's cube (school x transition type x school
year, with every margin) the dashboard's owner sees hidden. It is chosen once, in the refresh (``services``), from
the same cells the page reads, and stored with the figures (``models.Pattern``); the page only reads it, so no
request pays for choosing it and no cache has to hold it (ADR 0012)."""

from .figures import NOW, SCORES
from .suppression import Cube, is_small, suppress_cube

NOW_KEYS = frozenset(m.key for m in NOW)
SCORE_KEYS = frozenset(m.key for m in SCORES)


def rate_sensitive(count: int, base: int) -> bool:
    return is_small(count) or is_small(base) or is_small(base - count)


def numbers(metric: str, count: int, base: int) -> tuple[int, ...]:
    """A cell's numbers in its cube: the count alone for a figure of now, the count and its base for a rate or a
    score."""
    return (count,) if metric in NOW_KEYS else (count, base)


def protect(metric: str, cells: dict[tuple, tuple[int, ...]]) -> Cube:
    """The protected cube of one figure. A figure of now is hidden when its count is small; a score when the number
    of answers is; a rate when its count, its base or the rest of its base is."""
    if metric in NOW_KEYS:
        return suppress_cube(cells, sensitive=lambda n: is_small(n[0]))
    if metric in SCORE_KEYS:
        return suppress_cube(cells, sensitive=lambda n: is_small(n[1]))
    return suppress_cube(cells, sensitive=lambda n: bool(n[1]) and rate_sensitive(*n))


def _order(key: tuple) -> tuple:
    school, code, year = key
    return (school is not None, school or 0, code, year)


def choose(cells: dict[tuple, tuple[int, int]]) -> dict[str, Cube]:
    """Per figure the protected cube of these cells ``{(metric, school, code, year): (count, base)}``, taken in the
    order the page reads them (the school unknown first, then by school, type and year)."""
    per_metric: dict[str, dict] = {}
    for metric, school, code, year in sorted(cells, key=lambda k: (k[0], *_order(k[1:]))):
        count, base = cells[(metric, school, code, year)]
        per_metric.setdefault(metric, {})[(school, code, year)] = numbers(metric, count, base)
    return {metric: protect(metric, found) for metric, found in per_metric.items()}


def encode(keys) -> list[list]:
    """Keys as JSON: the school's id (``None`` for the school unknown) or ``"total"``, the type, the year."""
    return sorted(([*key] for key in keys), key=lambda k: (str(k[0]), k[1], k[2]))


def decode(stored) -> frozenset:
    return frozenset(tuple(key) for key in stored or ())
