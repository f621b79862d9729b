"""Small counts are hidden, and no hidden count can be worked out from what the table still shows.

The attacker here is exhaustive: it tries every non-negative whole number for every hidden inner cell, keeps the
fillings that agree with every number still shown (cells and totals), and looks at which values each hidden small
count can still take. A table is protected when every small count can take more than one value.
"""

import random
from fractions import Fraction

import pytest

from overstap.dashboard.suppression import (
    TOTAL,
    Cube,
    is_small,
    nothing_hidden,
    protect_list,
    suppress,
    suppress_cube,
)


def possible_values(values, protected, *, row_totals=True, column_totals=True):
    """For each hidden inner cell, the set of values it can have given everything shown: a search over every
    non-negative filling of the hidden cells, row by row, where the last hidden cell of a row with a shown total
    is forced and a column may never exceed its shown total."""
    n_rows, n_columns = len(values), len(values[0])
    shown = {key: value for key, value in protected.values.items() if not protected.hidden(key)}
    grand = sum(map(sum, values))
    inner_hidden = [(r, c) for r in range(n_rows) for c in range(n_columns) if protected.hidden((r, c))]
    found = {key: set() for key in inner_hidden}
    limit = shown.get((TOTAL, TOTAL), grand + 5)
    grid = [row[:] for row in values]

    def consistent() -> bool:
        candidate = {(r, c): grid[r][c] for r in range(n_rows) for c in range(n_columns)}
        if row_totals:
            for r in range(n_rows):
                candidate[(r, TOTAL)] = sum(grid[r])
        if column_totals:
            for c in range(n_columns):
                candidate[(TOTAL, c)] = sum(grid[r][c] for r in range(n_rows))
        if row_totals and column_totals:
            candidate[(TOTAL, TOTAL)] = sum(map(sum, grid))
        return all(candidate[key] == value for key, value in shown.items())

    def column_fits(c: int, upto: int) -> bool:
        total = shown.get((TOTAL, c))
        return total is None or sum(grid[r][c] for r in range(upto + 1)) <= total

    def search(index: int) -> None:
        if index == len(inner_hidden):
            if consistent():
                for key in inner_hidden:
                    found[key].add(grid[key[0]][key[1]])
            return
        r, c = inner_hidden[index]
        last_in_row = index + 1 == len(inner_hidden) or inner_hidden[index + 1][0] != r
        if last_in_row and row_totals and (r, TOTAL) in shown:
            grid[r][c] = 0
            forced = shown[(r, TOTAL)] - sum(grid[r])
            options = [forced] if forced >= 0 else []
        else:
            options = range(limit + 1)
        for value in options:
            grid[r][c] = value
            if column_fits(c, r):
                search(index + 1)
        grid[r][c] = values[r][c]

    search(0)
    return found


def assert_protected(values, protected, **totals):
    found = possible_values(values, protected, **totals)
    for key in protected.primary:
        if key in found:
            assert len(found[key]) > 1, f"the small count at {key} can be worked out: only {found[key]}"


def test_small_counts_are_shown_as_less_than_five_and_zero_stays_visible():
    protected = suppress([[0, 12, 7], [9, 3, 8], [6, 10, 2]])
    assert protected.shown((1, 1)) == "<5"
    assert protected.shown((2, 2)) == "<5"
    assert protected.shown((0, 0)) == "0"
    assert protected.shown((0, 1)) == "12"


def test_one_hidden_cell_in_a_row_with_its_total_gets_a_second_one():
    # Without secondary suppression: row 0 shows 10 and 8 and total 21, so the hidden cell is 14 - 11 = 3.
    values = [[6, 3, 5], [7, 6, 8], [5, 6, 9]]
    primary_only = {(0, 1)}
    protected = suppress(values)
    assert protected.primary == primary_only
    assert protected.secondary, "a lone hidden cell in a row with a total must be joined by another"
    hidden_in_row = [key for key in protected.values if key[0] == 0 and protected.hidden(key)]
    hidden_in_column = [key for key in protected.values if key[1] == 1 and protected.hidden(key)]
    assert len(hidden_in_row) >= 2 and len(hidden_in_column) >= 2
    assert protected.shown(next(iter(protected.secondary))) == "x"
    assert_protected(values, protected)


def test_the_attacker_can_pin_down_a_lone_hidden_cell():
    # The test's own attacker is able to break a table with only primary suppression: it can fail.
    values = [[6, 3, 5], [7, 6, 8], [5, 6, 9]]
    weak = suppress(values)
    weak = type(weak)(values=weak.values, primary=weak.primary, secondary=frozenset())
    found = possible_values(values, weak)
    assert found[(0, 1)] == {3}


@pytest.mark.parametrize(
    "values",
    [
        [[1, 0, 9], [0, 6, 7], [8, 5, 0]],
        [[2, 2, 6], [5, 1, 9], [7, 8, 3]],
        [[4, 0], [0, 4]],
        [[0, 0, 3], [6, 7, 8]],
        [[1, 9], [8, 7]],
        [[3], [9], [12]],
    ],
)
def test_no_small_count_can_be_worked_out_from_the_totals(values):
    protected = suppress(values)
    assert_protected(values, protected)
    # Every line of the table has no hidden cell, or at least two.
    rows = {key[0] for key in protected.values}
    columns = {key[1] for key in protected.values}
    for r in rows:
        line = [k for k in protected.values if k[0] == r]
        assert sum(protected.hidden(k) for k in line) != 1, (r, line)
    for c in columns:
        line = [k for k in protected.values if k[1] == c]
        assert sum(protected.hidden(k) for k in line) != 1, (c, line)


def test_a_small_total_is_hidden_too():
    protected = suppress([[1, 2], [0, 0]])
    assert protected.hidden((0, TOTAL))
    assert protected.hidden((TOTAL, TOTAL))
    assert protected.shown((1, TOTAL)) == "0"


def test_a_single_column_with_a_total():
    protected = protect_list([12, 3, 20, 0])
    assert protected.shown((1, 0)) == "<5"
    # The smallest other non-zero count is hidden with it, or 3 = 35 - 12 - 20.
    assert protected.shown((0, 0)) == "x"
    assert protected.shown((3, 0)) == "0"
    assert protected.shown((TOTAL, 0)) == "35"
    assert_protected([[12], [3], [20], [0]], protected, row_totals=False)


def test_sensitive_marks_more_cells_as_primary():
    protected = suppress([[10, 8], [9, 7]], sensitive=lambda key: key == (0, 0))
    assert protected.shown((0, 0)) == "<5"
    assert protected.secondary


def test_a_reader_who_may_see_the_pupils_sees_every_number():
    protected = nothing_hidden([[1, 2], [3, 4]])
    assert protected.shown((0, 0)) == "1"
    assert protected.shown((TOTAL, TOTAL)) == "10"


# The filters (school, transition type, school year) each give a slice of one cube of figures with every margin.
# A reader who compares views learns every number shown in any slice. The attacker below knows all of them, and
# asks of each hidden small count whether it follows from them by sums and differences: it does exactly when its
# row of the equations (one per shown number: the sum of the finest cells under it) lies in their span.


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [row[:] for row in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def disclosed(cells: dict, cube) -> list:
    """The hidden small counts that a reader of every slice can work out."""
    unknown = [key for key in cells if cube.hidden(key)]

    def row(key) -> list[Fraction]:
        return [Fraction(all(p in (TOTAL, u) for p, u in zip(key, cell, strict=True))) for cell in unknown]

    equations = [row(key) for key in cube.values if not cube.hidden(key)]
    equations = [r for r in equations if any(r)] or [[Fraction(0)] * len(unknown)]
    base = _rank(equations)
    return [key for key in cube.primary if any(row(key)) and _rank([*equations, row(key)]) == base]


def test_the_linear_attacker_breaks_a_cube_protected_one_slice_at_a_time():
    # School A: 2 pupils on PO-VO, 5 on VO-MBO. The table filtered on VO-MBO shows A's 5, the unfiltered one A's 7
    # (each table alone is fine): 7 - 5 gives the 2 away. The attacker must see that.
    cells = {("A", "PO-VO", "2026"): (2,), ("A", "VO-MBO", "2026"): (5,), ("B", "VO-MBO", "2026"): (9,)}
    cube = suppress_cube(cells, sensitive=lambda n: is_small(n[0]))
    leaky = Cube(cube.values, cube.primary, frozenset(), cube.size)
    assert ("A", "PO-VO", "2026") in disclosed(cells, leaky)
    assert disclosed(cells, cube) == []


@pytest.mark.parametrize("seed", range(60))
def test_no_filter_combination_gives_a_small_count_away(seed):
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    cells = {}
    for school in "ABC"[: rng.randint(1, 3)]:
        for code in ("PO-VO", "VO-MBO")[: rng.randint(1, 2)]:
            for year in ("2025", "2026")[: rng.randint(1, 2)]:
                if rng.random() < 0.85:
                    cells[(school, code, year)] = (rng.choice([1, 2, 3, 4, 5, 6, 8, 11, 0]),)
    if not cells:
        return
    cube = suppress_cube(cells, sensitive=lambda n: is_small(n[0]))
    assert disclosed(cells, cube) == [], cube
    # Every line (along school, type or year, with its total) has no hidden cell or at least two.
    for key in cube.values:
        for place in range(3):
            line = [k for k in cube.values if k[:place] + k[place + 1 :] == key[:place] + key[place + 1 :]]
            if len(line) > 1:
                assert sum(cube.hidden(k) for k in line) != 1, line


def test_a_rate_hides_its_count_and_base_together_across_filters():
    cells = {("A", "PO-VO", "2026"): (1, 3), ("A", "VO-MBO", "2026"): (6, 8), ("B", "PO-VO", "2026"): (7, 9)}
    cube = suppress_cube(cells, sensitive=lambda n: bool(n[1]) and (is_small(n[0]) or is_small(n[1] - n[0])))
    assert cube.hidden(("A", "PO-VO", "2026"))
    assert disclosed({k: (v[1],) for k, v in cells.items()}, cube) == []


def test_exact_cube_hides_nothing():
    cube = suppress_cube({("A", "PO-VO", "2026"): (2,)}, sensitive=lambda n: is_small(n[0]), exact=True)
    assert not cube.primary and not cube.secondary
    assert cube.at(("A", TOTAL, TOTAL)) == (2,)
