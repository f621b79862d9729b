"""Feedback: the receiving school rates the handover once it opened it and tells later how the pupil is doing; the
sending school hears of it and sees its figures; nobody else gives or reads it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import (
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)
from overstap.transitions.feedback import give_feedback
from overstap.transitions.models import (
    Feedback,
    Moment,
    Notification,
    NotificationKind,
    Status,
    TransitionCase,
    Wellbeing,
)
from overstap.transitions.workflow import change_status, open_case, open_handover

from .conftest import acting as _acting
from .conftest import send

pytestmark = pytest.mark.django_db
T = OrganisationType
TODAY = timezone.localdate()
MARKS = {"complete": 4, "useful": 5, "on_time": 3}


@pytest.fixture
def sent(world):
    """A PO-VO handover that was sent to the VO school; returns the case and the people around it."""
    case = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=10))
    return {**world, "case": send({**world, "case": case})}


def _opened(m):
    open_handover(m["vo_ib"].user, TransitionCase.objects.get(pk=m["case"].pk))
    return TransitionCase.objects.get(pk=m["case"].pk)


def _started(m):
    case = _opened(m)
    for status in (Status.GEPLAATST, Status.GESTART):
        case = change_status(m["vo_ib"].user, case, status)
    return case


def test_the_handover_is_rated_once_after_opening_and_the_sender_hears_of_it(sent):
    user = sent["vo_ib"].user
    with pytest.raises(ValidationError) as error:
        give_feedback(user, sent["case"], Moment.HANDOVER, **MARKS)
    assert "moment" in error.value.message_dict  # not opened yet
    case = _opened(sent)
    with pytest.raises(ValidationError) as error:
        give_feedback(user, case, Moment.HANDOVER, complete=4, useful=6)
    assert set(error.value.message_dict) == {"useful", "on_time"}  # each missing or wrong mark named
    feedback = give_feedback(user, case, Moment.HANDOVER, **MARKS, wellbeing="goed", comment="  Helder rapport.  ")
    assert (feedback.complete, feedback.useful, feedback.on_time) == (4, 5, 3)
    assert feedback.wellbeing == "" and feedback.comment == "Helder rapport."  # only what the moment asks is kept
    assert feedback.organisation == sent["vo"] and feedback.given_by_name == str(user)
    assert Notification.objects.filter(organisation=sent["school"], case=case, kind=NotificationKind.FEEDBACK).exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="transitions.Feedback").exists()
    with pytest.raises(ValidationError) as error:
        give_feedback(user, case, Moment.HANDOVER, **MARKS)
    assert "moment" in error.value.message_dict
    assert Feedback.objects.count() == 1


def test_only_the_receiving_school_gives_feedback(sent):
    case = _opened(sent)
    with pytest.raises(PermissionDenied):
        give_feedback(sent["ib"].user, case, Moment.HANDOVER, **MARKS)
    mentor = _acting(MembershipFactory(organisation=sent["vo"], role="mentor"))
    with pytest.raises(PermissionDenied):
        give_feedback(mentor.user, case, Moment.HANDOVER, **MARKS)
    assert not Feedback.objects.exists()


def test_how_the_pupil_is_doing_is_told_after_the_start(sent):
    user = sent["vo_ib"].user
    case = _opened(sent)
    with pytest.raises(ValidationError) as error:
        give_feedback(user, case, Moment.FIRST_WEEKS, wellbeing=Wellbeing.GOOD)
    assert "moment" in error.value.message_dict  # not started yet
    case = _started(sent)
    with pytest.raises(ValidationError) as error:
        give_feedback(user, case, Moment.FIRST_WEEKS)
    assert list(error.value.message_dict) == ["wellbeing"]
    feedback = give_feedback(user, case, Moment.FIRST_WEEKS, wellbeing=Wellbeing.WORRYING, complete=5)
    assert feedback.wellbeing == Wellbeing.WORRYING and feedback.complete is None


def test_after_one_year_waits_eleven_months_from_the_start(sent):
    user = sent["vo_ib"].user
    case = _started(sent)
    with pytest.raises(ValidationError) as error:
        give_feedback(user, case, Moment.ONE_YEAR, wellbeing=Wellbeing.GOOD)
    assert "moment" in error.value.message_dict
    TransitionCase.objects.filter(pk=case.pk).update(planned_on=TODAY - datetime.timedelta(days=335))
    case.refresh_from_db()
    assert give_feedback(user, case, Moment.ONE_YEAR, wellbeing=Wellbeing.GOOD).moment == Moment.ONE_YEAR


def test_the_feedback_form(client, sent):
    case = _opened(sent)
    vo_ib = sent["vo_ib"]
    log_in(client, vo_ib.user, vo_ib)
    url = f"/overstappen/{case.pk}/terugkoppeling/overdracht/"
    page = client.get(url).content.decode()
    assert page.count("<fieldset") == 3 and page.count("<legend") == 3
    assert page.count('type="radio" name="complete"') == 5 and 'name="wellbeing"' not in page
    response = client.post(url, {"complete": "4", "comment": "Prima."})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"useful", "on_time"}
    response = client.post(url, {"complete": "4", "useful": "5", "on_time": "2", "comment": "Prima."})
    assert response.status_code == 302 and response["Location"] == f"/overstappen/{case.pk}/"
    assert Feedback.objects.get(case=case).on_time == 2
    # Given already, or too early: the page says so instead of offering the form.
    for too_late_or_early in (url, f"/overstappen/{case.pk}/terugkoppeling/eerste_weken/"):
        response = client.get(too_late_or_early)
        assert response.context["blocked"] and 'type="radio"' not in response.content.decode()
    # Once the pupil started, the later moments ask how the pupil is doing, not for marks.
    _started(sent)
    page = client.get(f"/overstappen/{case.pk}/terugkoppeling/eerste_weken/").content.decode()
    assert page.count('type="radio" name="wellbeing"') == len(Wellbeing) and 'name="complete"' not in page
    assert client.get(f"/overstappen/{case.pk}/terugkoppeling/morgen/").status_code == 404


def test_the_feedback_form_is_not_there_for_others(client, sent):
    case = _opened(sent)
    url = f"/overstappen/{case.pk}/terugkoppeling/overdracht/"
    outsider = MembershipFactory(organisation=OrganisationFactory(type=T.VO), role="ib")
    for membership in (sent["ib"], outsider):
        log_in(client, membership.user, membership)
        assert client.get(url).status_code == 404
        assert client.post(url, MARKS).status_code == 404
    assert not Feedback.objects.exists()


def _feedback(sender, receiver, moment, **values):
    case = TransitionCase.objects.create(
        pupil=PupilFactory(),
        from_organisation=sender,
        to_organisation=receiver,
        code="PO-VO",
        school_year="2025-2026",
        status=Status.GESTART,
        created_by_name="IB'er",
    )
    return Feedback.objects.create(
        case=case, moment=moment, organisation=receiver, given_by_name="Zorgcoördinator", **values
    )


def test_the_overview_per_sending_school(client, sent, django_assert_max_num_queries):
    school, vo = sent["school"], sent["vo"]
    _feedback(school, vo, Moment.HANDOVER, complete=4, useful=5, on_time=2, comment="Goed bruikbaar.")
    _feedback(school, vo, Moment.HANDOVER, complete=5, useful=4, on_time=3)
    _feedback(school, vo, Moment.FIRST_WEEKS, wellbeing=Wellbeing.WORRYING, comment="Loopt vast.")
    _feedback(school, vo, Moment.FIRST_WEEKS, wellbeing=Wellbeing.GOOD)
    _feedback(school, vo, Moment.ONE_YEAR, wellbeing=Wellbeing.LEFT)
    _feedback(school, vo, Moment.ONE_YEAR, wellbeing=Wellbeing.MIXED)
    # Another sending school in another region: its figures are not the Regenboog's business.
    elsewhere = OrganisationFactory(type=T.BAO, name="De Vlinder")
    _feedback(elsewhere, OrganisationFactory(type=T.VO), Moment.HANDOVER, complete=1, useful=1, on_time=1)
    ib = sent["ib"]
    log_in(client, ib.user, ib)
    response = client.get("/overstappen/terugkoppeling/")
    [row] = response.context["rows"]
    assert row["case__from_organisation__name"] == "De Regenboog" and row["rated"] == 2
    assert (row["complete"], row["useful"], row["on_time"]) == (4.5, 4.5, 2.5)
    assert (row["follow_ups"], row["worrying"], row["worrying_share"]) == (4, 2, 50)
    page = response.content.decode()
    assert "4,5" in page and "50%" in page and "De Vlinder" not in page
    assert [f.comment for f in response.context["comments"]] == ["Loopt vast.", "Goed bruikbaar."]
    # The consultant of the sending school's region sees the region's schools, not others.
    swv = OrganisationFactory(type=T.SWV_PO)
    swv.regions.add(sent["po_region"])
    consultant = MembershipFactory(organisation=swv, role="swv_consulent")
    log_in(client, consultant.user, consultant)
    rows = client.get("/overstappen/terugkoppeling/").context["rows"]
    assert [r["case__from_organisation__name"] for r in rows] == ["De Regenboog"]
    # A role without access sees an empty overview.
    mentor = MembershipFactory(organisation=school, role="mentor")
    log_in(client, mentor.user, mentor)
    assert client.get("/overstappen/terugkoppeling/").context["rows"] == []
    # The figures come from one grouped query, however many schools and feedback there are.
    for _ in range(5):
        _feedback(OrganisationFactory(type=T.BAO), vo, Moment.HANDOVER, complete=3, useful=3, on_time=3, comment="x")
    log_in(client, sent["vo_ib"].user, sent["vo_ib"])
    with django_assert_max_num_queries(10):
        response = client.get("/overstappen/terugkoppeling/")
    assert len(response.context["rows"]) == 6


def test_the_feedback_list_for_the_case_page(sent):
    school, vo = sent["school"], sent["vo"]
    feedback = [
        _feedback(school, vo, Moment.HANDOVER, complete=4, useful=5, on_time=3, comment="Helder."),
        _feedback(school, vo, Moment.FIRST_WEEKS, wellbeing=Wellbeing.MIXED),
    ]
    html = render_to_string("transitions/_feedback_list.html", {"feedback": feedback})
    assert str(Moment.HANDOVER.label) in html and str(Moment.FIRST_WEEKS.label) in html
    assert "4 / 5" in html and "Helder." in html and str(Wellbeing.MIXED.label) in html
    assert "Zorgcoördinator" in html and "Lindendal College" in html
    assert str(Moment.HANDOVER.label) not in render_to_string("transitions/_feedback_list.html", {"feedback": []})
