"""Which records are due, per category: what each category holds, who its controller is, when its term starts.

A record's term starts on the day the pupil left its controller, as ``Leaving`` reads it from the enrolments:

- a school or pre-school: the end date of the pupil's last enrolment there; not while an enrolment there is open
  (no end date, or an end date from today on);
- a samenwerkingsverband: the same over every school of its region (the pupil left the region);
- a municipality: the same over the schools in the municipality and, while the pupil lives there, every school;
- any other organisation: the same over every enrolment of the pupil.

Where the pupil never had an enrolment in that scope (or those enrolments are gone already), the term starts at the
record's own last date instead. A record goes on the first day after ``start + years``. See ADR 0022 for the
reasons; ``docs/retention.md`` lists the models per category.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef, Q

from overstap.audit.models import Action, AuditEvent
from overstap.doorstroom.models import Doorstroomdossier
from overstap.dossiers.models import Entry, IntegralPlan, Opp, YouthCare
from overstap.organisations.models import EDUCATION_TYPES, Organisation, OrganisationType
from overstap.pupils.models import Enrolment, Pupil
from overstap.support.models import SupportRequest
from overstap.thuiszitters.models import AbsenceReport, Route
from overstap.transitions.models import TransitionCase

from .terms import Category, Terms, controller_label


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime.datetime) else value


def _latest(*values) -> datetime.date | None:
    days = [_day(v) for v in values if v is not None]
    return max(days) if days else None


class Leaving:
    """When a pupil left an organisation, from the enrolments, for the pupils of one run (read once)."""

    def __init__(self, today: datetime.date, pupil_ids: Iterable[int]):
        self.today = today
        self._enrolments: dict[int, list[tuple[int, datetime.date | None]]] = defaultdict(list)
        self._residence: dict[int, int | None] = {}
        ids = sorted(set(pupil_ids))
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            for pupil_id, organisation_id, end_date in Enrolment._base_manager.filter(pupil_id__in=chunk).values_list(
                "pupil_id", "organisation_id", "end_date"
            ):
                self._enrolments[pupil_id].append((organisation_id, end_date))
            self._residence.update(Pupil._base_manager.filter(pk__in=chunk).values_list("pk", "municipality_id"))
        self._scope: dict[int, frozenset[int] | None] = {}

    def _scope_of(self, controller: Organisation) -> frozenset[int] | None:
        """The schools whose enrolments count for this controller; ``None`` means every school."""
        if controller.pk not in self._scope:
            if controller.type in EDUCATION_TYPES:
                scope = frozenset({controller.pk})
            elif controller.is_swv:
                scope = frozenset(
                    Organisation._base_manager.filter(regions__in=controller.regions.all()).values_list("pk", flat=True)
                )
            elif controller.type == OrganisationType.GEMEENTE:
                scope = frozenset(
                    Organisation._base_manager.filter(municipality=controller).values_list("pk", flat=True)
                )
            else:
                scope = None
            self._scope[controller.pk] = scope
        return self._scope[controller.pk]

    def left_on(self, pupil_id: int, controller: Organisation | None) -> tuple[bool, datetime.date | None]:
        """``(False, None)`` while the pupil is still there; ``(True, day)`` once left on that day; ``(True, None)``
        when no enrolment in scope is known (the caller falls back on the record's own date)."""
        scope = self._scope_of(controller) if controller is not None else None
        if (
            controller is not None
            and controller.type == OrganisationType.GEMEENTE
            and self._residence.get(pupil_id) == controller.pk
        ):
            scope = None  # a resident: every school counts
        ends = [end for org, end in self._enrolments.get(pupil_id, []) if scope is None or org in scope]
        if not ends:
            return True, None
        if any(end is None or end >= self.today for end in ends):
            return False, None
        return True, max(ends)


@dataclass(frozen=True)
class Due:
    """One record whose term is over."""

    category: Category
    obj: models.Model
    controller: Organisation | None
    start: datetime.date
    years: int
    expires_on: datetime.date
    # Rows that protect this one from deletion and go first (a decision before its request).
    first: tuple[models.Model, ...] = ()

    @property
    def label(self) -> str:
        return self.obj._meta.label

    @property
    def pupil_id(self) -> int | None:
        return self.obj.pk if isinstance(self.obj, Pupil) else getattr(self.obj, "pupil_id", None)

    @property
    def controller_label(self) -> str:
        return controller_label(self.controller)


@dataclass
class Spec:
    """How one model takes part in one category."""

    category: Category
    model: type[models.Model]
    queryset: Callable[[], models.QuerySet]
    controller: Callable[[models.Model], Organisation | None]
    start: Callable[[models.Model, Leaving], datetime.date | None]
    for_organisations: Callable[[models.QuerySet, list[Organisation]], models.QuerySet]
    # Rows that PROTECT this one and go with it, deleted first (a decision before its request).
    first: Callable[[models.Model], list[models.Model]] = field(default=lambda obj: [])


def _left_or_own(obj, controller, leaving: Leaving, *own) -> datetime.date | None:
    left, day = leaving.left_on(obj.pupil_id, controller)
    if not left:
        return None
    return day if day is not None else _latest(*own)


def _not_enrolled_there_now(queryset: models.QuerySet, field_name: str, today: datetime.date) -> models.QuerySet:
    """Leaves out at once the rows of pupils still enrolled at the controller itself (most rows, most days)."""
    open_there = Enrolment._base_manager.filter(pupil=OuterRef("pupil"), organisation=OuterRef(field_name)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    return queryset.exclude(Exists(open_there))


def _by_field(field_name: str):
    return lambda queryset, organisations: queryset.filter(**{f"{field_name}__in": organisations})


def specs(today: datetime.date) -> list[Spec]:
    def entry_start(entry, leaving):
        return _left_or_own(entry, entry.organisation, leaving, entry.recorded_on, entry.closed_at)

    def case_start(case, leaving):
        days = []
        for organisation in (case.from_organisation, case.to_organisation):
            if organisation is None:
                continue
            left, day = leaving.left_on(case.pupil_id, organisation)
            if not left:
                return None
            days.append(day)
        return _latest(*days) or _latest(case.planned_on, case.created_at)

    def request_start(request, leaving):
        left = _left_or_own(request, request.swv, leaving, request.requested_at)
        if left is None:
            return None
        decision = getattr(request, "decision", None)
        return _latest(left, decision.end_date if decision else None)

    def absence_start(report, leaving):
        left, day = leaving.left_on(report.pupil_id, report.school)
        if not left:
            return None
        if report.to_date is None and day is None:
            return None  # still absent and no end of enrolment known: not over
        return _latest(report.to_date, day, report.from_date)

    entries = lambda: Entry._base_manager.filter(organisation__isnull=False).select_related("organisation")  # noqa: E731
    return [
        Spec(
            Category.SCHOOL_DOSSIER,
            Entry,
            lambda: _not_enrolled_there_now(entries(), "organisation", today).exclude(
                organisation__type__in=[OrganisationType.SWV_PO, OrganisationType.SWV_VO]
            ),
            lambda entry: entry.organisation,
            entry_start,
            _by_field("organisation"),
        ),
        Spec(
            Category.SCHOOL_DOSSIER,
            Opp,
            lambda: _not_enrolled_there_now(Opp._base_manager.select_related("organisation"), "organisation", today),
            lambda opp: opp.organisation,
            lambda opp, leaving: _left_or_own(opp, opp.organisation, leaving, opp.established_on, opp.closed_on),
            _by_field("organisation"),
        ),
        Spec(
            Category.SCHOOL_DOSSIER,
            IntegralPlan,
            lambda: _not_enrolled_there_now(
                IntegralPlan._base_manager.select_related("organisation"), "organisation", today
            ),
            lambda plan: plan.organisation,
            lambda plan, leaving: _left_or_own(
                plan, plan.organisation, leaving, plan.established_on, plan.evaluation_on
            ),
            _by_field("organisation"),
        ),
        Spec(
            Category.SCHOOL_DOSSIER,
            Doorstroomdossier,
            lambda: _not_enrolled_there_now(Doorstroomdossier._base_manager.select_related("school"), "school", today),
            lambda dossier: dossier.school,
            lambda dossier, leaving: _left_or_own(dossier, dossier.school, leaving, dossier.updated_at),
            _by_field("school"),
        ),
        Spec(
            Category.SCHOOL_DOSSIER,
            TransitionCase,
            lambda: _not_enrolled_there_now(
                TransitionCase._base_manager.select_related("from_organisation", "to_organisation"),
                "from_organisation",
                today,
            ),
            lambda case: case.from_organisation,
            case_start,
            _by_field("from_organisation"),
        ),
        Spec(
            Category.REFERRAL,
            SupportRequest,
            lambda: SupportRequest._base_manager.select_related("swv", "decision").prefetch_related("swv__regions"),
            lambda request: request.swv,
            request_start,
            _by_field("swv"),
            first=lambda request: [request.decision] if getattr(request, "decision", None) else [],
        ),
        Spec(
            Category.REFERRAL,
            Entry,
            lambda: (
                entries()
                .filter(organisation__type__in=[OrganisationType.SWV_PO, OrganisationType.SWV_VO])
                .prefetch_related("organisation__regions")
            ),
            lambda entry: entry.organisation,
            entry_start,
            _by_field("organisation"),
        ),
        Spec(
            Category.ATTENDANCE,
            Enrolment,
            lambda: Enrolment._base_manager.filter(end_date__lt=today).select_related("organisation"),
            lambda enrolment: enrolment.organisation,
            lambda enrolment, leaving: enrolment.end_date,
            _by_field("organisation"),
        ),
        Spec(
            Category.ATTENDANCE,
            AbsenceReport,
            lambda: _not_enrolled_there_now(AbsenceReport._base_manager.select_related("school"), "school", today),
            lambda report: report.school,
            absence_start,
            _by_field("school"),
        ),
        Spec(
            Category.ATTENDANCE,
            Route,
            lambda: Route._base_manager.filter(closed_on__isnull=False).select_related(
                "acting_organisation", "pupil__municipality"
            ),
            lambda route: route.acting_organisation or route.pupil.municipality,
            lambda route, leaving: route.closed_on,
            lambda queryset, organisations: queryset.filter(
                Q(acting_organisation__in=organisations)
                | Q(acting_organisation__isnull=True, pupil__municipality__in=organisations)
            ),
        ),
        Spec(
            Category.YOUTH_CARE,
            YouthCare,
            lambda: YouthCare._base_manager.filter(end_on__isnull=False).select_related("municipality", "organisation"),
            lambda care: care.municipality or care.organisation,
            lambda care, leaving: care.end_on,
            lambda queryset, organisations: queryset.filter(
                Q(municipality__in=organisations) | Q(municipality__isnull=True, organisation__in=organisations)
            ),
        ),
    ]


# What keeps a pupil's own record (name, date of birth, family links, guardians, consents): any of these rows.
# Dossier entries the family wrote itself (no organisation) do not: they go with the pupil.
HOLDS_PUPIL = [
    (Enrolment, Q()),
    (Entry, Q(organisation__isnull=False)),
    (Opp, Q()),
    (IntegralPlan, Q()),
    (YouthCare, Q()),
    (SupportRequest, Q()),
    (TransitionCase, Q()),
    (Doorstroomdossier, Q()),
    (AbsenceReport, Q()),
    (Route, Q()),
]


def pupils_due(today: datetime.date, terms: Terms, organisations: list[Organisation] | None, pks=None) -> list[Due]:
    """A pupil's own record goes once every record above has gone: at once when they went by their terms (the
    trail has their ``erase`` events), else when the attendance term has passed since the pupil was added (a pupil
    added and never enrolled). Its controller is the municipality of residence (leerplicht keeps the register)."""
    queryset = Pupil._base_manager.select_related("municipality")
    for model, condition in HOLDS_PUPIL:
        queryset = queryset.exclude(Exists(model._base_manager.filter(condition, pupil=OuterRef("pk"))))
    if organisations is not None:
        queryset = queryset.filter(municipality__in=organisations)
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    erased_before = AuditEvent.objects.filter(action=Action.ERASE, pupil_id=OuterRef("pk"))
    queryset = queryset.annotate(had_erasures=Exists(erased_before))
    found = []
    for pupil in queryset.order_by("pk").iterator(chunk_size=1000):
        years = terms.years(Category.ATTENDANCE, pupil.municipality)
        start = _day(pupil.created_at)
        expires = terms.expires_on(start, years)
        # A pupil whose records went by their terms goes now; one who never had any, the term after being added.
        if pupil.had_erasures or expires < today:
            found.append(Due(Category.ATTENDANCE, pupil, pupil.municipality, start, years, expires))
    return found


def due(
    today: datetime.date,
    terms: Terms,
    *,
    categories: Iterable[Category] | None = None,
    organisations: list[Organisation] | None = None,
    pks: dict[str, set] | None = None,
) -> list[Due]:
    """Every record past its term on ``today`` in these categories (all by default), optionally only of these
    controllers, optionally only these primary keys per model label (to check a batch again before deleting it).
    The pupils' own records are not in here: see ``pupils_due``."""
    wanted = set(categories) if categories is not None else set(Category)
    found: list[Due] = []
    for spec in specs(today):
        if spec.category not in wanted:
            continue
        queryset = spec.queryset()
        if organisations is not None:
            queryset = spec.for_organisations(queryset, organisations)
        if pks is not None:
            chosen = pks.get(spec.model._meta.label)
            if not chosen:
                continue
            queryset = queryset.filter(pk__in=chosen)
        rows = list(queryset.order_by("pk"))
        if not rows:
            continue
        leaving = Leaving(today, (row.pupil_id for row in rows))
        for row in rows:
            start = spec.start(row, leaving)
            if start is None:
                continue
            controller = spec.controller(row)
            years = terms.years(spec.category, controller)
            expires = terms.expires_on(start, years)
            if expires < today:
                found.append(Due(spec.category, row, controller, start, years, expires, tuple(spec.first(row))))
    return found
