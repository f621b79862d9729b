"""How old a pupil plausibly is at each type of school: the one place for these ranges.

A school that adds a pupil by hand gives a date of birth; a date that makes the pupil far too young or too old for
the school is almost always a typing error (a wrong year), so it is refused with the range in the message. The
ranges are ages in whole years on the day the pupil starts at the school, wide enough for a child who started
early, stayed back a year or two, or came late from abroad:

- pre-school (childcare, VVE): from birth to 4; a child goes to primary school at 4, at the latest at 5;
- primary, special primary (SBO) and special school (SO): 3 to 14; a child may spend visiting days at a school from
  just before 4, and group 8 ends at about 12, sometimes two years later;
- secondary (VO), practical education (PrO) and special secondary (VSO): 10 to 20; the first year starts at about 12
  (a child who skipped a year is 10 or 11), and VSO may last until the school year in which the student turns 20;
- MBO: 14 to 30; most start at 16, some earlier after PrO or VSO, and adults return, but Overstap follows young
  people up to 23 (RMC), so far older is a mistake here;
- higher education (HBO/WO): 15 to 30, for the same reason.
"""

import datetime

from overstap.organisations.models import OrganisationType

PLAUSIBLE_AGES: dict[str, tuple[int, int]] = {
    OrganisationType.VOORSCHOOL: (0, 4),
    OrganisationType.BAO: (3, 14),
    OrganisationType.SBO: (3, 14),
    OrganisationType.SO: (3, 14),
    OrganisationType.VO: (10, 20),
    OrganisationType.PRO: (10, 20),
    OrganisationType.VSO: (10, 20),
    OrganisationType.MBO: (14, 30),
    OrganisationType.HBO: (15, 30),
}


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def plausible_range(school_type: str) -> tuple[int, int] | None:
    """(youngest, oldest) for this type of school, or None where a pupil cannot be enrolled."""
    return PLAUSIBLE_AGES.get(school_type)
