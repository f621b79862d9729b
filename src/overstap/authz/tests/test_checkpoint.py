"""The checkpoint itself: parts from several apps combine, a page asks once per question, and a write makes the
checkpoint ask again."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from overstap.authz import policy
from overstap.authz.cache import RequestCacheMiddleware
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Enrolment, Pupil
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_pupil():
    school = OrganisationFactory(type=OrganisationType.BAO)
    pupil = PupilFactory()
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    ib.user.acting_membership = ib  # as the middleware sets it in a request
    return school, pupil, ib


def in_request(function):
    """Runs function inside the checkpoint's request memory, as a view would, and returns what it returned."""
    result = {}

    def view(request):
        result["value"] = function()
        return HttpResponse()

    RequestCacheMiddleware(view)(RequestFactory().get("/"))
    return result["value"]


def test_inside_a_request_the_same_question_is_asked_of_the_database_once(school_pupil):
    _school, pupil, ib = school_pupil

    def ask_three_times():
        with CaptureQueriesContext(connection) as queries:
            answers = [
                policy.can(ib.user, "view", pupil),
                policy.can(ib.user, "list", pupil),
                policy.can(ib.user, "view", pupil),
            ]
        return answers, len(queries)

    answers, count = in_request(ask_three_times)
    assert answers == [True, True, True]
    # "list" and "view" share their rule, so they share their answer.
    assert count == 1


def test_outside_a_request_every_question_goes_to_the_database(school_pupil):
    _school, pupil, ib = school_pupil
    policy.can(ib.user, "view", pupil)
    with CaptureQueriesContext(connection) as queries:
        policy.can(ib.user, "view", pupil)
        policy.can(ib.user, "view", pupil)
    assert sum("EXISTS" in q["sql"] for q in queries.captured_queries) == 2


def test_a_write_in_the_request_makes_the_checkpoint_ask_again(school_pupil):
    school, pupil, ib = school_pupil

    def ask_write_ask():
        before = policy.can(ib.user, "view", pupil)
        # The pupil leaves the school in the middle of the request (an update() sends no model signal).
        Enrolment.objects.filter(pupil=pupil, organisation=school).update(end_date=datetime.date(2020, 7, 1))
        return before, policy.can(ib.user, "view", pupil)

    assert in_request(ask_write_ask) == (True, False)


def test_several_actions_are_answered_in_one_query(school_pupil):
    _school, pupil, ib = school_pupil
    actions = ["view", "view_audit", "view_dossier", "write_plans", "open_transition", "break_glass", "unmapped"]
    with CaptureQueriesContext(connection) as queries:
        allowed = policy.allowed_actions(ib.user, pupil, actions)
    assert allowed == {"view", "view_audit", "view_dossier", "write_plans", "open_transition", "break_glass"}
    assert len(queries) == 1


def test_allowed_actions_answers_like_can_for_every_mapped_action_on_a_pupil(school_pupil):
    _school, pupil, ib = school_pupil
    mentor = MembershipFactory(organisation=ib.organisation, role="mentor")
    stranger = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.BAO), role="ib")
    actions = sorted({action for (label, action) in policy.RULES if label == "pupils.Pupil"})
    for membership in (ib, mentor, stranger):
        together = policy.allowed_actions(membership.user, pupil, actions)
        one_by_one = {action for action in actions if policy.can(membership.user, action, pupil)}
        assert together == one_by_one, membership.role


def test_parts_registered_by_different_apps_add_up():
    # The pupils app lets a school see its pupils; the SWV route adds what a samenwerkingsverband sees.
    parts = policy.RULES[("pupils.Pupil", "view")]
    assert {part.__module__.rsplit(".", 1)[0] for part in parts} >= {"overstap.pupils"}
    assert len(parts) >= 2


def test_a_rule_part_cannot_be_registered_twice_for_one_action():
    def part(actor):
        return Q()

    policy.rule("tests.Thing", "look")(part)
    try:
        with pytest.raises(RuntimeError):
            policy.rule("tests.Thing", "look")(part)
    finally:
        policy.RULES.pop(("tests.Thing", "look"))


def test_a_part_that_allows_everything_is_not_narrowed_by_another():
    def everything(actor):
        return Q()

    def some(actor):
        return Q(pk=-1)

    policy.rule("pupils.Pupil", "test_union")(everything)
    policy.rule("pupils.Pupil", "test_union")(some)
    try:
        PupilFactory()
        member = MembershipFactory(role="ib")
        assert Pupil.objects.for_user(member.user, "test_union").count() == Pupil.objects.count()
    finally:
        policy.RULES.pop(("pupils.Pupil", "test_union"))
