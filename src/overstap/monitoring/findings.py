"""What each kind of signal is about, declared in one place.

A finding function takes the day and, optionally, one pupil, and returns what holds on that day: one ``Finding`` per
cause. The engine compares the findings with the signals that exist and raises or closes signals; a function never
writes. ``cause`` is read by everyone who sees the signal, leerplicht and RMC included: it says what is missing,
never why (no support or health content).

Dates come from the region's protocol where it sets them and else from settings (``dates.py``).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.accounts.roles import Role
from overstap.doorstroom.deadlines import deadline, open_steps
from overstap.doorstroom.deadlines import school_year_of as doorstroom_school_year
from overstap.doorstroom.models import Doorstroomdossier
from overstap.doorstroom.models import Status as DoorstroomStatus
from overstap.dossiers.models import ADULT_CARE, CareTransition, CorrectionRequest, CorrectionStatus, YouthCare
from overstap.organisations.models import PO_TYPES, VO_TYPES, OrganisationType
from overstap.pupils.models import Enrolment, Pupil
from overstap.support.models import TLV_KINDS, SwvDecision
from overstap.support.selectors import tlvs_ending
from overstap.transitions.models import Feedback, Moment, Status, TransitionCase

from . import dates
from .models import SignalKind

S = Status
REGISTERED_OR_LATER = (
    S.AANGEMELD,
    S.INZAGE_OUDERS,
    S.VERZONDEN,
    S.ONTVANGEN,
    S.GEOPEND,
    S.WARME_OVERDRACHT,
    S.GEPLAATST,
    S.GESTART,
    S.NAZORG,
    S.AFGEROND,
)
REGISTERED_NOT_STARTED = (
    S.AANGEMELD,
    S.INZAGE_OUDERS,
    S.VERZONDEN,
    S.ONTVANGEN,
    S.GEOPEND,
    S.WARME_OVERDRACHT,
    S.GEPLAATST,
)
BEFORE_PLACEMENT = (S.VOORBEREIDING, *REGISTERED_NOT_STARTED[:-1])
ACTIVE = (S.VOORBEREIDING, *REGISTERED_NOT_STARTED)
SCHOOL_OWNER = Role.IB  # at a school any dossier owner acts on the signal (rules.py)


@dataclass(frozen=True)
class Finding:
    kind: str
    cause_key: str
    pupil: Pupil
    owner: object  # organisations.Organisation
    owner_role: str
    cause: str
    due_on: datetime.date | None = None
    case: TransitionCase | None = None


@dataclass(frozen=True)
class Kind:
    kind: str
    functions: list[Callable] = field(default_factory=list)
    # Run when a signal of this kind is raised (in its transaction), e.g. to notify who should hear of it.
    on_raise: Callable | None = None
    # Raise again after someone closed it by hand while the cause still holds (the unopened handover, as before).
    reraise: bool = False
    # Re-synced when a case of the pupil changes.
    case_bound: bool = True
    # Raised by the daily run only; a change of a case only closes it (the handover just sent is not "unopened").
    daily_only: bool = False
    # Where the signal is acted on, when that is not the case or the pupil page: a function of the signal that
    # returns a URL. Lets an app above this one (the Overstaptafel) send its signals to its own page.
    link: Callable | None = None
    # Why a signal of this kind closed by itself, when a plainer reason than "the cause is gone" can be given: a
    # function of the signal that returns the note.
    close_note: Callable | None = None
    # The kinds this kind takes over for the same pupil: while it holds for a pupil, their findings of that pupil
    # raise nothing and their open signals close, naming this kind (one pupil, one piece of work).
    supersedes: tuple[str, ...] = ()


REGISTRY: dict[str, Kind] = {}


def finding(
    kind: str,
    *,
    on_raise=None,
    reraise: bool = False,
    case_bound: bool = True,
    daily_only: bool = False,
    link=None,
    close_note=None,
    supersedes: tuple[str, ...] = (),
):
    """Declares a function of ``(today, pupil=None)`` that returns the current findings of this kind. A kind may
    have several functions (each with its own ``cause_key`` prefix); they declare the same behaviour. An app above
    monitoring registers its own kind from its ``ready()``, so that monitoring never imports it."""

    declared = Kind(
        kind,
        on_raise=on_raise,
        reraise=reraise,
        case_bound=case_bound,
        daily_only=daily_only,
        link=link,
        close_note=close_note,
        supersedes=tuple(supersedes),
    )

    def register(function):
        entry = REGISTRY.setdefault(kind, declared)
        if function in entry.functions:  # the same module declared twice (a reload in a test): nothing new
            return function
        behaviour = (entry.on_raise, entry.reraise, entry.case_bound, entry.daily_only, entry.link, entry.close_note)
        if (*behaviour, entry.supersedes) != (
            on_raise,
            reraise,
            case_bound,
            daily_only,
            link,
            close_note,
            declared.supersedes,
        ):
            raise ValueError(f"The findings of {kind!r} disagree about how the kind behaves")
        entry.functions.append(function)
        return function

    return register


def findings_of(kind: str, today: datetime.date, pupil=None) -> list[Finding]:
    return [f for function in REGISTRY[kind].functions for f in function(today, pupil)]


def superseded(kind: str, today: datetime.date, pupil=None) -> dict[int, str]:
    """The pupils for whom another kind takes this one over today: {pupil id: that kind}."""
    found: dict[int, str] = {}
    for other, entry in REGISTRY.items():
        if kind in entry.supersedes:
            for f in findings_of(other, today, pupil):
                found.setdefault(f.pupil.pk, other)
    return found


def _cases(pupil, **filters):
    cases = TransitionCase.objects.filter(**filters).select_related(
        "pupil__municipality", "from_organisation", "to_organisation"
    )
    return cases.filter(pupil=pupil) if pupil is not None else cases


def _leerplicht(pupil: Pupil, fallback, today: datetime.date | None = None):
    """The municipality owns attendance signals: its compulsory-education officer for a pupil under 18, its RMC
    officer from 18 (as the rules let them see: ``pupils.scopes.attendance_pupils``); without a municipality on
    record, or once a pupil of 16 or older has a startkwalificatie (no duty left for the municipality), the school
    does."""
    today = today or timezone.localdate()
    qualified = pupil.startkwalificatie_on is not None and _birthday(pupil.birth_date, 16) <= today
    if pupil.municipality_id is None or qualified:
        return fallback, SCHOOL_OWNER
    adult = _birthday(pupil.birth_date, 18) <= today
    return pupil.municipality, Role.RMC if adult else Role.LEERPLICHT


def _attendance_cases(kind, status, cause: str, days: int, today, pupil) -> Iterable[Finding]:
    """One finding per case in this status, for the municipality (leerplicht or RMC), due in ``days``."""
    for case in _cases(pupil, status=status):
        owner, role = _leerplicht(case.pupil, case.from_organisation, today)
        yield Finding(
            kind, f"case:{case.pk}", case.pupil, owner, role, cause, today + datetime.timedelta(days=days), case
        )


def _birthday(birth: datetime.date, years: int) -> datetime.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return birth.replace(year=birth.year + years, day=28)


# --- No place -------------------------------------------------------------------------------------------------


@finding(SignalKind.GEEN_PLEK)
def case_without_place(today, pupil=None) -> Iterable[Finding]:
    """A move whose case says "no place"."""
    return _attendance_cases(
        SignalKind.GEEN_PLEK, S.GEEN_PLEK, _("The move has no school: the pupil has no place."), 7, today, pupil
    )


@finding(SignalKind.GEEN_PLEK)
def enrolment_ended(today, pupil=None) -> Iterable[Finding]:
    """A pupil of compulsory school age (5 up to 18) whose last enrolment ended, with no enrolment after it."""
    ended = Enrolment.objects.filter(end_date__lt=today).exclude(organisation__type=OrganisationType.VOORSCHOOL)
    later = Enrolment.objects.filter(pupil=OuterRef("pupil")).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    ended = (
        ended.annotate(has_place=Exists(later))
        .filter(
            has_place=False,
            pupil__birth_date__gt=_minus_years(today, 18),
            pupil__birth_date__lte=_minus_years(today, 5),
        )
        .select_related("pupil__municipality", "organisation")
        .order_by("pupil_id", "-end_date", "-pk")
    )
    if pupil is not None:
        ended = ended.filter(pupil=pupil)
    seen = set()
    for enrolment in ended:
        if enrolment.pupil_id in seen:
            continue
        seen.add(enrolment.pupil_id)
        owner, role = _leerplicht(enrolment.pupil, enrolment.organisation, today)
        yield Finding(
            SignalKind.GEEN_PLEK,
            f"enrolment:{enrolment.pk}",
            enrolment.pupil,
            owner,
            role,
            _("Not enrolled at any school since %(day)s.") % {"day": enrolment.end_date.strftime("%d-%m-%Y")},
            today + datetime.timedelta(days=7),
        )


def _minus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _current_at(types, today, pupil):
    enrolments = (
        Enrolment.objects.filter(organisation__type__in=types, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("pupil__municipality", "organisation")
    )
    return enrolments.filter(pupil=pupil) if pupil is not None else enrolments


# The group or class as schools write it in the enrolment: "8", "groep 8", "8b"; the exam classes of VO: "4 vmbo",
# "4T", "4kb", "5 havo", "5H", "6 vwo", "6V", "6 gym". Matched case-insensitively.
GROUP_EIGHT = r"^ *(groep *)?8 *[a-z]? *$"
EXAM_CLASS = r"^ *(4 *(vmbo|[bkgt]|bb|kb|gl|tl)|5 *(havo|h)|6 *(vwo|v|a|g|gym|atheneum|gymnasium))[a-z0-9 -]*$"


def _in_year(group_pattern: str, october: datetime.date, youngest: int, oldest: int) -> Q:
    """In this year of school: by the group or class the school recorded, or, where it recorded none, by age on
    1 October of the school year (older than ``youngest``, not older than ``oldest``)."""
    by_age = Q(group="") & Q(
        pupil__birth_date__gt=_minus_years(october, oldest + 1), pupil__birth_date__lte=_minus_years(october, youngest)
    )
    return Q(group__iregex=group_pattern) | by_age


@finding(SignalKind.GEEN_PLEK)
def last_po_year_without_registration(today, pupil=None) -> Iterable[Finding]:
    """A pupil in the last year of primary school without a registration at a VO school by the region's date.

    "Group 8" is the group the school recorded on the enrolment at a PO school (BAO, SBO, SO); where it recorded
    none, a pupil aged 11 or 12 on 1 October of the school year."""
    year = dates.school_year_of(today)
    october = datetime.date(year, 10, 1)
    registered = TransitionCase.objects.filter(
        pupil=OuterRef("pupil"), to_organisation__type__in=VO_TYPES, status__in=REGISTERED_OR_LATER
    )
    enrolments = (
        _current_at(PO_TYPES, today, pupil)
        .filter(_in_year(GROUP_EIGHT, october, 11, 12))
        .annotate(registered=Exists(registered))
        .filter(registered=False)
    )
    deadline_of = dates.registration_dates("PO-VO", year)  # for all schools at once, not a query per pupil
    for enrolment in enrolments:
        deadline = deadline_of(enrolment.organisation)
        if today <= deadline:
            continue
        owner, role = enrolment.organisation, SCHOOL_OWNER
        yield Finding(
            SignalKind.GEEN_PLEK,
            f"po8:{enrolment.pupil_id}:{year}",
            enrolment.pupil,
            owner,
            role,
            _("Last year of primary school: not registered at a secondary school by %(day)s.")
            % {"day": deadline.strftime("%d-%m-%Y")},
            today + datetime.timedelta(days=14),
        )


@finding(SignalKind.GEEN_PLEK)
def exam_year_without_registration(today, pupil=None) -> Iterable[Finding]:
    """A pupil in the exam year of VO (or at PrO/VSO aged 16 or more) without a registration at an MBO by 1 April.

    The exam year is the class the school recorded on the enrolment (4 vmbo, 5 havo, 6 vwo); where it recorded
    none, a pupil aged 16 or 17 on 1 October of the school year, at a VO, PrO or VSO school."""
    year = dates.school_year_of(today)
    october = datetime.date(year, 10, 1)
    registered = TransitionCase.objects.filter(pupil=OuterRef("pupil"), status__in=REGISTERED_OR_LATER).filter(
        Q(code="VO-MBO") | Q(to_organisation__type=OrganisationType.MBO)
    )
    enrolments = (
        _current_at(VO_TYPES, today, pupil)
        .filter(_in_year(EXAM_CLASS, october, 16, 17))
        .annotate(registered=Exists(registered))
        .filter(registered=False)
    )
    deadline_of = dates.registration_dates("VO-MBO", year)
    for enrolment in enrolments:
        deadline = deadline_of(enrolment.organisation)
        if today <= deadline:
            continue
        yield Finding(
            SignalKind.GEEN_PLEK,
            f"exam:{enrolment.pupil_id}:{year}",
            enrolment.pupil,
            enrolment.organisation,
            SCHOOL_OWNER,
            _("Exam year: not registered at an MBO by %(day)s.") % {"day": deadline.strftime("%d-%m-%Y")},
            today + datetime.timedelta(days=14),
        )


# --- No-show, not placed, at home ------------------------------------------------------------------------------


@finding(SignalKind.NO_SHOW)
def registered_not_started(today, pupil=None) -> Iterable[Finding]:
    """Registered at the new school but not started two weeks after the start (the case's date, or the start of the
    school year)."""
    for case in _cases(pupil, status__in=REGISTERED_NOT_STARTED, to_organisation__isnull=False):
        start = case.planned_on or dates.school_year_start(int(case.school_year[:4]))
        limit = start + datetime.timedelta(days=settings.OVERSTAP_NO_SHOW_CHECK_DAYS)
        if today <= limit:
            continue
        yield Finding(
            SignalKind.NO_SHOW,
            f"case:{case.pk}",
            case.pupil,
            case.to_organisation,
            SCHOOL_OWNER,
            _("Registered at the new school, not started %(days)s days after %(day)s.")
            % {"days": settings.OVERSTAP_NO_SHOW_CHECK_DAYS, "day": start.strftime("%d-%m-%Y")},
            today + datetime.timedelta(days=7),
            case,
        )


@finding(SignalKind.NIET_GEPLAATST)
def not_placed_on_october(today, pupil=None) -> Iterable[Finding]:
    """A move at the start of this school year (planned on or before 1 October, or without a date) that is not
    placed (or further) on 1 October. A move planned later in the year is not counted."""
    year = dates.school_year_of(today)
    october = datetime.date(year, 10, 1)
    if today < october:
        return
    cases = _cases(pupil, status__in=BEFORE_PLACEMENT, school_year=f"{year}-{year + 1}").filter(
        Q(planned_on__isnull=True) | Q(planned_on__lte=october)
    )
    for case in cases:
        owner, role = _leerplicht(case.pupil, case.from_organisation, today)
        yield Finding(
            SignalKind.NIET_GEPLAATST,
            f"case:{case.pk}",
            case.pupil,
            owner,
            role,
            _("Not placed at the new school on 1 October."),
            today + datetime.timedelta(days=7),
            case,
        )


# At home without education (THUISZITTER) follows the thuiszitters register's definition: that app declares its
# finding (``overstap.thuiszitters.findings``), so the signal list and the register count the same pupils. A case
# set to "thuiszitter" reaches it as an absence report the register keeps.


# --- TLV ----------------------------------------------------------------------------------------------------


@finding(SignalKind.TLV_OVERSTAP)
def tlv_ends_around_move(today, pupil=None) -> Iterable[Finding]:
    """A granted TLV that ends before the planned move, or within three months after it, while the move is ahead."""
    after = datetime.timedelta(days=settings.OVERSTAP_SIGNAL_TLV_AFTER_MOVE_DAYS)
    cases = _cases(pupil, status__in=ACTIVE, planned_on__gte=today)
    # One query for the decisions of all the cases' pupils, not one per case.
    decisions = SwvDecision.objects.filter(
        request__pupil__in=cases.values("pupil_id"),
        granted=True,
        request__kind__in=[k.value for k in TLV_KINDS],
        end_date__gte=today,
    ).select_related("request__swv")
    by_pupil = {}
    for decision in decisions.order_by("pk"):
        by_pupil.setdefault(decision.request.pupil_id, []).append(decision)
    if not by_pupil:
        return
    for case in cases:
        for decision in by_pupil.get(case.pupil_id, ()):
            if decision.end_date <= case.planned_on + after:
                yield Finding(
                    SignalKind.TLV_OVERSTAP,
                    f"case:{case.pk}:decision:{decision.pk}",
                    case.pupil,
                    decision.request.swv,
                    Role.SWV_CONSULENT,
                    _("The TLV ends on %(end)s, close to the move on %(move)s.")
                    % {"end": decision.end_date.strftime("%d-%m-%Y"), "move": case.planned_on.strftime("%d-%m-%Y")},
                    min(decision.end_date, case.planned_on),
                    case,
                )


@finding(SignalKind.TLV_EINDIGT, case_bound=False)
def tlv_ends_soon(today, pupil=None) -> Iterable[Finding]:
    """A granted TLV that ends within four months (``support.selectors.tlvs_ending``)."""
    decisions = tlvs_ending(settings.OVERSTAP_SIGNAL_TLV_ENDING_DAYS, today=today).select_related("request__swv")
    if pupil is not None:
        decisions = decisions.filter(request__pupil=pupil)
    for decision in decisions:
        yield Finding(
            SignalKind.TLV_EINDIGT,
            f"decision:{decision.pk}",
            decision.request.pupil,
            decision.request.swv,
            Role.SWV_CONSULENT,
            _("The TLV ends on %(end)s.") % {"end": decision.end_date.strftime("%d-%m-%Y")},
            decision.end_date - datetime.timedelta(days=30),
        )


# --- Youth care -----------------------------------------------------------------------------------------------


@finding(SignalKind.JEUGDHULP_OVERSTAP)
def care_at_move_without_decision(today, pupil=None) -> Iterable[Finding]:
    """Youth care that runs at the planned move, with no decision recorded for that move (continue, hand over or
    stop). Owned by the school that recorded the care; only visible with the family's consent (rules.py)."""
    cases = _cases(pupil, status__in=ACTIVE, planned_on__gte=today)
    # One query for the care of all the cases' pupils and one for its decisions, not one per case. The move is
    # ahead (planned on or after today), so care that ended more than 31 days before today cannot run at it.
    window = datetime.timedelta(days=31)
    care = (
        YouthCare.objects.filter(pupil__in=cases.values("pupil_id"))
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today - window))
        .select_related("organisation")
        .order_by("pk")
    )
    by_pupil = {}
    for involvement in care:
        by_pupil.setdefault(involvement.pupil_id, []).append(involvement)
    if not by_pupil:
        return
    decided = set(CareTransition.objects.filter(care__in=care.values("pk")).values_list("care_id", "moment"))
    for case in cases:
        running = [
            involvement
            for involvement in by_pupil.get(case.pupil_id, ())
            if involvement.start_on <= case.planned_on
            and (involvement.end_on is None or involvement.end_on >= case.planned_on - window)
            and (involvement.pk, case.code) not in decided
        ]
        for involvement in running:
            yield Finding(
                SignalKind.JEUGDHULP_OVERSTAP,
                f"care:{involvement.pk}:case:{case.pk}",
                case.pupil,
                involvement.organisation,
                SCHOOL_OWNER,
                _("No decision yet on the help at the move on %(move)s.")
                % {"move": case.planned_on.strftime("%d-%m-%Y")},
                case.planned_on,
                case,
            )


@finding(SignalKind.JEUGDHULP_18, case_bound=False)
def care_at_eighteen_without_decision(today, pupil=None) -> Iterable[Finding]:
    """Youth care of a pupil who turns 18 within six months, with no decision about care after 18 (``ADULT_CARE``)."""
    months = settings.OVERSTAP_SIGNAL_ADULT_CARE_MONTHS
    care = (
        YouthCare.objects.filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .filter(
            pupil__birth_date__gt=_minus_years(today, 18),
            pupil__birth_date__lte=_minus_years(dates.add_months(today, months), 18),
        )
        .exclude(Exists(CareTransition.objects.filter(care=OuterRef("pk"), moment=ADULT_CARE)))
        .select_related("organisation", "pupil")
    )
    if pupil is not None:
        care = care.filter(pupil=pupil)
    for involvement in care:
        birthday = _birthday(involvement.pupil.birth_date, 18)
        yield Finding(
            SignalKind.JEUGDHULP_18,
            f"care:{involvement.pk}",
            involvement.pupil,
            involvement.organisation,
            SCHOOL_OWNER,
            _("Turns 18 on %(day)s: no decision yet on the help after 18.") % {"day": birthday.strftime("%d-%m-%Y")},
            birthday,
        )


# --- The handover not opened --------------------------------------------------------------------------------------


def _announce_unopened(signal) -> None:
    """As before: the receiving school, the sending school and the receiving school's SWV hear of it."""
    from overstap.support.selectors import swv_for
    from overstap.transitions.models import NotificationKind
    from overstap.transitions.notifications import notify

    case = signal.case
    notify(case.to_organisation, case, NotificationKind.NOT_OPENED)
    notify(case.from_organisation, case, NotificationKind.NOT_OPENED)
    swv = swv_for(case.to_organisation)
    if swv is not None:
        notify(swv, case, NotificationKind.NOT_OPENED, roles=(Role.SWV_CONSULENT,))


@finding(SignalKind.NIET_GEOPEND, on_raise=_announce_unopened, reraise=True, daily_only=True)
def handover_not_opened(today, pupil=None, days=None) -> Iterable[Finding]:
    """A sent handover nobody at the receiving school opened, when the start date is
    ``OVERSTAP_HANDOVER_ESCALATION_DAYS`` or fewer days away (or passed)."""
    days = settings.OVERSTAP_HANDOVER_ESCALATION_DAYS if days is None else days
    limit = today + datetime.timedelta(days=days)
    for case in _cases(pupil, status__in=[S.VERZONDEN, S.ONTVANGEN], planned_on__isnull=False, planned_on__lte=limit):
        yield Finding(
            SignalKind.NIET_GEOPEND,
            f"case:{case.pk}",
            case.pupil,
            case.to_organisation,
            SCHOOL_OWNER,
            _("The handover has not been opened; the pupil starts on %(day)s.")
            % {"day": case.planned_on.strftime("%d-%m-%Y")},
            case.planned_on,
            case,
        )


# --- After the move -------------------------------------------------------------------------------------------


@finding(SignalKind.NAZORG)
def follow_up_due(today, pupil=None) -> Iterable[Finding]:
    """Follow-up contacts after a pupil left PrO or VSO (a case from PrO/VSO in follow-up or completed): by default
    3, 6 and 12 months after the start date; each is raised two weeks before it is due."""
    cases = _cases(
        pupil,
        status__in=[S.NAZORG, S.AFGEROND],
        from_organisation__type__in=[OrganisationType.PRO, OrganisationType.VSO],
        planned_on__isnull=False,
    )
    for case in cases:
        for months in settings.OVERSTAP_SIGNAL_NAZORG_MONTHS:
            due = dates.add_months(case.planned_on, months)
            if due - datetime.timedelta(days=14) <= today <= dates.add_months(due, 3):
                yield Finding(
                    SignalKind.NAZORG,
                    f"case:{case.pk}:m{months}",
                    case.pupil,
                    case.from_organisation,
                    SCHOOL_OWNER,
                    _("Follow-up contact %(months)s months after the start is due.") % {"months": months},
                    due,
                    case,
                )


@finding(SignalKind.TERUGKOPPELING)
def feedback_due(today, pupil=None) -> Iterable[Finding]:
    """The receiving school gave no feedback after the first weeks (8 weeks after the start) or after a year."""
    moments = (
        (Moment.FIRST_WEEKS, datetime.timedelta(weeks=settings.OVERSTAP_SIGNAL_FEEDBACK_WEEKS)),
        (Moment.ONE_YEAR, datetime.timedelta(days=365)),
    )
    cases = _cases(
        pupil, status__in=[S.GESTART, S.NAZORG, S.AFGEROND], planned_on__isnull=False, to_organisation__isnull=False
    )
    given = {(f.case_id, f.moment) for f in Feedback.objects.filter(case__in=cases).only("case_id", "moment")}
    for case in cases:
        for moment, after in moments:
            due = case.planned_on + after
            if today >= due and (case.pk, moment) not in given:
                yield Finding(
                    SignalKind.TERUGKOPPELING,
                    f"case:{case.pk}:{moment}",
                    case.pupil,
                    case.to_organisation,
                    SCHOOL_OWNER,
                    _("Feedback to the sending school is due: %(moment)s.") % {"moment": Moment(moment).label.lower()},
                    due + datetime.timedelta(days=14),
                    case,
                )


# --- A family's correction request not answered in time ---------------------------------------------------------


def _correction_id(signal) -> int | None:
    prefix, _sep, pk = signal.cause_key.partition(":")
    return int(pk) if prefix == "correction" and pk.isdigit() else None


def _correction_link(signal) -> str:
    return reverse("dossiers:correction", kwargs={"pk": _correction_id(signal)})


def _correction_closed(signal) -> str:
    answered = (
        CorrectionRequest.objects.filter(pk=_correction_id(signal), answered_at__isnull=False)
        .values_list("answered_at", flat=True)
        .first()
    )
    if answered is not None:
        return _("Closed by itself: the school answered the request on %(day)s.") % {
            "day": timezone.localtime(answered).strftime("%d-%m-%Y")
        }
    return _("Closed by itself: the pupil is no longer at this school, which can no longer answer.")


@finding(SignalKind.CORRECTIE_TERMIJN, case_bound=False, link=_correction_link, close_note=_correction_closed)
def correction_not_answered(today, pupil=None) -> Iterable[Finding]:
    """A family asked to correct or add to a dossier entry (AVG art. 16) and the school that wrote it has not
    answered within four weeks, while the pupil is still at that school. The cause names dates only, never what
    the entry or the request says."""
    here = Enrolment.objects.filter(
        pupil=OuterRef("pupil"), organisation=OuterRef("organisation"), start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    requests = (
        CorrectionRequest.objects.filter(status=CorrectionStatus.OPEN, due_on__lt=today)
        .filter(Exists(here))
        .select_related("pupil", "organisation")
        .order_by("pk")
    )
    if pupil is not None:
        requests = requests.filter(pupil=pupil)
    for correction in requests:
        yield Finding(
            SignalKind.CORRECTIE_TERMIJN,
            f"correction:{correction.pk}",
            correction.pupil,
            correction.organisation,
            SCHOOL_OWNER,
            _("The family asked on %(asked)s to correct the dossier; the answer was due on %(due)s.")
            % {
                "asked": timezone.localtime(correction.asked_at).strftime("%d-%m-%Y"),
                "due": correction.due_on.strftime("%d-%m-%Y"),
            },
            correction.due_on,
        )


# --- The student's doorstroomdossier not ready in time ----------------------------------------------------------


def _doorstroom_id(signal) -> int | None:
    prefix, _sep, pk = signal.cause_key.partition(":")
    return int(pk) if prefix == "doorstroom" and pk.isdigit() else None


def _doorstroom_link(signal) -> str:
    return reverse("doorstroom:detail", kwargs={"pk": _doorstroom_id(signal)})


def _doorstroom_closed(signal) -> str:
    ready = Doorstroomdossier.objects.filter(pk=_doorstroom_id(signal), status=DoorstroomStatus.READY).exists()
    if ready:
        return _("Closed by itself: the doorstroomdossier is ready.")
    return _("Closed by itself: the student is no longer at this school, or the school year is over.")


def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


@finding(SignalKind.DOORSTROOMDOSSIER, case_bound=False, link=_doorstroom_link, close_note=_doorstroom_closed)
def doorstroom_not_ready(today, pupil=None) -> Iterable[Finding]:
    """A student's doorstroomdossier of this school year is not ready while its date (1 April for VO-MBO) is four
    weeks away or has passed, and the student is still at the school where it is written. The cause names the date
    and the steps still open (who does what), never what the student or the school wrote."""
    here = Enrolment.objects.filter(
        pupil=OuterRef("pupil"), organisation=OuterRef("school"), start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    dossiers = (
        Doorstroomdossier.objects.filter(school_year=doorstroom_school_year(today))
        .exclude(status=DoorstroomStatus.READY)
        .filter(Exists(here))
        .select_related("pupil", "school")
        .order_by("pk")
    )
    if pupil is not None:
        dossiers = dossiers.filter(pupil=pupil)
    ahead = datetime.timedelta(weeks=settings.OVERSTAP_SIGNAL_DOORSTROOM_WEEKS)
    for dossier in dossiers:
        due = deadline(dossier.route, dossier.school_year)
        if today < due - ahead:
            continue
        still = "; ".join(_first_lower(str(step.text)) for step in open_steps(dossier, today=today))
        yield Finding(
            SignalKind.DOORSTROOMDOSSIER,
            f"doorstroom:{dossier.pk}",
            dossier.pupil,
            dossier.school,
            SCHOOL_OWNER,
            _("The doorstroomdossier is not ready; it is due on %(due)s. Still to do: %(steps)s.")
            % {"due": due.strftime("%d-%m-%Y"), "steps": still},
            due,
        )
