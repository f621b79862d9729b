"""Honest figures: a generated region (the benchmark's builder, small), the signal job, and every figure of the
dashboard checked against a count written here straight from the tables, without the checkpoint or the figures'
code."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Q

from overstap.accounts.models import Membership
from overstap.dashboard import selectors
from overstap.dashboard.figures import start_of
from overstap.dashboard.models import Refresh
from overstap.dossiers.models import Opp
from overstap.generator.region import STARTED, school_year_start
from overstap.monitoring import engine
from overstap.monitoring.models import NOT_HANDLED, Signal
from overstap.organisations.models import Organisation, OrganisationType
from overstap.pupils.models import Enrolment
from overstap.support.models import SupportRequest, SwvDecision
from overstap.testing.factories import UserFactory
from overstap.transitions.models import Feedback, Handover, TransitionCase

BENCH = Path(__file__).resolve().parents[4] / "benchmarks" / "bench_region.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_region", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def region(db):
    bench = _bench()
    world = bench.build(1800, seed=3)
    moves = bench.build_transitions(world, share=3, seed=4)
    today = datetime.date.today()
    # Moves with a receiving school that have not begun there yet: the generator also makes moves without a place,
    # and moves that began, with the enrolments of their start, which a changed status here would contradict.
    cases = list(TransitionCase.objects.exclude(to_organisation=None).exclude(status__in=STARTED).order_by("pk"))
    # Give the region what the benchmark leaves out: moves without a place, pupils at home, started moves with a
    # TLV and an OPP (some carried on, some not), a drop-out.
    for n, case in enumerate(cases[:60]):
        status = ["geen_plek", "thuiszitter", "gestart", "uitgevallen"][n % 4]
        if status in ("gestart", "uitgevallen"):
            # A started move began on this school year's first day (the generator plans the others for next year).
            case.planned_on = school_year_start(today)
            case.school_year = f"{case.planned_on.year}-{case.planned_on.year + 1}"
        TransitionCase.objects.filter(pk=case.pk).update(
            status=status,
            to_organisation=None if status == "geen_plek" else case.to_organisation,
            planned_on=case.planned_on,
            school_year=case.school_year,
        )
        if status in ("gestart", "uitgevallen"):
            start = start_of(case.planned_on, case.school_year)
            request = SupportRequest.objects.create(
                pupil_id=case.pupil_id,
                school_id=case.from_organisation_id,
                swv=moves["consultant"].organisation,
                kind="tlv_so",
                question="Vraag",
                requested_by_name="IB'er",
                status="toegekend",
            )
            SwvDecision.objects.create(
                request=request,
                granted=True,
                number=f"T-{case.pk}",
                start_date=start - datetime.timedelta(days=300),
                end_date=start + datetime.timedelta(days=200) if n % 3 else start - datetime.timedelta(days=1),
                funding_category="midden",
                motivation="M",
                decided_by_name="C",
            )
            Opp.objects.create(
                pupil_id=case.pupil_id,
                organisation_id=case.from_organisation_id,
                exit_profile="vervolgonderwijs",
                established_on=start - datetime.timedelta(days=200),
                author_name="IB'er",
            )
            if n % 2:
                Opp.objects.create(
                    pupil_id=case.pupil_id,
                    organisation_id=case.to_organisation_id,
                    exit_profile="vervolgonderwijs",
                    established_on=start + datetime.timedelta(days=20),
                    author_name="ZC",
                )
    if connection.vendor == "postgresql":
        # Statistics of the region just built, as a live database has them: the planner does not guess from the
        # empty tables of a fresh test database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    engine.run_all(today)  # raises the signals and, at its end, refreshes the dashboard
    swv = moves["consultant"].organisation
    municipality = Organisation.objects.filter(type=OrganisationType.GEMEENTE).order_by("pk").first()
    return {
        "today": today,
        "swv": swv,
        "municipality": municipality,
        "swv_beleid": Membership.objects.create(user=UserFactory(), organisation=swv, role="beleid"),
        "gm_beleid": Membership.objects.create(user=UserFactory(), organisation=municipality, role="beleid"),
    }


def _acting(membership):
    user = membership.user
    user.acting_membership = membership
    return user


def _direct_cases(scope):
    """The region's moves, straight from the tables."""
    if scope.type == OrganisationType.GEMEENTE:
        return TransitionCase.objects.filter(pupil__municipality=scope)
    schools = Organisation.objects.filter(regions__in=scope.regions.all())
    return TransitionCase.objects.filter(Q(from_organisation__in=schools) | Q(to_organisation__in=schools))


def _direct_signals(scope, kind, today):
    signals = Signal.objects.filter(kind=kind, status__in=NOT_HANDLED)
    if scope.type == OrganisationType.GEMEENTE:
        return signals.filter(pupil__municipality=scope)
    schools = Organisation.objects.filter(regions__in=scope.regions.all())
    recent = Enrolment.objects.filter(organisation__in=schools).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today - datetime.timedelta(days=365))
    )
    return signals.filter(Q(case__in=_direct_cases(scope)) | Q(case__isnull=True, pupil__in=recent.values("pupil_id")))


def _direct_rates(scope, today):
    """Each rate as (count, base), from the definitions on the page, computed per move."""
    weeks = datetime.timedelta(weeks=settings.OVERSTAP_HANDOVER_WEEKS_BEFORE_START)
    out = {
        key: [0, 0]
        for key in (
            "op_tijd_verzonden",
            "geopend_voor_start",
            "warme_overdracht",
            "tlv_doorgezet",
            "opp_doorgezet",
            "uitval_eerste_jaar",
            "geplaatst_1_oktober",
        )
    }
    for case in _direct_cases(scope).exclude(status="ingetrokken"):
        start = start_of(case.planned_on, case.school_year)
        handovers = Handover.objects.filter(case=case)
        sent = min((h.sent_at.date() for h in handovers if h.sent_at), default=None)
        opened = min((h.opened_at.date() for h in handovers if h.opened_at), default=None)
        october = datetime.date(int(case.school_year[:4]), 10, 1)
        if today >= october and start <= october:
            flagged = Signal.objects.filter(case=case, kind="niet_geplaatst").exists()
            placed = case.status in ("geplaatst", "gestart", "nazorg", "afgerond", "uitgevallen")
            out["geplaatst_1_oktober"][1] += 1
            out["geplaatst_1_oktober"][0] += int(placed and not flagged)
        if case.to_organisation_id and (sent or start - weeks < today):
            out["op_tijd_verzonden"][1] += 1
            out["op_tijd_verzonden"][0] += int(bool(sent and sent <= start - weeks))
        if sent and (opened or start <= today):
            out["geopend_voor_start"][1] += 1
            out["geopend_voor_start"][0] += int(bool(opened and opened <= start))
        if sent:
            out["warme_overdracht"][1] += 1
            out["warme_overdracht"][0] += int(case.meetings.filter(kind="warme_overdracht").exists())
        if case.status not in ("gestart", "nazorg", "afgerond", "uitgevallen"):
            continue
        tlvs = SwvDecision.objects.filter(granted=True, request__pupil=case.pupil)
        before = start - datetime.timedelta(days=365)
        if tlvs.filter(start_date__lt=start, end_date__gte=before).exists():
            out["tlv_doorgezet"][1] += 1
            out["tlv_doorgezet"][0] += int(tlvs.filter(start_date__lte=start, end_date__gte=start).exists())
        if Opp.objects.filter(pupil=case.pupil, organisation=case.from_organisation, established_on__lt=start).exists():
            out["opp_doorgezet"][1] += 1
            out["opp_doorgezet"][0] += int(
                Opp.objects.filter(
                    pupil=case.pupil,
                    organisation=case.to_organisation,
                    established_on__lte=start + datetime.timedelta(weeks=6),
                ).exists()
            )
        out["uitval_eerste_jaar"][1] += 1
        out["uitval_eerste_jaar"][0] += int(case.status == "uitgevallen")
    return out


@pytest.mark.parametrize("who", ["swv_beleid", "gm_beleid"])
def test_every_figure_matches_a_direct_count(region, who):
    membership = region[who]
    scope, today = membership.organisation, region["today"]
    user = _acting(membership)
    refresh = selectors.latest_refresh()
    assert refresh is not None and refresh.as_of == today

    now = selectors.now_totals(user, refresh, selectors.Filters())
    for metric, kind in (("zonder_plek", "geen_plek"), ("thuiszitters", "thuiszitter"), ("no_show", "no_show")):
        expected = _direct_signals(scope, kind, today).values("pupil").distinct().count()
        assert now[metric] == expected, metric
    assert now["zonder_plek"] > 0 and now["no_show"] > 0

    sums = {}
    for cell in selectors.cells(user, refresh, selectors.Filters(), list(_direct_rates(scope, today))):
        entry = sums.setdefault(cell["metric"], [0, 0])
        entry[0] += cell["count"]
        entry[1] += cell["base"]
    direct = _direct_rates(scope, today)
    for metric, expected in direct.items():
        assert sums.get(metric, [0, 0]) == expected, metric
    if who == "swv_beleid":  # the region has moves of every kind counted here
        for metric in (
            "op_tijd_verzonden",
            "geopend_voor_start",
            "tlv_doorgezet",
            "opp_doorgezet",
            "uitval_eerste_jaar",
        ):
            assert direct[metric][1] > 0, metric

    feedback = Feedback.objects.filter(case__in=_direct_cases(scope), moment="overdracht")
    cells = selectors.cells(user, refresh, selectors.Filters(), ["feedback_compleet"])
    assert sum(c["base"] for c in cells) == feedback.exclude(complete=None).count()
    assert sum(c["count"] for c in cells) == sum(f.complete for f in feedback if f.complete)


def test_a_filter_by_school_counts_only_that_schools_moves(region):
    user = _acting(region["swv_beleid"])
    refresh = selectors.latest_refresh()
    in_region = TransitionCase.objects.filter(from_organisation__regions__in=region["swv"].regions.all())
    school = in_region.filter(status="geen_plek").order_by("pk").first().from_organisation
    found = selectors.now_totals(user, refresh, selectors.Filters(school=school.pk))
    expected = (
        _direct_signals(region["swv"], "geen_plek", region["today"])
        .filter(case__from_organisation=school)
        .values("pupil")
        .distinct()
        .count()
    )
    assert found["zonder_plek"] == expected > 0


def test_a_policy_officer_elsewhere_sees_none_of_these_figures(region):
    other = Organisation.objects.create(name="Gemeente Elders", type=OrganisationType.GEMEENTE, gemeente_code="GM7777")
    user = _acting(Membership.objects.create(user=UserFactory(), organisation=other, role="beleid"))
    refresh = selectors.latest_refresh()
    assert selectors.now_totals(user, refresh, selectors.Filters()) == {
        "zonder_plek": 0,
        "thuiszitters": 0,
        "no_show": 0,
    }
    assert Refresh.objects.count() == 1
