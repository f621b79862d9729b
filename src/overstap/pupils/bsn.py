"""The eleven-test (elfproef) on the number that identifies a pupil in education.

That number is the BSN, or, for a pupil without one, the education number (onderwijsnummer) that DUO hands out.
Both have nine digits; each digit is weighted 9, 8, …, 2 and the last one -1. For a BSN the weighted sum is a
multiple of eleven; for an education number it leaves five (and the number starts with 10). A number that passes
neither is a typing error.
"""

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _weighted(number: str) -> int:
    return sum(int(digit) * weight for digit, weight in zip(number, WEIGHTS, strict=True))


def is_bsn(number: str) -> bool:
    return len(number) == 9 and number.isdigit() and number != "000000000" and _weighted(number) % 11 == 0


def is_onderwijsnummer(number: str) -> bool:
    return len(number) == 9 and number.isdigit() and number.startswith("10") and _weighted(number) % 11 == 5


def passes_eleven_test(number: str) -> bool:
    return is_bsn(number) or is_onderwijsnummer(number)
