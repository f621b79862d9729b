"""A callable for the after-restore hook in tests: what it sees is the database it was run against."""


def count_pupils() -> int:
    from overstap.pupils.models import Pupil

    return Pupil._base_manager.count()


def fail() -> int:
    raise RuntimeError("the journal could not be read")
