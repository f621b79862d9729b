"""The API as a connected system uses it: only its own organisation's rows, 404 for others, scopes, revocation,
the audit trail, Dutch messages naming the field, pagination and filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from overstap.api.models import ApiToken
from overstap.api.services import revoke_token
from overstap.audit.models import Action, AuditEvent
from overstap.pupils.models import Enrolment, Pupil
from overstap.testing.factories import EnrolmentFactory, PupilFactory

from .world import auth, school, token

pytestmark = pytest.mark.django_db

LISTS = ["api-pupil-list", "api-enrolment-list", "api-entry-list"]


@pytest.fixture
def two(db):
    return school("School A"), school("School B")


def test_a_list_holds_only_own_rows_and_another_schools_object_answers_404(client, two):
    a, b = two
    _t, key = token(a)
    pupils = client.get(reverse("api-pupil-list"), **auth(key)).json()
    assert [p["id"] for p in pupils["results"]] == [a["pupil"].pk]
    entries = client.get(reverse("api-entry-list"), **auth(key)).json()
    assert [e["id"] for e in entries["results"]] == [a["entry"].pk]
    assert client.get(reverse("api-pupil-detail", args=[b["pupil"].pk]), **auth(key)).status_code == 404
    assert client.get(reverse("api-entry-detail", args=[b["entry"].pk]), **auth(key)).status_code == 404
    enrolment_b = Enrolment.objects.get(pupil=b["pupil"])
    assert client.get(reverse("api-enrolment-detail", args=[enrolment_b.pk]), **auth(key)).status_code == 404
    assert client.get(reverse("api-pupil-detail", args=[a["pupil"].pk]), **auth(key)).status_code == 200
    # A refusal is recorded, as on the pages.
    assert AuditEvent.objects.filter(action=Action.DENIED, object_id=str(b["pupil"].pk)).exists()


def test_the_role_limits_the_token_as_it_limits_a_person(client, two):
    a, _b = two
    # A mentor does not read the health notes of a pupil; nor does a token issued as mentor.
    from overstap.consent.categories import Category
    from overstap.dossiers.models import Entry

    health = Entry.objects.create(
        pupil=a["pupil"],
        category=Category.GEZONDHEID,
        title="Astma",
        text="…",
        organisation=a["organisation"],
        author_name="IB",
        author_role="ib",
    )
    _t, ib_key = token(a, role="ib")
    _t, mentor_key = token(a, role="mentor", name="Rooster")
    assert client.get(reverse("api-entry-detail", args=[health.pk]), **auth(ib_key)).status_code == 200
    assert client.get(reverse("api-entry-detail", args=[health.pk]), **auth(mentor_key)).status_code == 404
    # A mentor may not add pupils: refused, nothing added.
    before = Pupil.objects.count()
    answer = client.post(reverse("api-pupil-list"), {}, content_type="application/json", **auth(mentor_key))
    assert answer.status_code in (400, 403) and Pupil.objects.count() == before


def test_without_the_scope_403_before_any_lookup_and_revoked_or_expired_401(client, two):
    a, _b = two
    _t, key = token(a, scopes=["pupils:read"])
    assert client.get(reverse("api-entry-list"), **auth(key)).status_code == 403
    # The same answer for an object that exists and one that does not: nothing is revealed.
    assert client.get(reverse("api-entry-detail", args=[a["entry"].pk]), **auth(key)).status_code == 403
    assert client.get(reverse("api-entry-detail", args=[999999]), **auth(key)).status_code == 403
    assert client.post(reverse("api-pupil-list"), {}, content_type="application/json", **auth(key)).status_code == 403

    made, key2 = token(a, name="Oud")
    revoke_token(a["manager"].user, made)
    assert client.get(reverse("api-pupil-list"), **auth(key2)).status_code == 401
    made3, key3 = token(a, name="Verlopen")
    ApiToken.objects.filter(pk=made3.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(reverse("api-pupil-list"), **auth(key3)).status_code == 401
    assert client.get(reverse("api-pupil-list"), HTTP_AUTHORIZATION="Bearer ovs_nietsgeldigs").status_code == 401
    answer = client.get(reverse("api-pupil-list"))
    assert answer.status_code == 401 and answer["WWW-Authenticate"].startswith("Bearer")
    # Token header works too, and the use is counted.
    assert client.get(reverse("api-pupil-list"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_the_token_keeps_only_a_hash_and_counts_its_use(client, two):
    a, _b = two
    made, key = token(a)
    assert key not in str(ApiToken.objects.filter(pk=made.pk).values_list().get())
    for _ in range(2):
        client.get(reverse("api-pupil-list"), **auth(key))
    made.refresh_from_db()
    assert made.use_count == 2 and made.last_used_at is not None


def test_list_and_detail_are_audited_naming_what_was_shown_and_the_token(client, two):
    a, _b = two
    made, key = token(a)
    client.get(reverse("api-pupil-list"), **auth(key))
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="pupils.Pupil").latest("pk")
    assert event.detail["ids"] == [a["pupil"].pk]
    assert event.detail["api_token"]["id"] == made.pk
    assert event.organisation_id == a["organisation"].pk and event.role == "ib"
    client.get(reverse("api-entry-detail", args=[a["entry"].pk]), **auth(key))
    read = AuditEvent.objects.filter(action=Action.READ, object_type="dossiers.Entry").latest("pk")
    assert read.object_id == str(a["entry"].pk) and read.pupil_id == a["pupil"].pk
    assert read.detail["api_token"]["prefix"] == made.prefix and made.name in read.actor_name


def test_a_write_validates_in_dutch_naming_the_field_and_changes_nothing(client, two):
    a, _b = two
    _t, key = token(a)
    before = (Pupil.objects.count(), Enrolment.objects.count())
    body = {"given_names": "", "family_name": "Jansen", "birth_date": "31-02-2015", "start_date": "2024-08-20"}
    answer = client.post(
        reverse("api-pupil-list"), body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl", **auth(key)
    )
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert errors["given_names"][0].startswith("Voornamen:")
    assert errors["birth_date"][0].startswith("Geboortedatum:")
    assert (Pupil.objects.count(), Enrolment.objects.count()) == before
    # The eleven-test, from the service, in Dutch.
    body = {
        "given_names": "Sem",
        "family_name": "Jansen",
        "birth_date": "2015-02-03",
        "start_date": "2024-08-20",
        "onderwijsnummer": "123456789",
    }
    answer = client.post(reverse("api-pupil-list"), body, content_type="application/json", **auth(key))
    assert answer.status_code == 400 and "elfproef" in answer.json()["errors"]["onderwijsnummer"][0]
    assert (Pupil.objects.count(), Enrolment.objects.count()) == before


def test_a_school_system_adds_a_pupil_once_never_renames_and_ends_an_enrolment(client, two):
    a, _b = two
    _t, key = token(a)
    body = {
        "given_names": "Sem",
        "family_name": "Jansen",
        "birth_date": "2015-02-03",
        "start_date": "2024-08-20",
        "group": "5a",
    }
    first = client.post(reverse("api-pupil-list"), body, content_type="application/json", **auth(key))
    assert first.status_code == 201
    pupil = Pupil.objects.get(pk=first.json()["id"])
    again = client.post(reverse("api-pupil-list"), body, content_type="application/json", **auth(key))
    assert again.status_code == 409 and again.json()["existing"] == pupil.pk
    assert Pupil.objects.filter(family_name="Jansen").count() == 1

    rename = client.patch(
        reverse("api-pupil-detail", args=[pupil.pk]),
        {"family_name": "Pietersen"},
        content_type="application/json",
        **auth(key),
    )
    assert rename.status_code == 400 and rename.json()["errors"]["family_name"][0].startswith("Achternaam:")
    pupil.refresh_from_db()
    assert pupil.family_name == "Jansen"
    called = client.patch(
        reverse("api-pupil-detail", args=[pupil.pk]),
        {"preferred_name": "Semmie"},
        content_type="application/json",
        **auth(key),
    )
    assert called.status_code == 200 and called.json()["preferred_name"] == "Semmie"

    enrolment = Enrolment.objects.get(pupil=pupil)
    bad = client.patch(
        reverse("api-enrolment-detail", args=[enrolment.pk]),
        {"end_date": "2020-01-01"},
        content_type="application/json",
        **auth(key),
    )
    assert bad.status_code == 400 and bad.json()["errors"]["end_date"][0].startswith("Tot")
    next_year = client.post(
        reverse("api-enrolment-list"),
        {"pupil": pupil.pk, "start_date": "2025-08-18", "group": "6a"},
        content_type="application/json",
        **auth(key),
    )
    assert next_year.status_code == 201
    enrolment.refresh_from_db()
    assert enrolment.end_date == datetime.date(2025, 8, 17)
    new = Enrolment.objects.get(pk=next_year.json()["id"])
    ended = client.patch(
        reverse("api-enrolment-detail", args=[new.pk]),
        {"end_date": "2026-07-10"},
        content_type="application/json",
        **auth(key),
    )
    assert ended.status_code == 200 and ended.json()["end_date"] == "2026-07-10"
    assert Enrolment.objects.filter(pupil=pupil).count() == 2  # ended, not deleted


def test_a_change_sent_with_a_stale_etag_answers_409_in_dutch_and_changes_nothing(client, two):
    """Two school systems read the same pupil and enrolment; the first one's change lands, the second one, sending
    the ETag it read as If-Match, is told the row changed and nothing of the first one is overwritten."""
    a, _b = two
    _t, key = token(a)
    pupil = PupilFactory(preferred_name="")
    enrolment = EnrolmentFactory(pupil=pupil, organisation=a["organisation"], group="5a")
    for name, obj, field, first, second in (
        ("api-pupil-detail", pupil, "preferred_name", "Semmie", "Sem"),
        ("api-enrolment-detail", enrolment, "group", "6a", "6b"),
    ):
        first, second = {field: first}, {field: second}
        written = AuditEvent.objects.filter(action=Action.UPDATE, object_type=obj._meta.label, object_id=str(obj.pk))
        url = reverse(name, args=[obj.pk])
        seen = client.get(url, **auth(key))["ETag"]
        assert seen.startswith('"')
        landed = client.patch(url, first, content_type="application/json", HTTP_IF_MATCH=seen, **auth(key))
        assert landed.status_code == 200 and landed["ETag"] != seen
        events = written.count()
        stale = client.patch(url, second, content_type="application/json", HTTP_IF_MATCH=seen, **auth(key))
        assert stale.status_code == 409
        assert stale.json()["detail"].startswith("Iemand anders heeft dit gewijzigd nadat u het las")
        assert stale["ETag"] == landed["ETag"]  # the tag to read again with
        obj.refresh_from_db()
        assert getattr(obj, field) == first[field]
        assert written.count() == events
        # With the new tag the change goes through.
        again = client.patch(url, second, content_type="application/json", HTTP_IF_MATCH=stale["ETag"], **auth(key))
        assert again.status_code == 200


def test_pagination_and_filters(client, two):
    a, _b = two
    _t, key = token(a)
    for _ in range(3):
        EnrolmentFactory(pupil=PupilFactory(), organisation=a["organisation"])
    page = client.get(reverse("api-pupil-list"), {"page_size": 2}, **auth(key)).json()
    assert page["count"] == 4 and len(page["results"]) == 2 and page["next"]
    second = client.get(page["next"], **auth(key)).json()
    assert len(second["results"]) == 2
    assert client.get(reverse("api-pupil-list"), {"page_size": 5000}, **auth(key)).json()["count"] == 4
    Pupil.objects.filter(pk=a["pupil"].pk).update(onderwijsnummer="101234567")
    found = client.get(reverse("api-pupil-list"), {"onderwijsnummer": "101234567"}, **auth(key)).json()
    assert [p["id"] for p in found["results"]] == [a["pupil"].pk]
    wrong = client.get(reverse("api-pupil-list"), {"organisation": "abc"}, **auth(key))
    assert wrong.status_code == 400 and "organisation" in wrong.json()["errors"]
    future = (timezone.now() + datetime.timedelta(days=1)).date().isoformat()
    assert client.get(reverse("api-pupil-list"), {"changed_since": future}, **auth(key)).json()["count"] == 0
    assert client.get(reverse("api-signal-list"), {"kind": "nope"}, **auth(key)).status_code == 400


def test_a_bsn_is_never_shown(client, two):
    a, _b = two
    _t, key = token(a)
    Pupil.objects.filter(pk=a["pupil"].pk).update(onderwijsnummer="111222333")  # passes the BSN eleven-test
    shown = client.get(reverse("api-pupil-detail", args=[a["pupil"].pk]), **auth(key))
    assert shown.json()["onderwijsnummer"] is None and "111222333" not in shown.content.decode()
