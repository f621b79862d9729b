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
    hidden = set(primary)
    lines_of: dict[tuple, list[int]] = {}
    for number, line in enumerate(lines):
        for key in line:
            lines_of.setdefault(key, []).append(number)

    hidden_count = [sum(key in hidden for key in line) for line in lines]

    def cost(key, number: int) -> tuple:
        # Best: a cell whose other line also has one lone hidden cell (it protects both: a rectangle closes); then
        # one that leaves no other line with a lone hidden cell; then inner before total, non-zero, small.
        others = [hidden_count[other] for other in lines_of[key] if other != number]
        return (-others.count(1), others.count(0), TOTAL in key, grid[key] == 0, grid[key])

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
    return Protected(values=grid, primary=frozenset(primary), secondary=frozenset(hidden - primary))


def protect_list(values: list[int], *, total: bool = True, threshold: int = THRESHOLD) -> Protected:
    """One column of counts with its total (a bar chart's table): keys ``(row, 0)`` and ``(TOTAL, 0)``."""
    return suppress([[v] for v in values], row_totals=False, column_totals=total, threshold=threshold)


def nothing_hidden(values: list[list[int]], *, row_totals: bool = True, column_totals: bool = True) -> Protected:
    """The same shape for a reader who may see the pupils themselves: every cell shown."""
    protected = suppress(values, row_totals=row_totals, column_totals=column_totals, threshold=1)
    return Protected(values=protected.values, primary=frozenset(), secondary=frozenset())
