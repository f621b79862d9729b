"""The permission matrix: every URL of the application is classified here, and every role is tried against
its own organisation, another organisation of the same kind, and an unrelated one.

A new URL that nobody classified fails ``test_every_url_is_classified``. The expectations below are written out
by hand from each role's task and the legal basis of each kind of data, not derived from the rule set, so that a
wrong rule fails a test.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from overstap.accounts.roles import ROLE_ORGANISATION_TYPES, Role
from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    UserFactory,
    log_in,
)

# Who may see a pupil of their own organisation (school roles) or municipality (leerplicht/RMC, registration only).
PUPIL_VIEW_ROLES = {"ib", "zorgcoordinator", "mentor", "decaan", "voorschool_medewerker", "leerplicht", "rmc"}
# Who may read the trail of who looked at a pupil: the dossier owners at the pupil's own school.
PUPIL_AUDIT_ROLES = {"ib", "zorgcoordinator"}
POSITIONS = ("own", "other", "unrelated")


@dataclass(frozen=True)
class Spec:
    kind: str  # public | language | anonymous-flow | post-only | pupil-list | pupil | pupil-audit | org-list | org
    kwargs: tuple = ()


URLS = {
    "ui:home": Spec("public"),
    "healthz": Spec("public"),
    "set_language": Spec("language"),
    "schema": Spec("public"),
    "matrix:index": Spec("public"),
    "matrix:glossary": Spec("public"),
    "matrix:detail": Spec("public", (("code", "PO-VO"),)),
    "matrix-transition-list": Spec("public"),
    "matrix-transition-detail": Spec("public", (("code", "VO-MBO"),)),
    "matrix-stage-list": Spec("public"),
    "matrix-stage-detail": Spec("public", (("code", "VSO"),)),
    "accounts:login": Spec("anonymous-flow"),
    "accounts:login-code": Spec("anonymous-flow"),
    "accounts:totp-setup": Spec("anonymous-flow"),
    "accounts:logout": Spec("post-only"),
    "accounts:switch-membership": Spec("post-only"),
    "pupils:list": Spec("pupil-list"),
    "pupils:detail": Spec("pupil"),
    "pupils:audit": Spec("pupil-audit"),
    "organisations:list": Spec("org-list"),
    "organisations:detail": Spec("org"),
    "accounts:activate": Spec("anonymous-flow", (("uidb64", "MQ"), ("token", "ongeldig"))),
    "beheer:members": Spec("manage"),
    "beheer:member-add": Spec("manage"),
    "beheer:organisation": Spec("manage"),
    "beheer:member-end": Spec("manage-post"),
    "beheer:member-reset": Spec("manage-post"),
    "dossiers:dossier": Spec("pupil-dossier"),
    "dossiers:entry-new": Spec("pupil-dossier"),
    "dossiers:entry-edit": Spec("entry"),
    "dossiers:entry-history": Spec("entry"),
    "dossiers:entry-close": Spec("entry-post"),
    "dossiers:plans": Spec("pupil-dossier"),
    "dossiers:opp-new": Spec("pupil-dossier"),
    "dossiers:integral-plan-new": Spec("pupil-dossier"),
    "dossiers:opp-evaluation": Spec("entry-post"),
    "pupils:guardian-new": Spec("pupil-dossier"),
    "dossiers:youth-care": Spec("pupil-dossier"),
    "dossiers:youth-care-decision": Spec("entry-post"),
    "consent:consents": Spec("pupil-dossier"),
    "consent:withdraw": Spec("entry-post"),
    "consent:break-glass": Spec("entry-post"),
    "consent:review": Spec("manage"),
    "consent:review-done": Spec("manage-post"),
    "transitions:list": Spec("support-list"),
    "transitions:new": Spec("support-new"),
    "transitions:detail": Spec("entry"),
    "transitions:status": Spec("entry-post"),
    "transitions:checklist-done": Spec("entry-post"),
    "transitions:handover-pdf": Spec("entry"),
    "transitions:feedback-new": Spec("entry", (("moment", "overdracht"),)),
    "transitions:feedback-overview": Spec("support-list"),
    "transitions:protocol": Spec("support-list"),
    "transitions:protocol-retire": Spec("entry-post"),
    "transitions:receiver": Spec("entry-post"),
    "transitions:categories": Spec("entry"),
    "transitions:handover": Spec("entry"),
    "transitions:inzage": Spec("entry-post"),
    "transitions:no-view": Spec("entry-post"),
    "transitions:meeting-new": Spec("entry"),
    "transitions:meeting": Spec("entry"),
    "transitions:agreement-done": Spec("entry-post"),
    "transitions:mentor": Spec("entry"),
    "transitions:notification-read": Spec("entry-post"),
    "transitions:signal-handled": Spec("entry-post"),
    "support:list": Spec("support-list"),
    "support:new": Spec("support-new"),
    "support:detail": Spec("entry"),
    "support:letter": Spec("entry"),
    "support:advice": Spec("entry-post"),
    "support:decide": Spec("entry-post"),
    "support:withdraw": Spec("entry-post"),
}
# Who sees a support request: the dossier owners of the requesting school and the SWV it is addressed to.
SUPPORT_ROLES = {"ib", "zorgcoordinator", "swv_consulent", "orthopedagoog", "tlv_commissie"}
# Who may open a pupil's dossier: the current school's staff who work with it, never leerplicht/RMC.
DOSSIER_ROLES = {"ib", "zorgcoordinator", "mentor", "decaan", "voorschool_medewerker"}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"


def test_every_url_is_classified():
    found = set(_walk(get_resolver().url_patterns))
    unclassified = found - set(URLS)
    assert not unclassified, f"classify these URLs in the permission matrix: {sorted(unclassified)}"
    assert not set(URLS) - found, f"classified but gone: {sorted(set(URLS) - found)}"


@pytest.fixture
def world(db):
    """Three pupils: P belongs to every 'own' organisation, Q to every 'other', R to every 'unrelated' one."""
    regions = {
        ("own", Sector.PO): RegionFactory(sector=Sector.PO, code="PO 01-01"),
        ("own", Sector.VO): RegionFactory(sector=Sector.VO, code="VO 01-01"),
        ("unrelated", Sector.PO): RegionFactory(sector=Sector.PO, code="PO 02-02"),
        ("unrelated", Sector.VO): RegionFactory(sector=Sector.VO, code="VO 02-02"),
    }
    regions[("other", Sector.PO)] = regions[("own", Sector.PO)]
    regions[("other", Sector.VO)] = regions[("own", Sector.VO)]
    orgs = {}
    for position in POSITIONS:
        for kind in OrganisationType:
            org = OrganisationFactory(type=kind, name=f"{kind} {position}")
            if kind in (OrganisationType.SWV_VO, OrganisationType.VO, OrganisationType.PRO, OrganisationType.VSO):
                org.regions.add(regions[(position, Sector.VO)])
            elif kind != OrganisationType.GEMEENTE:
                org.regions.add(regions[(position, Sector.PO)])
            orgs[(position, kind)] = org
    pupils = {}
    for position in POSITIONS:
        pupil = PupilFactory(municipality=orgs[(position, OrganisationType.GEMEENTE)])
        for (pos, _kind), org in orgs.items():
            if pos == position and org.stage:
                EnrolmentFactory(pupil=pupil, organisation=org)
        pupils[position] = pupil
    family = {
        "parent": FamilyLinkFactory(pupil=pupils["own"], relation=Relation.PARENT, legal_representative=True).user,
        "pupil": FamilyLinkFactory(pupil=pupils["own"], relation=Relation.PUPIL, legal_representative=False).user,
        "carer": FamilyLinkFactory(pupil=pupils["own"], relation=Relation.CARER, legal_representative=False).user,
    }
    return orgs, pupils, family


def _actors(orgs):
    """(label, role, position, membership) for every role at its own, another and an unrelated organisation."""
    for role in Role:
        kind = sorted(ROLE_ORGANISATION_TYPES[role])[0]
        for position in POSITIONS:
            membership = MembershipFactory(user=UserFactory(), organisation=orgs[(position, kind)], role=role)
            yield f"{role}@{position}", str(role), position, membership


def _ids_in(response, name: str) -> set[int]:
    return {obj.pk for obj in response.context[name]}


def test_public_pages_answer_everyone(client, world):
    from django.urls import reverse

    orgs, _pupils, _family = world
    membership = MembershipFactory(organisation=orgs[("own", OrganisationType.BAO)], role="ib")
    for name, spec in URLS.items():
        if spec.kind != "public":
            continue
        url = reverse(name, kwargs=dict(spec.kwargs))
        assert client.get(url).status_code == 200, f"anonymous {name}"
    log_in(client, membership.user, membership)
    for name, spec in URLS.items():
        if spec.kind == "public":
            assert client.get(reverse(name, kwargs=dict(spec.kwargs))).status_code == 200, f"ib {name}"


def test_anonymous_users_are_sent_to_log_in_and_post_only_urls_refuse_get(client, world):
    from django.urls import reverse

    orgs, pupils, _family = world
    kwargs = {
        "pupil": {"pk": pupils["own"].pk},
        "pupil-audit": {"pk": pupils["own"].pk},
        "org": {"pk": orgs[("own", OrganisationType.BAO)].pk},
    }
    for name, spec in URLS.items():
        if spec.kind in ("entry", "entry-post"):
            url = reverse(name, kwargs={"pk": 1, **dict(spec.kwargs)})
            response = client.post(url) if spec.kind == "entry-post" else client.get(url)
            assert response.status_code == 302 and "/account/inloggen/" in response["Location"], name
        elif spec.kind in ("pupil-dossier", "support-new"):
            key = "pupil_pk" if spec.kind == "support-new" else "pk"
            if name == "transitions:new":
                key = "pupil_pk"
            response = client.get(reverse(name, kwargs={key: pupils["own"].pk}))
            assert response.status_code == 302 and "/account/inloggen/" in response["Location"], name
        elif spec.kind in ("pupil-list", "pupil", "pupil-audit", "org-list", "org", "support-list"):
            response = client.get(reverse(name, kwargs=kwargs.get(spec.kind, {})))
            assert response.status_code == 302 and "/account/inloggen/" in response["Location"], name
        elif spec.kind == "post-only":
            assert client.get(reverse(name)).status_code == 405, name
        elif spec.kind == "language":
            assert client.get(reverse(name)).status_code == 302, name  # Django's view: GET only redirects back
        elif spec.kind == "anonymous-flow":
            assert client.get(reverse(name, kwargs=dict(spec.kwargs))).status_code in (200, 302, 404), name
        elif spec.kind == "manage":
            response = client.get(reverse(name))
            assert response.status_code == 302 and "/account/inloggen/" in response["Location"], name
        elif spec.kind == "manage-post":
            response = client.post(reverse(name, kwargs={"pk": 1}))
            assert response.status_code == 302 and "/account/inloggen/" in response["Location"], name


def test_every_role_against_own_other_and_unrelated_organisation(client, world):
    orgs, pupils, _family = world
    failures = []
    # A colleague in each 'bao' organisation (the first type a manager is tried at) whose role can be managed.
    members = {
        position: MembershipFactory(organisation=orgs[(position, OrganisationType.BAO)], role="mentor")
        for position in POSITIONS
    }
    # An entry written by the 'own' organisation of each role's type; its readers are the own-organisation roles.
    from overstap.dossiers.models import Entry

    entries_by_org = {}
    from overstap.support.models import SupportRequest
    from overstap.transitions.models import TransitionCase

    # A move from the own primary school to the own VO school, still being prepared: the VO school does not know
    # of it yet; the SWV PO consultant of the region follows it.
    case = TransitionCase.objects.create(
        pupil=pupils["own"],
        from_organisation=orgs[("own", OrganisationType.BAO)],
        to_organisation=orgs[("own", OrganisationType.VO)],
        code="PO-VO",
        school_year="2026-2027",
        created_by_name="IB'er",
    )
    support = SupportRequest.objects.create(
        pupil=pupils["own"],
        school=orgs[("own", OrganisationType.BAO)],
        swv=orgs[("own", OrganisationType.SWV_PO)],
        kind="tlv_so",
        question="Vraag",
        requested_by_name="IB'er",
    )

    from overstap.transitions.models import Meeting

    meeting = Meeting.objects.create(
        case=case,
        kind="mdo_zat",
        held_on="2026-10-01",
        organiser=orgs[("own", OrganisationType.BAO)],
        created_by_name="IB'er",
    )

    def entry_for(org):
        if org.pk not in entries_by_org:
            entries_by_org[org.pk] = Entry.objects.create(
                pupil=pupils["own"],
                category="ondersteuningsbehoeften",
                title="Rekenen",
                text="Steun bij breuken.",
                organisation=org,
                author_name="IB'er",
            )
        return entries_by_org[org.pk]

    for label, role, position, membership in _actors(orgs):
        log_in(client, membership.user, membership)
        target = pupils["own"]
        entry = entry_for(orgs[("own", membership.organisation.type)])
        swv_role = role in ("swv_consulent", "orthopedagoog", "tlv_commissie")
        may_view = (role in PUPIL_VIEW_ROLES or swv_role) and position == "own"
        may_audit = role in PUPIL_AUDIT_ROLES and position == "own"
        may_manage = role == "functioneel_beheerder" and position == "own"
        may_dossier = role in DOSSIER_ROLES and position == "own"
        may_support = role in SUPPORT_ROLES and position == "own"
        # The case being prepared: only the sending school's dossier owners (not yet the VO school, not yet the
        # samenwerkingsverband); the MDO held about it, likewise.
        may_see_case = may_audit
        checks = [
            ("beheer:members", "/beheer/", 200 if role == "functioneel_beheerder" else 404),
            ("beheer:member-add", "/beheer/nieuw/", 200 if role == "functioneel_beheerder" else 404),
            ("beheer:organisation", "/beheer/organisatie/", 200 if role == "functioneel_beheerder" else 404),
            ("pupils:detail", f"/leerlingen/{target.pk}/", 200 if may_view else 404),
            ("pupils:audit", f"/leerlingen/{target.pk}/wie-keek-er/", 200 if may_audit else 404),
            ("dossiers:dossier", f"/leerlingen/{target.pk}/dossier/", 200 if may_dossier else 404),
            ("dossiers:entry-history", f"/dossier/{entry.pk}/geschiedenis/", 200 if may_dossier else 404),
            ("dossiers:entry-edit", f"/dossier/{entry.pk}/bewerken/", 200 if may_audit else 404),
            ("support:detail", f"/ondersteuning/{support.pk}/", 200 if may_support else 404),
            ("dossiers:plans", f"/leerlingen/{target.pk}/plannen/", 200 if may_dossier else 404),
            ("transitions:new", f"/overstappen/nieuw/{target.pk}/", 200 if may_audit else 404),
            ("transitions:detail", f"/overstappen/{case.pk}/", 200 if may_see_case else 404),
            ("transitions:categories", f"/overstappen/{case.pk}/categorieen/", 200 if may_audit else 404),
            ("transitions:handover", f"/overstappen/{case.pk}/overdracht/", 200 if may_audit else 404),
            ("transitions:handover-pdf", f"/overstappen/{case.pk}/overdracht.pdf", 200 if may_audit else 404),
            ("transitions:meeting-new", f"/overstappen/{case.pk}/overleg/nieuw/", 200 if may_audit else 404),
            ("transitions:meeting", f"/overstappen/overleg/{meeting.pk}/", 200 if may_see_case else 404),
            ("transitions:mentor", f"/overstappen/{case.pk}/mentor/", 404),  # nothing opened yet
            ("dossiers:youth-care", f"/leerlingen/{target.pk}/jeugdhulp/", 200 if may_dossier else 404),
            ("pupils:guardian-new", f"/leerlingen/{target.pk}/ouders/nieuw/", 200 if may_audit else 404),
            ("consent:consents", f"/leerlingen/{target.pk}/toestemming/", 200 if may_dossier else 404),
            ("consent:review", "/privacy/doorbrekingen/", 200 if role == "privacy" else 404),
            ("dossiers:opp-new", f"/leerlingen/{target.pk}/opp/nieuw/", 200 if may_audit else 404),
            (
                "dossiers:integral-plan-new",
                f"/leerlingen/{target.pk}/plan-van-aanpak/nieuw/",
                200 if may_audit else 404,
            ),
            ("support:new", f"/ondersteuning/aanvragen/{target.pk}/", 200 if may_audit else 404),
            ("organisations:detail", f"/organisaties/{orgs[('unrelated', OrganisationType.BAO)].pk}/", 200),
        ]
        for name, url, expected in checks:
            status = client.get(url).status_code
            if status != expected:
                failures.append(f"{label} {name}: {status}, expected {expected}")
        # Changing a role in the 'own' organisation: only its own application manager.
        target_member = members["own"]
        status = client.post(f"/beheer/{target_member.pk}/beeindigen/").status_code
        if status != (302 if may_manage else 404):
            failures.append(f"{label} beheer:member-end: {status}")
        target_member.refresh_from_db()
        if target_member.end_date is not None:
            target_member.end_date = None
            target_member.save()
            if not may_manage:
                failures.append(f"{label} ended a role it may not touch")
        status = client.post(f"/beheer/{target_member.pk}/opnieuw-toegang/").status_code
        if status != (200 if may_manage else 404):
            failures.append(f"{label} beheer:member-reset: {status}")
        listed_cases = {c.pk for c in client.get("/overstappen/").context["cases"]}
        if listed_cases != ({case.pk} if may_see_case else set()):
            failures.append(f"{label} transitions:list: {listed_cases}")
        listed_requests = {r.pk for r in client.get("/ondersteuning/").context["requests"]}
        if listed_requests != ({support.pk} if may_support else set()):
            failures.append(f"{label} support:list: {listed_requests}")
        # Lists: exactly the pupils of the acting organisation (or municipality), never more.
        listed = _ids_in(client.get("/leerlingen/"), "pupils")
        expected_ids = {pupils[position].pk} if role in PUPIL_VIEW_ROLES else set()
        if swv_role and position == "own":
            expected_ids = {target.pk}  # the SWV sees the pupil it was asked to support
        if listed != expected_ids:
            failures.append(f"{label} pupils:list: {listed}, expected {expected_ids}")
        searched = _ids_in(client.get("/leerlingen/", {"q": target.family_name}), "pupils")
        if not searched <= {target.pk} & expected_ids:
            failures.append(f"{label} pupils:list search leaked {searched}")
        organisations = client.get("/organisaties/")
        if organisations.status_code != 200 or len(organisations.context["organisations"]) != len(orgs):
            failures.append(f"{label} organisations:list")
        client.logout()
    assert not failures, "\n".join(failures)


def test_family_members_see_their_own_child_and_nothing_else(client, world):
    orgs, pupils, family = world
    own, other = pupils["own"], pupils["other"]
    expectations = {
        # who: (own child's page, own child's trail)
        "parent": (200, 200),
        "pupil": (200, 200),
        "carer": (200, 404),  # a carer who is not a legal representative does not read the trail
    }
    for who, (detail, audit) in expectations.items():
        log_in(client, family[who])
        assert client.get(f"/leerlingen/{own.pk}/").status_code == detail, who
        assert client.get(f"/leerlingen/{own.pk}/wie-keek-er/").status_code == audit, who
        assert client.get(f"/leerlingen/{other.pk}/").status_code == 404, who
        assert _ids_in(client.get("/leerlingen/"), "pupils") == {own.pk}, who
        assert client.get(f"/organisaties/{orgs[('own', OrganisationType.BAO)].pk}/").status_code == 404, who
        assert list(client.get("/organisaties/").context["organisations"]) == [], who
        client.logout()


def test_a_pupil_page_never_exists_for_an_unknown_id(client, world):
    orgs, _pupils, _family = world
    membership = MembershipFactory(organisation=orgs[("own", OrganisationType.BAO)], role="ib")
    log_in(client, membership.user, membership)
    assert client.get("/leerlingen/999999/").status_code == 404
    assert re.search(r"Pagina niet gevonden", client.get("/leerlingen/999999/").content.decode())
