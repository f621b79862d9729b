"""Calendar arithmetic shared by the apps that count in whole years (retention terms, the audit trail's term)."""

import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same date ``years`` later (or earlier, when negative); 29 February becomes 28 February in a year
    without it, so a term never ends later than the calendar allows."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
