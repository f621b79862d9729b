"""The shared world the permission matrix is tried in, the builders its rows name, and the forms its POSTs send.

Three areas of organisations: "own" and "region" share an SWV region (one for PO, one for VO), "unrelated" lies in
another. Each area has a pupil enrolled at its pre-school, primary school and VO school and living in its
municipality. The own pupil (12) has a family, a dossier entry, an OPP, youth care with consent, support requests
in three states, transition cases in five states, a meeting, two signals, a notification, a coaching and a broken
confidentiality.
Every role has a person at the organisation of its kind in each area.
"""

import copy
import datetime
import hashlib
import importlib
import re
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from overstap.audit.models import Action, AuditEvent
from overstap.coaching.models import Coaching, PlanGoal
from overstap.consent.models import BreakGlass, Consent
from overstap.doorstroom.models import Doorstroomdossier
from overstap.dossiers.models import CorrectionRequest, Entry, IntegralPlan, Opp, OppEvaluation, OppGoal, YouthCare
from overstap.monitoring.models import Signal, SignalKind
from overstap.organisations.models import OrganisationType, Sector
from overstap.oso.models import OsoImport
from overstap.pupils.models import PupilImport, Relation
from overstap.tables.models import Agreement as TafelAgreement
from overstap.tables.models import Overstaptafel, Participant, TablePupil
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
from overstap.thuiszitters.models import AbsenceReport, Route
from overstap.transitions.cases import tick_checklist_item
from overstap.transitions.handover import choose_categories, handover_or_blank, record_inzage, waive_family_view
from overstap.transitions.models import (
    Agreement,
    ConsentAsk,
    Meeting,
    Notification,
    NotificationKind,
    ProtocolItem,
    Status,
)
from overstap.transitions.workflow import change_status, open_case, open_handover

from .permission_matrix import ACTORS, HOME, ORGANISATION_RELATIONS, SUPPORT_APP, Actor

support_models = importlib.import_module(f"overstap.{SUPPORT_APP}.models")

TODAY = timezone.localdate()
AREA = {"own": "a", "region": "a", "unrelated": "b"}
# Which SWV regions each kind of organisation belongs to.
SECTORS = {
    "voorschool": (Sector.PO,),
    "bao": (Sector.PO,),
    "swv_po": (Sector.PO,),
    "vo": (Sector.VO,),
    "swv_vo": (Sector.VO,),
    "gemeente": (Sector.PO, Sector.VO),
    "jeugdhulp": (Sector.PO, Sector.VO),
}
FAMILY_NAMES = {"own": "Jansen", "region": "de Vries", "unrelated": "Bakker"}
# What the audit trail calls showing something to someone.
SHOWN_ACTIONS = (Action.READ, Action.LIST, Action.EXPORT, Action.PRINT, Action.DOWNLOAD)
GIVEN_NAME = "Sanne"  # every pupil has it, so one search finds them all
# Tables whose rows change on every request or record what happened, not what the application holds: the audit
# trail, who is logged in, and failed log-ins.
UNFINGERPRINTED_APPS = {AuditEvent._meta.app_label, Session._meta.app_label, "axes"}


@dataclass
class Person:
    role: str
    relation: str
    user: object | None = None
    membership: object | None = None
    client: Client | None = None

    @property
    def key(self) -> Actor:
        return (self.role, self.relation)

    def __str__(self) -> str:
        return f"{self.role}@{self.relation}"


@dataclass
class World:
    orgs: dict = field(default_factory=dict)  # (relation, kind) -> Organisation
    pupils: dict = field(default_factory=dict)  # relation -> Pupil
    people: dict = field(default_factory=dict)  # (role, relation) -> Person
    objects: dict = field(default_factory=dict)  # name -> object

    def org(self, relation: str, kind: str):
        return self.orgs[(relation, kind)]

    @property
    def pupil(self):
        return self.pupils["own"]

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def url(self, row) -> str:
        return reverse(row.url, kwargs=BUILDERS[row.build](self))

    def ask(self, person: Person, method: str, url: str, data=None, *, fingerprint: bool = False, reads=True):
        """One request that leaves no trace: it runs in a transaction that is rolled back, and the client's cookies
        (log-in, messages, language) are put back. Returns the response and, if asked, the fingerprint of every
        table the request wrote to, as the request left it (a table nobody wrote to is as it was)."""
        client = person.client
        cookies = copy.deepcopy(client.cookies)
        written = set()

        def watch(execute, sql, params, many, context):
            written.update(_fingerprinted_tables_written(sql))
            return execute(sql, params, many, context)

        after = {}
        try:
            with transaction.atomic(), connection.execute_wrapper(watch):
                response = client.get(url, secure=True) if method == "GET" else client.post(url, data or {})
                request_id = response.get("X-Request-ID", "")
                response.audit_reads = (
                    list(
                        AuditEvent.objects.filter(request_id=request_id, action__in=SHOWN_ACTIONS).values(
                            "object_type", "object_id", "pupil_id", "detail"
                        )
                    )
                    if reads
                    else []
                )
                response.audit_denials = AuditEvent.objects.filter(request_id=request_id, action=Action.DENIED).count()
                if fingerprint and written:
                    after = database_fingerprint(None if EVERY_TABLE in written else written)
                transaction.set_rollback(True)
        finally:
            client.cookies = cookies
        return response, after

    def ids(self, kind: str, names) -> set[int]:
        """The ids of the world's objects of a kind, by the names the matrix gives them."""
        if kind == "pupil":
            return {self.pupils[name].pk for name in names}
        if kind == "organisation":
            return {org.pk for org in self.orgs.values()} if "all" in names else set()
        return {self.objects[f"{kind}_{name}"].pk for name in names}


def _fingerprinted_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNFINGERPRINTED_APPS and not model._meta.proxy
    ]


def database_fingerprint(tables=None) -> dict[str, tuple[int, str]]:
    """Row count and a hash of the rows of every table (or of these tables), leaving out the audit trail, the
    log-in state and lock-out records."""
    found = {}
    for model in _fingerprinted_models():
        if tables is not None and model._meta.db_table not in tables:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        found[model._meta.db_table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


WRITE = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
WRITTEN_TABLE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE
)
EVERY_TABLE = "*"  # a write whose table could not be read from the statement: fingerprint everything


@cache
def _unfingerprinted_tables() -> frozenset[str]:
    models = apps.get_models(include_auto_created=True)
    return frozenset(model._meta.db_table for model in models if model._meta.app_label in UNFINGERPRINTED_APPS)


def _fingerprinted_tables_written(sql: str) -> set[str]:
    if not WRITE.match(sql):
        return set()
    found = WRITTEN_TABLE.match(sql)
    if found is None:
        return {EVERY_TABLE}
    return set() if found.group(1) in _unfingerprinted_tables() else {found.group(1)}


# --- Building the world ------------------------------------------------------------------------------------------


def _acting(membership):
    membership.user.acting_membership = membership
    return membership


def build_world() -> World:
    world = World()
    regions = {
        ("a", Sector.PO): RegionFactory(sector=Sector.PO, code="PO 91-01", name="PO Lindendal"),
        ("a", Sector.VO): RegionFactory(sector=Sector.VO, code="VO 91-01", name="VO Lindendal"),
        ("b", Sector.PO): RegionFactory(sector=Sector.PO, code="PO 92-01", name="PO Elders"),
        ("b", Sector.VO): RegionFactory(sector=Sector.VO, code="VO 92-01", name="VO Elders"),
    }
    for relation in ORGANISATION_RELATIONS:
        for kind, sectors in SECTORS.items():
            org = OrganisationFactory(type=OrganisationType(kind), name=f"{kind} {relation}")
            org.regions.add(*(regions[(AREA[relation], sector)] for sector in sectors))
            world.orgs[(relation, kind)] = org
    birth = datetime.date(TODAY.year - 12, 1, 15)
    for relation in ORGANISATION_RELATIONS:
        pupil = PupilFactory(
            given_names=GIVEN_NAME,
            family_name=FAMILY_NAMES[relation],
            birth_date=birth,
            municipality=world.org(relation, "gemeente"),
        )
        for kind in ("voorschool", "bao", "vo"):
            EnrolmentFactory(pupil=pupil, organisation=world.org(relation, kind), start_date=datetime.date(2020, 8, 20))
        world.pupils[relation] = pupil
    for role, relation in ACTORS:
        person = Person(role, relation)
        if relation in ORGANISATION_RELATIONS:
            person.membership = _acting(MembershipFactory(organisation=world.org(relation, HOME[role]), role=role))
            person.user = person.membership.user
        elif relation == "family":
            kind = {
                "parent": (Relation.PARENT, True),
                "pupil": (Relation.PUPIL, False),
                "carer": (Relation.CARER, False),
            }
            link_relation, representative = kind[role]
            person.user = FamilyLinkFactory(
                pupil=world.pupil, relation=link_relation, legal_representative=representative
            ).user
        world.people[person.key] = person
    _build_objects(world)
    for person in world.people.values():
        person.client = Client(raise_request_exception=False)
        if person.user is not None:
            log_in(person.client, person.user, person.membership)
    return world


def _build_objects(world: World) -> None:
    objects = world.objects
    pupil = world.pupil
    bao, vo, swv = world.org("own", "bao"), world.org("own", "vo"), world.org("own", "swv_po")
    ib = world.people[("ib", "own")].membership
    care_coordinator = world.people[("zorgcoordinator", "own")].membership
    parent = world.people[("parent", "family")].user
    now = timezone.now()

    objects["colleague"] = MembershipFactory(organisation=bao, role="mentor")
    newcomer = UserFactory()
    objects["activation"] = (
        urlsafe_base64_encode(force_bytes(newcomer.pk)),
        default_token_generator.make_token(newcomer),
    )

    objects["entry"] = Entry.objects.create(
        pupil=pupil,
        category="ondersteuningsbehoeften",
        title="Rekenen",
        text="Heeft baat bij extra tijd.",
        organisation=vo,
        author_name="Zorgcoördinator",
    )
    # The parent's open request to correct another entry of the VO school (the first entry stays free to ask about).
    asked = Entry.objects.create(
        pupil=pupil,
        category="handelingsadviezen",
        title="Instructie",
        text="Korte instructie in stappen.",
        organisation=vo,
        author_name="Zorgcoördinator",
    )
    # A pupil list uploaded at the BAO school (the IB'er's), waiting for its columns; no file behind it, so a check
    # that gets through the checkpoint is told to upload again, and nothing is written.
    objects["pupil_import"] = PupilImport.objects.create(
        organisation=bao,
        uploaded_by=ib.user,
        uploaded_by_name=str(ib.user),
        file_name="export.csv",
        kind="csv",
        headers=["Voornamen", "Achternaam", "Geboortedatum"],
        mapping={"given_names": "Voornamen", "family_name": "Achternaam", "birth_date": "Geboortedatum"},
    )
    # An OSO file uploaded at the BAO school (the IB'er's), waiting for confirmation; no file behind it, so a
    # confirmation that gets through the checkpoint is told to upload again, and nothing is written.
    objects["oso_import"] = OsoImport.objects.create(
        organisation=bao, uploaded_by=ib.user, uploaded_by_name=str(ib.user), file_name="dossier.xml"
    )
    objects["correction"] = CorrectionRequest.objects.create(
        entry=asked,
        pupil=pupil,
        organisation=vo,
        kind="verbeteren",
        what_is_wrong="Klopt niet meer.",
        should_say="Instructie in stappen, met een voorbeeld.",
        entry_version=1,
        asked_by=parent,
        asked_by_name=str(parent),
        asked_at=now,
        due_on=TODAY + datetime.timedelta(weeks=4),
    )
    opp = Opp.objects.create(
        pupil=pupil,
        organisation=vo,
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-kader",
        approach="Kleine stappen.",
        author_name="Zorgcoördinator",
    )
    objects["opp"] = opp
    objects["opp_evaluation"] = OppEvaluation.objects.create(opp=opp, planned_on=TODAY + datetime.timedelta(days=30))
    objects["integral_plan"] = IntegralPlan.objects.create(
        pupil=pupil, organisation=vo, coordinator="Zorgcoördinator", evaluation_on=TODAY + datetime.timedelta(days=60)
    )
    objects["consent"] = Consent.objects.create(
        pupil=pupil,
        category="jeugdhulp",
        recipient=vo,
        given_by=parent,
        given_by_name=str(parent),
        given_as="wettelijk_vertegenwoordiger",
        given_at=now - datetime.timedelta(days=1),
    )
    objects["youth_care"] = YouthCare.objects.create(
        pupil=pupil,
        organisation=vo,
        provider="Jeugdhulp Lindendal",
        care_type="ambulant",
        start_on=TODAY - datetime.timedelta(days=60),
        recorded_by_name="Zorgcoördinator",
    )
    objects["break_glass"] = BreakGlass.objects.create(
        pupil=pupil, user=ib.user, organisation=bao, reason="Zorgen over de veiligheid van het kind thuis, gemeld."
    )

    SupportRequest, SwvDecision = support_models.SupportRequest, support_models.SwvDecision
    requests = {}
    for name, status in (("submitted", "ingediend"), ("in_progress", "in_behandeling"), ("decided", "toegekend")):
        requests[name] = SupportRequest.objects.create(
            pupil=pupil,
            school=bao,
            swv=swv,
            kind="tlv_so",
            question="Loopt vast ondanks een arrangement.",
            requested_by_name="IB'er",
            status=status,
        )
        objects[f"support_{name}"] = requests[name]
    SwvDecision.objects.create(
        request=requests["decided"],
        granted=True,
        number=f"TLV-{TODAY.year}-99001",
        start_date=TODAY,
        end_date=TODAY + datetime.timedelta(days=365),
        funding_category="midden",
        motivation="Meer structuur nodig.",
        decided_by_name="TLV-commissie",
    )

    objects["protocol_item"] = ProtocolItem.objects.create(
        region=world.org("own", "swv_po").regions.get(),
        transitions=["PO-VO"],
        text="Overdrachtsformulier van de regio invullen.",
        source="Regionaal protocol PO-VO",
        created_by_name="SWV-consulent",
    )

    # Four moves from the primary school to the VO school, each a step further along.
    cases = {name: open_case(ib.user, pupil, vo) for name in ("preparing", "inzage", "sent", "opened")}
    # The primary school's OPP and plan of approach go with the opened move, for the receiving school to carry on.
    sender_opp = Opp.objects.create(
        pupil=pupil, organisation=bao, exit_profile="vervolgonderwijs", exit_level="vmbo-kader", approach="Rust."
    )
    OppGoal.objects.create(opp=sender_opp, area="Rekenen", goal="Breuken")
    IntegralPlan.objects.create(pupil=pupil, organisation=bao, coordinator="IB'er", evaluation_on=TODAY)
    for name in ("inzage", "sent", "opened"):
        case = change_status(ib.user, cases[name], Status.AANGEMELD)
        released = (
            ["ondersteuningsbehoeften", "opp", "arrangement"] if name == "opened" else ["ondersteuningsbehoeften"]
        )
        choose_categories(ib.user, case, released, expected_version=handover_or_blank(case).version)
        for item in case.checklist.filter(required=True):
            tick_checklist_item(ib.user, item)
        cases[name] = change_status(ib.user, case, Status.INZAGE_OUDERS)
    for name in ("sent", "opened"):
        record_inzage(ib.user, cases[name], TODAY, by_name="Moeder")
        waive_family_view(ib.user, cases[name])
        cases[name] = change_status(ib.user, cases[name], Status.VERZONDEN)
    open_handover(care_coordinator.user, cases["opened"])
    # A fifth move found no place: what leerplicht of the pupil's municipality follows.
    cases["no_place"] = change_status(ib.user, open_case(ib.user, pupil, vo), Status.GEEN_PLEK)
    for name, case in cases.items():
        case.refresh_from_db()
        objects[f"case_{name}"] = case
    objects["checklist_item"] = cases["preparing"].checklist.order_by("pk").first()
    # The primary school asked the family whether the home situation may go to the VO school with the move in
    # inspection (made directly: the pupil is at the VO school already, so the move itself would ask nothing).
    objects["consent_ask"] = ConsentAsk.objects.create(
        case=cases["inzage"], category="thuissituatie", recipient=vo, asked_by_name="IB'er", asked_at=now
    )
    meeting = Meeting.objects.create(
        case=cases["sent"],
        kind="warme_overdracht",
        held_on=TODAY,
        organiser=bao,
        created_by_name="IB'er",
    )
    objects["meeting"] = meeting
    objects["agreement"] = Agreement.objects.create(
        meeting=meeting, text="Rooster doorsturen.", owner_name="Mentor", due_on=TODAY + datetime.timedelta(days=7)
    )
    objects["notification"] = Notification.objects.get(
        case=cases["sent"], organisation=vo, kind=NotificationKind.HANDOVER_SENT
    )
    # A signal the VO school owns about the sent case (its handover not opened), and one about attendance that the
    # municipality's leerplicht owns (the pupil without a place).
    objects["signal"] = Signal.objects.create(
        kind=SignalKind.NIET_GEOPEND,
        pupil=pupil,
        case=cases["sent"],
        owner=vo,
        owner_role="ib",
        cause="De overdracht is nog niet geopend.",
        cause_key=f"case:{cases['sent'].pk}",
        raised_on=TODAY,
    )
    objects["signal_attendance"] = Signal.objects.create(
        kind=SignalKind.GEEN_PLEK,
        pupil=pupil,
        owner=world.org("own", "gemeente"),
        owner_role="leerplicht",
        cause="Staat sinds kort op geen enkele school ingeschreven.",
        cause_key="enrolment:0",
        raised_on=TODAY,
    )
    # The VO school's overstapcoach coaches the move that was sent, assigned by the primary school's IB'er.
    coaching = Coaching.objects.create(
        case=cases["sent"],
        coach=world.people[("overstapcoach", "own")].membership,
        assigned_by_name="IB'er",
        assigned_by_organisation=bao,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=180),
    )
    objects["coaching"] = objects["coaching_sent"] = coaching
    objects["coaching_goal"] = PlanGoal.objects.create(coaching=coaching, text="Open dag bezoeken", by_name="Coach")
    # A PO→VO Overstaptafel today, convened by the own SWV PO, with the primary school, the VO school and the
    # municipality taking part; the own pupil is on it, with an agreement for the primary school.
    tafel = Overstaptafel.objects.create(
        region=swv.regions.get(),
        transition="PO-VO",
        school_year=f"{TODAY.year}-{TODAY.year + 1}",
        held_on=TODAY,
        location="Kantoor SWV",
        convener=swv,
        convened_by_name="SWV-consulent",
    )
    for kind in ("bao", "vo", "gemeente"):
        participant = Participant.objects.create(tafel=tafel, organisation=world.org("own", kind))
    objects["tafel_po"] = tafel
    objects["tafel_participant"] = participant
    row = TablePupil.objects.create(tafel=tafel, pupil=pupil, source="signaal", added_by_name="SWV-consulent")
    objects["tafel_row"] = row
    objects["tafel_agreement"] = TafelAgreement.objects.create(
        row=row,
        what="Aanmelding VO afronden",
        owner=bao,
        due_on=TODAY + datetime.timedelta(days=14),
        created_by_name="SWV-consulent",
    )
    # The own pupil has been absent without permission from the VO school for five weeks: a thuiszitter, whose new
    # route leerplicht of the municipality started.
    objects["absence"] = AbsenceReport.objects.create(
        pupil=pupil,
        school=vo,
        from_date=TODAY - datetime.timedelta(days=35),
        kind="ongeoorloofd",
        recorded_by_name="Zorgcoördinator",
    )
    objects["route"] = Route.objects.create(
        pupil=pupil, acting_organisation=world.org("own", "gemeente"), acting_person="Leerplichtambtenaar"
    )
    # The own pupil's doorstroomdossier at the VO school: signed by the pupil (12), waiting for the parent.
    objects["doorstroom"] = Doorstroomdossier.objects.create(
        pupil=pupil,
        school=vo,
        school_year=f"{TODAY.year}-{TODAY.year + 1}",
        route="VO-MBO",
        study_choice="Kapper, niveau 2.",
        support_needs="Extra tijd bij toetsen.",
        advice="Past goed bij Sanne.",
        advice_by_name="Decaan",
        advice_at=timezone.now(),
        released="ab",
        status="wacht_op_ouder",
        signed_by_name="Sanne Jansen",
        signed_at=timezone.now(),
    )


# --- Builders: the URL keyword arguments each row names ----------------------------------------------------------


def _pk(name):
    return lambda world: {"pk": world.objects[name].pk}


def _feedback(world):
    # Feedback of the receiving school on the opened move, made the first time a row asks for it.
    from overstap.transitions.models import Feedback

    case = world.case_opened
    found = Feedback.objects.filter(case=case).first() or Feedback.objects.create(
        case=case, moment="overdracht", organisation=case.to_organisation, given_by_name="Zorgcoördinator", useful=4
    )
    return {"pk": found.pk}


def _api_token(world):
    # A token of the primary school (the application manager's organisation there), made the first time.
    from overstap.api.models import ApiToken
    from overstap.api.services import issue_token

    organisation = world.org("own", "bao")
    found = ApiToken.objects.filter(organisation=organisation).first()
    if found is None:
        manager = organisation.memberships.filter(role="functioneel_beheerder").first()
        manager.user.acting_membership = manager
        found, _key = issue_token(manager.user, organisation, name="Koppeling", role="ib", scopes=["pupils:read"])
    return {"pk": found.pk}


BUILDERS = {
    "nothing": lambda world: {},
    "enrolment": lambda world: {"pk": world.pupil.enrolments.order_by("pk").first().pk},
    "decision": lambda world: {"pk": world.objects["support_decided"].decision.pk},
    "handover_inzage": lambda world: {"pk": world.case_inzage.handovers.order_by("pk").first().pk},
    "feedback": _feedback,
    "api_token": _api_token,
    "dashboard_table": lambda world: {"table": "nu", "fmt": "csv"},
    "dashboard_metric": lambda world: {"metric": "zonder_plek"},
    "matrix_transition": lambda world: {"code": "PO-VO"},
    "api_transition": lambda world: {"code": "VO-MBO"},
    "api_stage": lambda world: {"code": "VSO"},
    "activation": lambda world: dict(zip(("uidb64", "token"), world.activation, strict=True)),
    "pupil": lambda world: {"pk": world.pupil.pk},
    "pupil_pk": lambda world: {"pupil_pk": world.pupil.pk},
    "organisation": lambda world: {"pk": world.org("own", "bao").pk},
    "case_opened_feedback": lambda world: {"pk": world.case_opened.pk, "moment": "overdracht"},
    "case_opened_plan": lambda world: {"pk": world.case_opened.pk, "index": 0},
    **{
        name: _pk(name)
        for name in (
            "colleague",
            "entry",
            "correction",
            "opp",
            "opp_evaluation",
            "integral_plan",
            "youth_care",
            "consent",
            "break_glass",
            "case_preparing",
            "case_inzage",
            "case_sent",
            "case_opened",
            "case_no_place",
            "checklist_item",
            "consent_ask",
            "meeting",
            "agreement",
            "notification",
            "signal",
            "signal_attendance",
            "protocol_item",
            "support_submitted",
            "support_in_progress",
            "support_decided",
            "coaching",
            "coaching_goal",
            "tafel_po",
            "tafel_participant",
            "tafel_row",
            "tafel_agreement",
            "absence",
            "doorstroom",
            "pupil_import",
            "oso_import",
        )
    },
    "export_csv": lambda world: {"fmt": "csv"},
    "case_sent_coach": lambda world: {"case_pk": world.case_sent.pk},
}

# --- Form data: valid where it can be, so that a refusal is about permission, not about the form ---------------

ENTRY_CATEGORY = {
    "ib": "ondersteuningsbehoeften",
    "zorgcoordinator": "ondersteuningsbehoeften",
    "mentor": "werkzame_elementen",
    "decaan": "reden_overstap",
    "voorschool_medewerker": "werkzame_elementen",
}


def _formset(prefix: str, rows: list[dict], maximum: int) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(maximum),
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def _entry(world, person):
    return {
        "category": ENTRY_CATEGORY.get(person.role, "zienswijze"),
        "title": "Nieuw",
        "text": "Wat wij zagen deze week.",
    }


def _organisation_details(world, person):
    organisation = person.membership.organisation if person.membership else world.org("own", "bao")
    return {"name": "Nieuwe naam", "support_profile_url": "", "version": organisation.version}


def _case(world, person):
    return {"to_organisation": world.org("region", "vo").pk, "code": "", "override_reason": "", "planned_on": ""}


def _case_version(case):
    """The case's version as the page shows it now (the world's object may be older than the row)."""
    return type(case).objects.values_list("version", flat=True).get(pk=case.pk)


def _categories(world, person):
    return {
        "categories": ["ondersteuningsbehoeften", "ontwikkeling"],
        "version": handover_or_blank(world.case_inzage).version,
    }


def _support_request(world, person):
    kind = "lwoo" if person.membership and person.membership.organisation.type == OrganisationType.VO else "tlv_so"
    return {"kind": kind, "question": "Wat de leerling nodig heeft en wat de school al deed."}


POST_DATA = {
    "empty": lambda world, person: {},
    "language": lambda world, person: {"language": "nl", "next": "/"},
    "login": lambda world, person: {"username": "niemand", "password": "fout-wachtwoord"},
    "code": lambda world, person: {"code": "123456"},
    "membership": lambda world, person: {"membership": "0"},
    "guardian": lambda world, person: {
        "name": "Mevrouw Jansen",
        "relation": "ouder",
        "legal_representative": "on",
        "lives_with_pupil": "on",
        "phone": "",
        "email": "",
    },
    "member": lambda world, person: {
        "first_name": "Nieuwe",
        "last_name": "Collega",
        "email": "collega@school.invalid",
        "username": f"nieuw.{person.relation}",
        "role": "mentor",
    },
    "organisation_details": _organisation_details,
    "entry": _entry,
    "entry_edit": lambda world, person: {
        "title": "Rekenen",
        "text": "Heeft baat bij extra tijd en rust.",
        "version": 1,
    },
    "close": lambda world, person: {"reason": "Geldt niet meer."},
    "correction": lambda world, person: {
        "kind": "aanvullen",
        "what_is_wrong": "Er mist wat thuis helpt.",
        "should_say": "Thuis helpt een vaste kalender.",
    },
    "correction_answer": lambda world, person: {
        "answer": "geweigerd",
        "note": "Dit zagen we op school wel zo.",
        "text": "",
        "version": "1",
    },
    "opp": lambda world, person: {
        "exit_profile": "vervolgonderwijs",
        "exit_level": "vmbo-kader",
        "approach": "Kleine stappen met vaste momenten.",
        "first_evaluation": (TODAY + datetime.timedelta(days=60)).isoformat(),
        **_formset("doel", [{"area": "Rekenen", "goal": "Breuken"}], 10),
    },
    "integral_plan": lambda world, person: {
        "coordinator": "Meester Tom",
        "evaluation_on": (TODAY + datetime.timedelta(days=90)).isoformat(),
        **_formset(
            "regel", [{"for_whom": "kind", "what": "Begeleiding", "delivered_by": "Wijkteam", "start_on": TODAY}], 20
        ),
    },
    "carry_opp": lambda world, person: {
        "exit_profile": "vervolgonderwijs",
        "exit_level": "vmbo-kader",
        "approach": "Rust, en een vaste mentor.",
        "first_evaluation": (TODAY + datetime.timedelta(days=60)).isoformat(),
        **_formset("doel", [{"area": "Rekenen", "goal": "Breuken en procenten"}], 10),
    },
    "opp_edit": lambda world, person: {
        "exit_profile": "vervolgonderwijs",
        "exit_level": "vmbo-kader",
        "approach": "Kleine stappen, nu met een vast maatje.",
        "first_evaluation": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "version": 1,
        **_formset("doel", [{"area": "Rekenen", "goal": "Breuken"}], 10),
    },
    "integral_plan_edit": lambda world, person: {
        "coordinator": "Meester Tom",
        "evaluation_on": (TODAY + datetime.timedelta(days=90)).isoformat(),
        "version": 1,
        **_formset(
            "regel", [{"for_whom": "kind", "what": "Begeleiding", "delivered_by": "Wijkteam", "start_on": TODAY}], 20
        ),
    },
    "evaluation": lambda world, person: {"outcome": "Het doel is gehaald."},
    "youth_care": lambda world, person: {
        "provider": "Jeugdhulp Lindendal",
        "care_type": "ambulant",
        "start_on": TODAY.isoformat(),
    },
    "care_decision": lambda world, person: {
        f"besluit-{world.youth_care.pk}-moment": "PO-VO",
        f"besluit-{world.youth_care.pk}-decision": "voortzetten",
    },
    "consent": lambda world, person: {"category": "thuissituatie", "recipient": world.org("own", "bao").pk},
    "consent_ask": lambda world, person: {"categories": ["thuissituatie"]},
    "consent_answer": lambda world, person: {"answer": "ja"},
    "break_glass": lambda world, person: {"reason": "Het kind vertelde iets waardoor direct overleg nodig is."},
    "case": _case,
    "status": lambda world, person: {"status": Status.GEEN_PLEK, "version": _case_version(world.case_sent)},
    "set_aside": lambda world, person: {"reason": "Past niet bij deze leerling: hij reist met taxivervoer."},
    # The receiving school the person saw on the page goes along, so a change made meanwhile is noticed.
    "coaching_contact": lambda world, person: {
        "contact-on": TODAY.isoformat(),
        "contact-kind": "gesprek",
        "contact-note": "Kennismaking",
    },
    "coaching_goal": lambda world, person: {"doel-text": "Ik weet waar mijn lokaal is."},
    "doorstroom_a": lambda world, person: {
        "study_choice": "Kapper, niveau 2, bij het ROC.",
        "support_needs": "Extra tijd bij toetsen.",
        "version": world.doorstroom.version,
    },
    "doorstroom_b": lambda world, person: {"advice": "Eerst stage lopen.", "version": world.doorstroom.version},
    "doorstroom_sign": lambda world, person: {"released": "a", "version": world.doorstroom.version},
    "doorstroom_agree": lambda world, person: {"version": world.doorstroom.version},
    "coaching_handover": lambda world, person: {
        "overdracht-mentor_name": "Mevrouw De Vries",
        "overdracht-on": TODAY.isoformat(),
    },
    # Confirmed, as from the confirmation page (without it the answer is that page, and nothing changes yet).
    "coaching_stop": lambda world, person: {"stop-reason": "De leerling gaat verhuizen.", "confirmed": "1"},
    "coaching_assign": lambda world, person: {"coach-coach": world.people[("overstapcoach", "own")].membership.pk},
    "receiver": lambda world, person: {
        "to_organisation": world.org("region", "vo").pk,
        "seen": world.case_preparing.to_organisation_id,
        "version": _case_version(world.case_preparing),
    },
    "categories": _categories,
    "family_view": lambda world, person: {
        "read": "on",
        "verdict": "eens",
        "text": "Wij zien het net zo als de school.",
    },
    "inzage": lambda world, person: {"inzage_on": TODAY.isoformat(), "by_name": "Moeder"},
    "meeting": lambda world, person: {
        "kind": "warme_overdracht",
        "held_on": TODAY.isoformat(),
        **_formset("deelnemer", [{"name": "Moeder", "role": "ouder"}], 20),
        **_formset("afspraak", [], 20),
    },
    "mentor_note": lambda world, person: {"text": "Rustig welkom heten; vaste plek in de klas.", "version": 0},
    "feedback": lambda world, person: {"complete": 4, "useful": 4, "on_time": 5, "comment": "Op tijd en bruikbaar."},
    "protocol": lambda world, person: {
        "text": "Aanmeldformulier van de regio gebruiken.",
        "transitions": ["PO-VO"],
        "required": "on",
        "source": "Regionaal protocol",
    },
    # The region's date for registration, on the protocol item (prefixed by its id, as on the protocol page).
    "protocol_date": lambda world, person: {
        f"datum-{world.objects['protocol_item'].pk}-due_on": "2027-03-15",
        f"datum-{world.objects['protocol_item'].pk}-milestone": "aanmelding",
    },
    "support_request": _support_request,
    "advice": lambda world, person: {"advice": "Cluster 4 past het best.", "recommends": "ja"},
    "signal_note": lambda world, person: {"note": "Moeder gebeld; gesprek op school gepland.", "next_on": ""},
    "signal_close": lambda world, person: {"note": "Gesprek gevoerd; de leerling is weer op school.", "confirmed": "1"},
    "route": lambda world, person: {
        "route-acting_organisation": world.org("own", "gemeente").pk,
        "route-acting_person": "Mevrouw Kaya",
        "route-arrangement": "deeltijd",
        "route-version": world.route.version,
    },
    "route_close": lambda world, person: {
        "afsluiten-status": "terug_op_school",
        "afsluiten-note": "Start maandag.",
        "confirmed": "1",
    },
    "absence": lambda world, person: {
        "from_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "kind": "ongeoorloofd",
    },
    "absence_end": lambda world, person: {"einde-to_date": TODAY.isoformat()},
    # Confirmed, as from the confirmation page (without it the answer is that page, and nothing is decided yet).
    "decision": lambda world, person: {
        "granted": "nee",
        "motivation": "De school kan de steun zelf bieden.",
        "confirmed": "1",
    },
    "tafel_new": lambda world, person: {
        "region": _first_region(person),
        "transition": "PO-VO",
        "held_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "starts_at": "13:30",
        "location": "Stadhuis",
    },
    "tafel_details": lambda world, person: {
        "held_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
        "location": "Andere zaal",
        "version": 1,
    },
    "tafel_cancel": lambda world, person: {"status-status": "geannuleerd", "status-note": "Te weinig leerlingen."},
    "tafel_participant": lambda world, person: {
        "deelnemer-organisation": world.org("region", "bao").pk,
        "deelnemer-attendees": "IB'er",
    },
    "tafel_add_pupil": lambda world, person: {"pupil": world.pupils["own"].pk},
    "tafel_row": lambda world, person: {
        "outcome": "Aanmelding loopt.",
        "next_step": "Intake plannen",
        "proposed_to": "",
        "version": 1,
    },
    "tafel_remove": lambda world, person: {"weg-reason": "Al geplaatst."},
    "tafel_agreement": lambda world, person: {
        f"afspraak-{world.tafel_row.pk}-what": "Ouders bellen",
        f"afspraak-{world.tafel_row.pk}-owner": world.org("own", "bao").pk,
        f"afspraak-{world.tafel_row.pk}-due_on": (TODAY + datetime.timedelta(days=10)).isoformat(),
    },
}


def _first_region(person) -> int:
    if person.membership is None:
        return 0
    region = person.membership.organisation.regions.order_by("pk").first()
    return region.pk if region else 0
