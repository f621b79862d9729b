"""Small-number protection for the figures an aggregate-only reader (a policy officer) sees.

A count of 1 to 4 is shown as "<5" (primary suppression): so few pupils could be recognised. Zero is shown: it
says nobody, and "zero pupils without a place" is the region's goal. Hiding one cell is not enough when the table
shows totals: a row with one hidden cell and its total gives the hidden count away by subtraction. So every line
of the table (a row with its row total, a column with its column total, the totals row itself) that has a hidden
cell gets at least a second one (secondary suppression), repeated until no line has exactly one. The second cell is
chosen so that it closes a rectangle where it can (a cell whose own column or row also has a lone hidden cell), then
the smallest other count in the line, preferring an inner cell over a total and a non-zero count over a zero, so
that what is hidden costs the reader as little as possible and cannot be pinned down by "counts are never
negative" either. This is a heuristic, not an optimal pattern; the tests attack every table exhaustively.

The table is additive: a row total is the sum of its cells, a column total likewise. Rates and averages are
protected through their counts: the caller marks a cell ``sensitive`` when its numerator or the rest of its base is
small, and hides the rate wherever the count's cell is hidden.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import product

THRESHOLD = 5
TOTAL = "total"


def is_small(value: int, threshold: int = THRESHOLD) -> bool:
    return 0 < value < threshold


@dataclass(frozen=True)
class Protected:
    """The table with its totals, and which of its cells are hidden: ``primary`` (small) and ``secondary`` (hidden so
    that a small one cannot be worked out). Keys are ``(row, column)``, with ``TOTAL`` for the totals."""

    values: dict
    primary: frozenset
    secondary: frozenset

    def hidden(self, key) -> bool:
        return key in self.primary or key in self.secondary

    def shown(self, key) -> str:
        """What the reader sees in the cell: the number, "<5", or "x" for a cell hidden to protect another."""
        if key in self.primary:
            return f"<{THRESHOLD}"
        if key in self.secondary:
            return "x"
        return str(self.values[key])


def suppress(
    values: list[list[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    sensitive: Callable[[object], bool] | None = None,
    threshold: int = THRESHOLD,
) -> Protected:
    """Protects a table of counts (rows of columns). ``sensitive(key)`` may mark more cells as primary (a rate
    whose numerator is small); totals are computed here from the cells."""
    n_rows = len(values)
    n_columns = len(values[0]) if n_rows else 0
    row_keys = [*range(n_rows), *([TOTAL] if column_totals else [])]
    column_keys = [*range(n_columns), *([TOTAL] if row_totals else [])]
    grid = {(r, c): values[r][c] for r in range(n_rows) for c in range(n_columns)}
    if row_totals:
        for r in range(n_rows):
            grid[(r, TOTAL)] = sum(values[r])
    if column_totals:
        for c in range(n_columns):
            grid[(TOTAL, c)] = sum(values[r][c] for r in range(n_rows))
    if row_totals and column_totals:
        grid[(TOTAL, TOTAL)] = sum(grid[(r, TOTAL)] for r in range(n_rows))

    lines: list[list[tuple]] = []
    if row_totals:
        lines += [[(r, c) for c in column_keys if (r, c) in grid] for r in row_keys]
    if column_totals:
        lines += [[(r, c) for r in row_keys if (r, c) in grid] for c in column_keys]
    lines = [line for line in lines if len(line) > 1]

    primary = {key for key, value in grid.items() if is_small(value, threshold) or (sensitive and sensitive(key))}
    hidden = _close(grid, lines, primary, size=lambda key: grid[key])
    return Protected(values=grid, primary=frozenset(primary), secondary=frozenset(hidden - primary))


def _close(grid: dict, lines: list[list[tuple]], primary: set, *, size: Callable[[tuple], int]) -> set:
    """Secondary suppression: hides more cells until no line has exactly one hidden cell. Returns every hidden key."""
    hidden = set(primary)
    lines_of: dict[tuple, list[int]] = {}
    for number, line in enumerate(lines):
        for key in line:
            lines_of.setdefault(key, []).append(number)

    hidden_count = [sum(key in hidden for key in line) for line in lines]

    def cost(key, number: int) -> tuple:
        # Best: a cell whose other line also has one lone hidden cell (it protects both: a rectangle closes); then
        # one that leaves no other line with a lone hidden cell; then inner before total (the grand total last),
        # non-zero, small.
        others = [hidden_count[other] for other in lines_of[key] if other != number]
        return (-others.count(1), others.count(0), sum(part == TOTAL for part in key), size(key) == 0, size(key))

    changed = True
    while changed:
        changed = False
        for number, line in enumerate(lines):
            if hidden_count[number] != 1:
                continue
            candidates = [key for key in line if key not in hidden]
            if not candidates:
                continue
            chosen = min(candidates, key=lambda key: cost(key, number))
            hidden.add(chosen)
            for other in lines_of[chosen]:
                hidden_count[other] += 1
            changed = True
    return hidden


@dataclass(frozen=True)
class Cube:
    """Figures over several dimensions (school, transition type, school year) with every margin: ``values`` maps a
    key, with ``TOTAL`` in any of its places, to its numbers (a count, or a count and its base). A filtered view of
    the dashboard is a slice of the cube, so one pattern of hidden cells serves every filter: comparing two views
    is comparing two slices of the same protected cube."""

    values: dict
    primary: frozenset
    secondary: frozenset
    size: int = 0

    def at(self, key: tuple) -> tuple:
        return self.values.get(key, (0,) * self.size)

    def hidden(self, key) -> bool:
        return key in self.primary or key in self.secondary


def with_margins(cells: dict[tuple, tuple[int, ...]]) -> tuple[dict[tuple, tuple], int]:
    """The finest cells with every margin added (``TOTAL`` in any place), and how many numbers each holds.

    The margins are added one place at a time: summing over the first place, then over the second of everything
    so far, and so on, so each key is visited once per place instead of once per combination of places (three
    passes instead of eight for school, transition type and school year; the page of a large region adds tens of
    thousands of cells on its first request after a refresh)."""
    if not cells:
        return {}, 0
    width = len(next(iter(cells.values())))
    places = len(next(iter(cells)))
    values: dict[tuple, tuple] = dict(cells)
    for place in range(places):
        added: dict[tuple, tuple] = {}
        get = added.get
        for key, numbers in values.items():
            margin = (*key[:place], TOTAL, *key[place + 1 :])
            found = get(margin)
            if found is None:
                added[margin] = numbers
            elif width == 1:
                added[margin] = (found[0] + numbers[0],)
            elif width == 2:
                added[margin] = (found[0] + numbers[0], found[1] + numbers[1])
            else:
                added[margin] = tuple(a + b for a, b in zip(found, numbers, strict=True))
        values.update(added)
    return values, width


def stored_cube(cells: dict[tuple, tuple[int, ...]], primary, secondary) -> Cube:
    """The cube of these cells with a pattern chosen before (by ``suppress_cube``, at the refresh): only the margins
    are added here, nothing is chosen."""
    values, width = with_margins(cells)
    return Cube(values, frozenset(primary), frozenset(secondary), width)


def suppress_cube(
    cells: dict[tuple, tuple[int, ...]], *, sensitive: Callable[[tuple[int, ...]], bool], exact: bool = False
) -> Cube:
    """Protects a cube of additive figures. ``cells`` are the finest cells (one place per dimension); every margin
    is added here. A line is every key that agrees in all places but one, that place's total included: its cells
    add up to its total, so a line with exactly one hidden cell would give it away. ``sensitive(numbers)`` says
    which cells are hidden to begin with (their size is the last number: the count, or the base of a rate).
    ``exact`` keeps every cell shown (a reader who may see the pupils themselves)."""
    values, width = with_margins(cells)
    if exact:
        return Cube(values, frozenset(), frozenset(), width)
    grouped: dict[tuple, list[tuple]] = {}
    for key in values:
        for place in range(len(key)):
            grouped.setdefault((place, key[:place] + key[place + 1 :]), []).append(key)
    lines = [line for line in grouped.values() if len(line) > 1]
    primary = {key for key, numbers in values.items() if sensitive(numbers)}
    size = lambda key: values[key][-1]  # noqa: E731
    hidden = _close(values, lines, primary, size=size)
    # Lines alone do not see every combination: sums and differences across the three directions can still pin a
    # hidden count down. So the pattern is checked against a reader who knows every number shown in any slice,
    # and each count they could work out gets one more cell hidden beside it, until none can be.
    finest = list(cells)
    for _round in range(len(values)):
        found = _disclosed(values, finest, hidden, primary)
        if not found:
            break
        for key in found:
            hidden |= {_beside(key, values, finest, hidden, size)} - {None}
        hidden = _close(values, lines, hidden, size=size)
    return Cube(values, frozenset(primary), frozenset(hidden - primary), width)


_PRIME = 2**61 - 1  # sums are solved modulo a large prime: a count that follows over the rationals follows here too


def _disclosed(values: dict, finest: list[tuple], hidden: set, primary: set) -> list[tuple]:
    """The hidden small counts (cells or margins) that follow from the numbers shown: their sum over the hidden
    finest cells lies in the span of the shown numbers' sums."""
    unknown = {key: index for index, key in enumerate(k for k in finest if k in hidden)}
    under: dict[tuple, list[int]] = {}
    for key, index in unknown.items():
        for mask in product((False, True), repeat=len(key)):
            margin = tuple(TOTAL if total else part for part, total in zip(key, mask, strict=True))
            under.setdefault(margin, []).append(index)
    basis: dict[int, dict[int, int]] = {}

    def reduce(row: dict[int, int]) -> dict[int, int]:
        while row:
            pivot = min(row)
            if pivot not in basis:
                return row
            factor = row[pivot]
            for column, value in basis[pivot].items():
                row[column] = (row.get(column, 0) - factor * value) % _PRIME
                if not row[column]:
                    del row[column]
        return row

    for key in values:
        if key in hidden or key not in under:
            continue
        row = reduce(dict.fromkeys(under[key], 1))
        if row:
            pivot = min(row)
            inverse = pow(row[pivot], -1, _PRIME)
            basis[pivot] = {column: value * inverse % _PRIME for column, value in row.items()}
    return [key for key in primary if key in under and not reduce(dict.fromkeys(under[key], 1))]


def _beside(key: tuple, values: dict, finest: list[tuple], hidden: set, size) -> tuple | None:
    """A shown cell to hide with ``key``: a finest cell that shares the most places with it (then the smallest);
    when every finest cell is hidden, the most detailed shown margin above it."""
    candidates = [cell for cell in finest if cell not in hidden]
    if candidates:

        def cost(cell):
            shared = sum(a == b for a, b in zip(cell, key, strict=True))
            return (-shared, size(cell) == 0, size(cell))

        return min(candidates, key=cost)
    above = [
        margin
        for margin in values
        if margin not in hidden and all(p in (TOTAL, k) for p, k in zip(margin, key, strict=True))
    ]
    if not above:
        return None
    return min(above, key=lambda margin: (sum(p == TOTAL for p in margin), size(margin)))


def protect_list(values: list[int], *, total: bool = True, threshold: int = THRESHOLD) -> Protected:
    """One column of counts with its total (a bar chart's table): keys ``(row, 0)`` and ``(TOTAL, 0)``."""
    return suppress([[v] for v in values], row_totals=False, column_totals=total, threshold=threshold)


def nothing_hidden(values: list[list[int]], *, row_totals: bool = True, column_totals: bool = True) -> Protected:
    """The same shape for a reader who may see the pupils themselves: every cell shown."""
    protected = suppress(values, row_totals=row_totals, column_totals=column_totals, threshold=1)
    return Protected(values=protected.values, primary=frozenset(), secondary=frozenset())
