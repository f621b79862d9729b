"""The permission matrix as data: one row per URL name, with who may use it.

Each row says how to build the object the URL is about (a builder over the shared world in
``permission_world.py``), which HTTP methods it serves, the checkpoint action it stands for, and which
(role, relation) pairs are allowed. ``test_permission_matrix.py`` turns the rows into tests.

The expectations are written out by hand from the product rules (README, docs/architecture.md, the rules' own
comments), never derived from the rule set, so that a wrong rule fails a test.

Relations of an actor to the object:

- ``own``: the actor works at one of the pupil's own organisations: the pupil's school or pre-school, the
  municipality the pupil lives in, the samenwerkingsverband (SWV) of the pupil's school;
- ``region``: another organisation of the same type in the same SWV region (for an SWV: a second SWV of the same
  kind over the same region, so that a rule keyed on "this SWV" differs from one keyed on "this region");
- ``unrelated``: an organisation of the same type in another region;
- ``family``: the pupil's parent who is a legal representative (``parent``), the pupil themself (``pupil``, 12
  years old) and a carer who is not a legal representative (``carer``);
- ``anonymous``: nobody logged in.

Each role works at one kind of organisation (``HOME``): the IB'er at the primary school the pupil leaves, the care
coordinator, mentor and decaan at the VO school the pupil moves to (the pupil is enrolled at both, and at a
pre-school, so that every school role has the pupil as its own). What a school writes (dossier entry, OPP, youth
care) is written by that VO school; the transition cases go from the primary school to the VO school.
"""

from dataclasses import dataclass, field


def _oso_installed() -> bool:
    from overstap.oso.gegevensset import available

    return available()


# The SWV route moves from overstap.dossiers to its own app overstap.support: this line is the only place the
# matrix names it. After the move: SUPPORT_APP, SUPPORT_URL = "support", "support:{}".
SUPPORT_APP, SUPPORT_URL = "support", "support:{}"

ROLES = (
    "ib",
    "zorgcoordinator",
    "mentor",
    "decaan",
    "voorschool_medewerker",
    "jgz",
    "swv_consulent",
    "orthopedagoog",
    "tlv_commissie",
    "leerplicht",
    "rmc",
    "jeugdhulp",
    "overstapcoach",
    "beleid",
    "functioneel_beheerder",
    "privacy",
)
# The kind of organisation each role is tried at.
HOME = {
    "ib": "bao",
    "zorgcoordinator": "vo",
    "mentor": "vo",
    "decaan": "vo",
    "voorschool_medewerker": "voorschool",
    "jgz": "jeugdhulp",
    "swv_consulent": "swv_po",
    "orthopedagoog": "swv_po",
    "tlv_commissie": "swv_po",
    "leerplicht": "gemeente",
    "rmc": "gemeente",
    "jeugdhulp": "jeugdhulp",
    "overstapcoach": "vo",
    "beleid": "swv_vo",
    "functioneel_beheerder": "bao",
    "privacy": "bao",
}
ORGANISATION_RELATIONS = ("own", "region", "unrelated")

Actor = tuple[str, str]  # (role, relation)
PARENT: frozenset[Actor] = frozenset({("parent", "family")})
PUPIL: frozenset[Actor] = frozenset({("pupil", "family")})
CARER: frozenset[Actor] = frozenset({("carer", "family")})
ANONYMOUS: Actor = ("anonymous", "anonymous")
ACTORS: tuple[Actor, ...] = (
    *((role, relation) for role in ROLES for relation in ORGANISATION_RELATIONS),
    *sorted(PARENT | PUPIL | CARER),
    ANONYMOUS,
)
# Where a request reaches no object and needs no log-in (a public page, the log-in flow), the actor has no relation
# to anything: one actor for each menu the pages draw (school dossier owner, mentor, SWV expert, application manager,
# privacy officer, a role with no extra menu, the family) and an anonymous visitor are tried.
ACTORS_WITHOUT_OBJECT: tuple[Actor, ...] = (
    ("ib", "own"),
    ("mentor", "own"),
    ("orthopedagoog", "own"),
    ("functioneel_beheerder", "own"),
    ("privacy", "own"),
    ("leerplicht", "own"),
    ("parent", "family"),
    ANONYMOUS,
)
# A GET to a URL that only takes POST is refused before any object or role is looked at: a professional, a family
# member and an anonymous visitor are tried.
ACTORS_FOR_METHOD: tuple[Actor, ...] = (("ib", "own"), ("parent", "family"), ANONYMOUS)


def own(*roles: str) -> frozenset[Actor]:
    return frozenset((role, "own") for role in roles)


def in_region(*roles: str) -> frozenset[Actor]:
    """At the pupil's own organisation or another one of the same kind in the same region."""
    return frozenset((role, relation) for role in roles for relation in ("own", "region"))


def anywhere(*roles: str) -> frozenset[Actor]:
    return frozenset((role, relation) for role in roles for relation in ORGANISATION_RELATIONS)


# --- Groups, written out from the product rules -------------------------------------------------------------------

OWNERS = ("ib", "zorgcoordinator")  # own the pupil's dossier at school
SCHOOL_STAFF = (*OWNERS, "mentor", "decaan", "voorschool_medewerker")
SWV = ("swv_consulent", "orthopedagoog", "tlv_commissie")
MUNICIPAL = ("leerplicht", "rmc")  # registration and place only, never support content
# The roles whose organisation lies in the pupil's primary-school (PO) region: what a region's protocol reaches.
IN_PO_REGION = (
    "ib",
    "voorschool_medewerker",
    "jgz",
    "swv_consulent",
    "orthopedagoog",
    "tlv_commissie",
    "leerplicht",
    "rmc",
    "jeugdhulp",
    "functioneel_beheerder",
    "privacy",
)

READERS = PARENT | PUPIL  # read the dossier: the legal representative and the pupil themself
FAMILY = READERS | CARER
PROFESSIONALS = anywhere(*ROLES)
SIGNED_IN = PROFESSIONALS | FAMILY
EVERYONE = SIGNED_IN | {ANONYMOUS}

# Who sees the pupil's page (registration): the school staff, leerplicht of the municipality (the pupil is 12: the
# RMC follows young people of 18 up to 23 without a startkwalificatie), the SWV the school asked for support, and
# the whole family.
# The overstapcoach sees the pupils of their own caseload.
PUPIL_VIEWERS = own(*SCHOOL_STAFF, "leerplicht", *SWV, "overstapcoach") | FAMILY
# Who opens the dossier: the current school's staff and the family members who read it; never leerplicht/RMC.
DOSSIER = own(*SCHOOL_STAFF) | READERS
# An entry (or OPP) the VO school wrote: that school's staff and the family.
ENTRY_READERS = own("zorgcoordinator", "mentor", "decaan") | READERS
# A correction request about an entry the VO school wrote: that school's dossier owner and the family who read it.
CORRECTION_READERS = own("zorgcoordinator") | READERS
# Youth care the VO school recorded with the family's consent: its dossier owner and the family.
CARE_READERS = own("zorgcoordinator") | READERS
CONSENT_READERS = own(*OWNERS) | READERS
# A support request of the primary school to its SWV: that school's dossier owner, the SWV and the family.
SUPPORT_VIEWERS = own("ib", *SWV) | READERS
# A transition case from the primary school to the VO school: the sender always; the receiver, the region's SWV
# consultant and the family once the pupil is registered; the new mentor once the receiver opened the handover.
PREPARING_CASE_VIEWERS = own("ib")
REGISTERED_CASE_VIEWERS = own(*OWNERS) | in_region("swv_consulent") | READERS
OPENED_CASE_VIEWERS = REGISTERED_CASE_VIEWERS | own("mentor")
# The sent case is the one the VO school's overstapcoach coaches.
CASE_SENT_VIEWERS = REGISTERED_CASE_VIEWERS | own("overstapcoach")
# A warm handover organised by the primary school on a sent case: both schools and the family.
MEETING_VIEWERS = own(*OWNERS) | READERS
# A signal the VO school owns about the sent case: that school's dossier owner, the school that sent the case and
# the region's SWV consultant.
SIGNAL_VIEWERS = own("ib", "zorgcoordinator") | in_region("swv_consulent")
# An attendance signal (no place) owned by the municipality's leerplicht: leerplicht of the pupil's municipality (the
# RMC follows young people from 18, and the pupil is 12), and the region's SWV consultant; never the family.
ATTENDANCE_SIGNAL_VIEWERS = own("leerplicht") | in_region("swv_consulent")

# The doorstroomdossier written at the VO school: the guiding roles of that school (mentor, decaan, care coordinator)
# and the family members who read the dossier; the primary school's IB'er does not write one (PO is no VO or MBO).
DOORSTROOM_SCHOOL = own("zorgcoordinator", "mentor", "decaan")
DOORSTROOM_READERS = DOORSTROOM_SCHOOL | READERS

# The coaching of the sent move: the coach, the primary school that assigned the coach (and sends the pupil), and
# the VO school that receives the pupil while the coaching is open.
COACHING_VIEWERS = own("overstapcoach", "ib", "zorgcoordinator")
COACHING_CASELOAD = {("overstapcoach", "own"): frozenset({"sent"})}

# The PO→VO Overstaptafel the own SWV PO convenes, with the primary school, the VO school and the municipality: the
# roles that take part at those organisations (dossier owners, careers adviser, coach, leerplicht, RMC) and the
# convener's consultant. Mentors, policy officers and every other organisation see no tafel.
TAFEL_VIEWERS = own("swv_consulent", "ib", "zorgcoordinator", "decaan", "overstapcoach", "leerplicht", "rmc")
# The own pupil on it: those who take part and may see the pupil itself; not the RMC (the pupil is 12).
TAFEL_ROW_VIEWERS = TAFEL_VIEWERS - own("rmc")
TAFEL_CONVENER = own("swv_consulent")
TAFEL_LIST = {actor: frozenset({"po"}) for actor in TAFEL_VIEWERS}


# The thuiszitters register: the own pupil is absent without permission from the VO school for five weeks. Leerplicht
# of the municipality and the SWV of the region of the pupil's school share the route; the pupil's own schools (the
# dossier owners, by the current enrolment) read it and record absence; nobody else sees it, the family neither.
ROUTE_VIEWERS = own("leerplicht", "ib", "zorgcoordinator") | in_region("swv_consulent")
ROUTE_ACTORS = own("leerplicht") | in_region("swv_consulent")
REGISTER_LIST = dict.fromkeys(ROUTE_VIEWERS, frozenset({"own"}))

# --- Lists: exactly these objects, never more ---------------------------------------------------------------------


def _each(roles, relations=ORGANISATION_RELATIONS):
    return {(role, relation): frozenset({relation}) for role in roles for relation in relations}


# Pupils by the relation they have to the world's organisations: "own", "region" or "unrelated".
PUPIL_LIST: dict[Actor, frozenset[str]] = {
    **_each(SCHOOL_STAFF),  # the pupils of their own school
    **_each(("leerplicht",)),  # the pupils under 18 living in their municipality (the RMC's are 18 to 23)
    **dict.fromkeys(own(*SWV), frozenset({"own"})),  # the pupil their SWV was asked to support
    **dict.fromkeys(FAMILY, frozenset({"own"})),
    ("overstapcoach", "own"): frozenset({"own"}),  # the pupil on the coach's caseload
}
# Transition cases of the own pupil: "preparing", "inzage", "sent", "opened" and "no_place" (all from the primary
# school to the VO school). A case without a place is followed by the sender, the region's SWV consultant, the
# family and leerplicht of the pupil's municipality (the pupil is 12: RMC follows young people from 18 to 23); the
# VO school that did not place the pupil no longer sees it.
REGISTERED = frozenset({"inzage", "sent", "opened"})
NO_PLACE = frozenset({"no_place"})
CASE_LIST: dict[Actor, frozenset[str]] = {
    ("ib", "own"): REGISTERED | {"preparing"} | NO_PLACE,
    ("zorgcoordinator", "own"): REGISTERED,
    ("mentor", "own"): frozenset({"opened"}),
    **dict.fromkeys(in_region("swv_consulent"), REGISTERED | NO_PLACE),
    **dict.fromkeys(READERS, REGISTERED | NO_PLACE),
    ("leerplicht", "own"): NO_PLACE,
    ("overstapcoach", "own"): frozenset({"sent"}),  # the move the coach coaches
}
# Support requests of the own pupil: "submitted", "in_progress", "decided".
ALL_REQUESTS = frozenset({"submitted", "in_progress", "decided"})
SUPPORT_LIST: dict[Actor, frozenset[str]] = dict.fromkeys(SUPPORT_VIEWERS, ALL_REQUESTS)
# Organisations: every professional sees the whole directory; families see none.
ORGANISATION_LIST: dict[Actor, frozenset[str]] = dict.fromkeys(PROFESSIONALS, frozenset({"all"}))


@dataclass(frozen=True)
class Row:
    url: str
    build: str = "nothing"  # builder of the URL's keyword arguments (permission_world.BUILDERS)
    methods: tuple[str, ...] = ("GET",)
    action: str | None = None  # the checkpoint action: "app_label.Model:action"
    allowed: frozenset[Actor] = frozenset()  # for GET, and for POST unless post_allowed says otherwise
    post_allowed: frozenset[Actor] | None = None
    # Who sees the object: a refused POST may answer them with a Dutch message instead of 404.
    sees: frozenset[Actor] = frozenset()
    ok: int = 200  # the status of an allowed GET
    ok_anonymous: int | None = None  # ... when it differs for anonymous visitors
    post_data: str = "empty"  # builder of the POST's form data (permission_world.POST_DATA)
    writes: bool = False  # an allowed POST with that data changes the database
    login: bool = True  # the view asks to log in first
    reaches_object: bool = True  # False: no object and no log-in, so a sample of actors is tried (see above)
    # For a list: (context name, kind of object, the objects each actor is shown); anyone not named sees none.
    shows: tuple[str, str, dict] | None = None
    # Answers that look wrong today, kept visible: (method, actor) -> why. The test asserts they still differ
    # from the expectation, so a fix (or a change in the refactor) shows up.
    known: dict[tuple[str, Actor], str] = field(default_factory=dict)
    # An API endpoint answers a visitor who is not signed in with this status (401) instead of the log-in page.
    anonymous_status: int | None = None

    @property
    def for_post(self) -> frozenset[Actor]:
        return self.allowed if self.post_allowed is None else self.post_allowed

    def actors(self, method: str, *, every_actor: bool = False) -> tuple[Actor, ...]:
        """Who is tried. Every actor when asked (for a record of all answers); otherwise a sample where the request
        cannot reach an object (see above), and at an unrelated organisation only the roles this row allows at the
        pupil's own organisation or in its region, to show that what they may do stops at the region's edge. A role
        refused in the pupil's own region is not tried further away, where it has less to do with the pupil still.
        """
        if every_actor:
            return ACTORS
        if method not in self.methods:
            return ACTORS_FOR_METHOD
        if not self.reaches_object:
            return ACTORS_WITHOUT_OBJECT
        allowed = self.allowed if method == "GET" else self.for_post
        nearby = {role for role, relation in allowed if relation in ("own", "region")}
        return tuple((role, relation) for role, relation in ACTORS if relation != "unrelated" or role in nearby)


def _silent(actors, why):
    return {("POST", actor): why for actor in actors}


def support(name: str) -> str:
    return SUPPORT_URL.format(name)


def _public(url: str, build: str = "nothing", **fields) -> Row:
    """A page for everyone, logged in or not, about no object."""
    return Row(url, build, allowed=EVERYONE, login=False, reaches_object=False, **fields)


MATRIX: tuple[Row, ...] = (
    # --- Public pages and the log-in flow ---
    _public("ui:home"),
    _public("healthz"),
    _public("schema"),
    _public("matrix:index"),
    _public("matrix:glossary"),
    _public("matrix:detail", "matrix_transition"),
    _public("matrix-transition-list"),
    _public("matrix-transition-detail", "api_transition"),
    _public("matrix-stage-list"),
    _public("matrix-stage-detail", "api_stage"),
    # --- The API for connected systems: a person signed in (both factors) is answered as the pages answer them ---
    *(
        Row(f"api-{name}-list", action=action, allowed=SIGNED_IN, anonymous_status=401)
        for name, action in (
            ("pupil", "pupils.Pupil:list"),
            ("enrolment", "pupils.Enrolment:list"),
            ("entry", "dossiers.Entry:list"),
            ("opp", "dossiers.Opp:list"),
            ("integral-plan", "dossiers.IntegralPlan:list"),
            ("decision", f"{SUPPORT_APP}.SupportRequest:list"),
            ("case", "transitions.TransitionCase:list"),
            ("handover", "transitions.TransitionCase:read_handover"),
            ("meeting", "transitions.Meeting:list"),
            ("signal", "monitoring.Signal:list"),
            ("feedback", "transitions.Feedback:list"),
        )
    ),
    Row("api-pupil-detail", "pupil", action="pupils.Pupil:view", allowed=PUPIL_VIEWERS, anonymous_status=401),
    Row(
        "api-enrolment-detail", "enrolment", action="pupils.Enrolment:view", allowed=PUPIL_VIEWERS, anonymous_status=401
    ),
    Row("api-entry-detail", "entry", action="dossiers.Entry:view", allowed=ENTRY_READERS, anonymous_status=401),
    Row("api-opp-detail", "opp", action="dossiers.Opp:view", allowed=ENTRY_READERS, anonymous_status=401),
    Row(
        "api-integral-plan-detail",
        "integral_plan",
        action="dossiers.IntegralPlan:view",
        allowed=ENTRY_READERS,
        anonymous_status=401,
    ),
    Row(
        "api-decision-detail",
        "decision",
        action=f"{SUPPORT_APP}.SupportRequest:view",
        allowed=SUPPORT_VIEWERS,
        anonymous_status=401,
    ),
    Row(
        "api-case-detail",
        "case_sent",
        action="transitions.TransitionCase:view",
        allowed=CASE_SENT_VIEWERS,
        anonymous_status=401,
    ),
    Row(
        "api-handover-detail",
        "handover_inzage",
        action="transitions.TransitionCase:read_handover",
        allowed=own("ib") | READERS,
        anonymous_status=401,
    ),
    Row(
        "api-meeting-detail",
        "meeting",
        action="transitions.Meeting:view",
        allowed=MEETING_VIEWERS,
        anonymous_status=401,
    ),
    Row("api-signal-detail", "signal", action="monitoring.Signal:view", allowed=SIGNAL_VIEWERS, anonymous_status=401),
    # Feedback: the sending school's and the receiving school's dossier owners, and the region's SWV consultant.
    Row(
        "api-feedback-detail",
        "feedback",
        action="transitions.Feedback:view",
        allowed=own(*OWNERS) | in_region("swv_consulent"),
        anonymous_status=401,
    ),
    _public("set_language", methods=("GET", "POST"), ok=302, post_data="language"),
    # Logged in already: the log-in pages send you on. Anonymous: the form; the code and app pages first need the
    # password, so they send you back to it.
    _public("accounts:login", methods=("GET", "POST"), ok=302, ok_anonymous=200, post_data="login"),
    _public("accounts:login-code", methods=("GET", "POST"), ok=302, post_data="code"),
    _public("accounts:totp-setup", methods=("GET", "POST"), ok=302, post_data="code"),
    _public("accounts:logout", methods=("POST",)),
    _public("accounts:switch-membership", methods=("POST",), post_data="membership"),
    _public("accounts:activate", "activation", methods=("GET", "POST")),
    # --- Pupils and organisations ---
    Row("pupils:list", action="pupils.Pupil:list", allowed=SIGNED_IN, shows=("pupils", "pupil", PUPIL_LIST)),
    Row("pupils:detail", "pupil", action="pupils.Pupil:view", allowed=PUPIL_VIEWERS),
    # Who looked: the dossier owners at the pupil's school and the legal representative; the pupil too (a pupil
    # always sees their own data). Not a carer without legal representation.
    # Adding a pupil by hand at one's own school: its dossier owners, and at a pre-school its staff. An empty form
    # is answered with the messages and adds nothing.
    Row(
        "pupils:new",
        methods=("GET", "POST"),
        action="organisations.Organisation:add_pupil",
        allowed=anywhere(*OWNERS, "voorschool_medewerker"),
    ),
    # Importing a pupil list: the same people as adding a pupil by hand, each at their own school; an import is
    # seen and handled only by them at the school it belongs to (the IB'er's BAO school in the world).
    Row(
        "pupils:import-start",
        methods=("GET", "POST"),
        action="organisations.Organisation:add_pupil",
        allowed=anywhere(*OWNERS, "voorschool_medewerker"),
    ),
    Row(
        "pupils:import",
        "pupil_import",
        methods=("GET", "POST"),
        action="pupils.PupilImport:view",
        allowed=own("ib"),
    ),
    Row("pupils:import-run", "pupil_import", methods=("POST",), action="pupils.PupilImport:change", allowed=own("ib")),
    Row(
        "pupils:import-cancel",
        "pupil_import",
        methods=("POST",),
        action="pupils.PupilImport:change",
        allowed=own("ib"),
        writes=True,
    ),
    # Importing an OSO dossier: the dossier owners of a school, at their own school; an import is seen and
    # handled only by them at the school it belongs to (the IB'er's BAO school in the world).
    Row(
        "oso:import-start",
        methods=("GET", "POST"),
        action="organisations.Organisation:import_oso",
        allowed=anywhere(*OWNERS),
    ),
    Row("oso:import", "oso_import", action="oso.OsoImport:view", allowed=own("ib")),
    Row("oso:import-confirm", "oso_import", methods=("POST",), action="oso.OsoImport:change", allowed=own("ib")),
    Row(
        "oso:import-cancel",
        "oso_import",
        methods=("POST",),
        action="oso.OsoImport:change",
        allowed=own("ib"),
        writes=True,
    ),
    Row("pupils:audit", "pupil", action="pupils.Pupil:view_audit", allowed=own(*OWNERS) | READERS),
    # The download of the whole dossier (AVG art. 15 and 20): the one who exercises the child's rights, a parent
    # with parental authority while the child is under 16 (the world's pupil is 12, so not the pupil themself yet).
    # Never a carer without parental authority, never a professional: they read what their work needs, page by page.
    Row("family:download", "pupil", action="pupils.Pupil:download_dossier", allowed=PARENT),
    Row("family:download-json", "pupil", action="pupils.Pupil:download_dossier", allowed=PARENT),
    Row("family:download-pdf", "pupil", action="pupils.Pupil:download_dossier", allowed=PARENT),
    Row(
        "pupils:guardian-new",
        "pupil",
        methods=("GET", "POST"),
        action="pupils.Pupil:add_guardian",
        allowed=own(*OWNERS),
        sees=PUPIL_VIEWERS,
        post_data="guardian",
        writes=True,
    ),
    Row(
        "organisations:list",
        action="organisations.Organisation:list",
        allowed=SIGNED_IN,
        shows=("organisations", "organisation", ORGANISATION_LIST),
    ),
    # The directory is open to every professional, never to families.
    Row("organisations:detail", "organisation", action="organisations.Organisation:view", allowed=PROFESSIONALS),
    # --- Management: the application manager of their own organisation, wherever that is ---
    Row("beheer:members", action="accounts.Membership:manage", allowed=anywhere("functioneel_beheerder")),
    Row(
        "beheer:member-add",
        methods=("GET", "POST"),
        action="organisations.Organisation:manage",
        allowed=anywhere("functioneel_beheerder"),
        post_data="member",
        writes=True,
    ),
    Row(
        "beheer:organisation",
        methods=("GET", "POST"),
        action="organisations.Organisation:manage",
        allowed=anywhere("functioneel_beheerder"),
        post_data="organisation_details",
        writes=True,
    ),
    # A mentor's role at the primary school: only that school's application manager ends it or resets access.
    # GET: the confirmation page; POST: the step.
    # API tokens: the application manager of the organisation, wherever it is.
    Row("api_tokens:list", action="api.ApiToken:list", allowed=anywhere("functioneel_beheerder")),
    Row("api_tokens:new", action="organisations.Organisation:manage", allowed=anywhere("functioneel_beheerder")),
    Row(
        "api_tokens:revoke",
        "api_token",
        methods=("GET", "POST"),
        action="api.ApiToken:manage",
        allowed=own("functioneel_beheerder"),
        writes=True,
    ),
    Row(
        "beheer:member-end",
        "colleague",
        methods=("GET", "POST"),
        action="accounts.Membership:manage",
        allowed=own("functioneel_beheerder"),
        sees=own("ib", "functioneel_beheerder", "privacy"),
        writes=True,
    ),
    Row(
        "beheer:member-reset",
        "colleague",
        methods=("GET", "POST"),
        action="accounts.Membership:manage",
        allowed=own("functioneel_beheerder"),
        sees=own("ib", "functioneel_beheerder", "privacy"),
        writes=True,
    ),
    # --- The dossier ---
    Row("dossiers:dossier", "pupil", action="pupils.Pupil:view_dossier", allowed=DOSSIER),
    Row(
        "dossiers:entry-new",
        "pupil",
        methods=("GET", "POST"),
        action="pupils.Pupil:write_dossier",
        allowed=DOSSIER,
        sees=PUPIL_VIEWERS,
        post_data="entry",
        writes=True,
    ),
    # Only the school that wrote an entry changes it (its dossier owner, or the author).
    Row(
        "dossiers:entry-edit",
        "entry",
        methods=("GET", "POST"),
        action="dossiers.Entry:change",
        allowed=own("zorgcoordinator"),
        sees=ENTRY_READERS,
        post_data="entry_edit",
        writes=True,
    ),
    Row("dossiers:entry-history", "entry", action="dossiers.Entry:view", allowed=ENTRY_READERS),
    Row(
        "dossiers:entry-close",
        "entry",
        methods=("POST",),
        action="dossiers.Entry:change",
        allowed=own("zorgcoordinator"),
        sees=ENTRY_READERS,
        post_data="close",
        writes=True,
    ),
    # Correction requests (AVG art. 16): under 16 the legal representative asks about what a current school wrote;
    # the school that wrote it (its dossier owner) answers; the family who read the dossier and that school see it.
    Row(
        "dossiers:correction-ask",
        "entry",
        methods=("GET", "POST"),
        action="dossiers.Entry:request_correction",
        allowed=PARENT,
        sees=ENTRY_READERS,
        post_data="correction",
        writes=True,
    ),
    Row("dossiers:corrections", "pupil", action="pupils.Pupil:view_dossier", allowed=DOSSIER),
    Row("dossiers:correction", "correction", action="dossiers.CorrectionRequest:view", allowed=CORRECTION_READERS),
    Row(
        "dossiers:correction-answer",
        "correction",
        methods=("POST",),
        action="dossiers.CorrectionRequest:answer",
        allowed=own("zorgcoordinator"),
        sees=CORRECTION_READERS,
        post_data="correction_answer",
    ),
    Row("dossiers:plans", "pupil", action="pupils.Pupil:view_plans", allowed=DOSSIER),
    # A plan is maintained by the dossier owners of the school that wrote it; its history is read like the plan.
    Row(
        "dossiers:opp-edit",
        "opp",
        methods=("GET", "POST"),
        action="dossiers.Opp:change",
        allowed=own("zorgcoordinator"),
        sees=ENTRY_READERS,
        post_data="opp_edit",
        writes=True,
    ),
    Row("dossiers:opp-history", "opp", action="dossiers.Opp:view", allowed=ENTRY_READERS),
    Row(
        "dossiers:integral-plan-edit",
        "integral_plan",
        methods=("GET", "POST"),
        action="dossiers.IntegralPlan:change",
        allowed=own("zorgcoordinator"),
        sees=ENTRY_READERS,
        post_data="integral_plan_edit",
        writes=True,
    ),
    Row("dossiers:integral-plan-history", "integral_plan", action="dossiers.IntegralPlan:view", allowed=ENTRY_READERS),
    Row(
        "dossiers:opp-new",
        "pupil",
        methods=("GET", "POST"),
        action="pupils.Pupil:write_plans",
        allowed=own(*OWNERS),
        sees=PUPIL_VIEWERS,
        post_data="opp",
        writes=True,
    ),
    Row(
        "dossiers:integral-plan-new",
        "pupil",
        methods=("GET", "POST"),
        action="pupils.Pupil:write_plans",
        allowed=own(*OWNERS),
        sees=PUPIL_VIEWERS,
        post_data="integral_plan",
        writes=True,
    ),
    Row(
        "dossiers:opp-evaluation",
        "opp_evaluation",
        methods=("POST",),
        action="dossiers.Opp:view",
        allowed=own("zorgcoordinator"),
        sees=ENTRY_READERS,
        post_data="evaluation",
        writes=True,
    ),
    # Youth care is consent-based: the family consented to youth-care information for the VO school only, so its
    # care coordinator records it; the primary school's IB'er is refused with a message.
    Row(
        "dossiers:youth-care",
        "pupil",
        methods=("GET", "POST"),
        action="pupils.Pupil:view_dossier",
        allowed=DOSSIER,
        post_allowed=own("zorgcoordinator"),
        sees=PUPIL_VIEWERS,
        post_data="youth_care",
        writes=True,
        known=_silent(
            own("mentor", "decaan", "voorschool_medewerker") | READERS,
            "the page ignores a POST from someone who may not record youth care: 200, no message",
        ),
    ),
    Row(
        "dossiers:youth-care-decision",
        "youth_care",
        methods=("POST",),
        action="dossiers.YouthCare:view",
        allowed=own("zorgcoordinator"),
        sees=CARE_READERS,
        post_data="care_decision",
        writes=True,
    ),
    # --- Consent and breaking confidentiality ---
    # The consents and the schools' questions; consent is given by answering a question (transitions:consent-question).
    Row("consent:consents", "pupil", action="pupils.Pupil:view_dossier", allowed=DOSSIER),
    # GET: the confirmation page, only for the one who decides on consent; POST: the withdrawal.
    Row(
        "consent:withdraw",
        "consent",
        methods=("GET", "POST"),
        action="consent.Consent:view",
        allowed=PARENT,
        sees=CONSENT_READERS,
        writes=True,
    ),
    Row(
        "consent:break-glass",
        "pupil",
        methods=("POST",),
        action="pupils.Pupil:break_glass",
        allowed=own(*OWNERS),
        sees=PUPIL_VIEWERS,
        post_data="break_glass",
        writes=True,
    ),
    Row("consent:review", action="consent.BreakGlass:review", allowed=anywhere("privacy")),
    # Confidentiality broken at the primary school: its privacy officer reviews it.
    Row(
        "consent:review-done",
        "break_glass",
        methods=("POST",),
        action="consent.BreakGlass:review",
        allowed=own("privacy"),
        sees=own("privacy"),
        writes=True,
    ),
    # --- Transition cases ---
    Row(
        "transitions:list",
        action="transitions.TransitionCase:list",
        allowed=SIGNED_IN,
        shows=("cases", "case", CASE_LIST),
    ),
    Row(
        "transitions:new",
        "pupil_pk",
        methods=("GET", "POST"),
        action="pupils.Pupil:open_transition",
        allowed=own(*OWNERS),
        sees=PUPIL_VIEWERS,
        post_data="case",
        writes=True,
    ),
    Row("transitions:detail", "case_sent", action="transitions.TransitionCase:view", allowed=CASE_SENT_VIEWERS),
    # "No place" may be said by either school; the others who follow the case are told it is not their step.
    # A GET is the confirmation page of a step that cannot be undone (``?status=``); without a step it goes back to
    # the case page, for everyone who sees the case.
    Row(
        "transitions:status",
        "case_sent",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:view",
        allowed=CASE_SENT_VIEWERS,
        post_allowed=own(*OWNERS),
        ok=302,
        sees=CASE_SENT_VIEWERS,
        post_data="status",
        writes=True,
    ),
    Row(
        "transitions:checklist-done",
        "checklist_item",
        methods=("POST",),
        action="transitions.TransitionCase:change",
        allowed=own("ib"),
        sees=PREPARING_CASE_VIEWERS,
        writes=True,
    ),
    Row(
        "transitions:checklist-set-aside",
        "checklist_item",
        methods=("POST",),
        action="transitions.TransitionCase:change",
        allowed=own("ib"),
        sees=PREPARING_CASE_VIEWERS,
        post_data="set_aside",
        writes=True,
    ),
    Row(
        "transitions:receiver",
        "case_preparing",
        methods=("POST",),
        action="transitions.TransitionCase:change",
        allowed=own("ib"),
        sees=PREPARING_CASE_VIEWERS,
        post_data="receiver",
        writes=True,
    ),
    Row(
        "transitions:categories",
        "case_inzage",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:change",
        allowed=own("ib"),
        sees=REGISTERED_CASE_VIEWERS,
        post_data="categories",
        writes=True,
    ),
    # While the parents read the report: the sender previews it, the family reads it and adds its view.
    # The receiving school's dossier owner carries a received OPP or plan of approach on as its own.
    Row(
        "transitions:carry-opp",
        "case_opened_plan",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:receive",
        allowed=own("zorgcoordinator"),
        post_data="carry_opp",
        writes=True,
    ),
    Row(
        "transitions:carry-plan",
        "case_opened_plan",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:receive",
        allowed=own("zorgcoordinator"),
        post_data="integral_plan",
        writes=True,
    ),
    Row(
        "transitions:handover",
        "case_inzage",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:read_handover",
        allowed=own("ib") | READERS,
        # The answer (inzage) is the parents' while the pupil is under 16, as the world's pupil is: the pupil reads.
        post_allowed=PARENT,
        sees=REGISTERED_CASE_VIEWERS,
        post_data="family_view",
        writes=True,
    ),
    # Consent asked in the context of the move: the sending school asks (the world's pupil is at the VO school
    # already, so there is nothing to ask and nothing is written: the IB'er is told so)...
    Row(
        "transitions:consent-ask",
        "case_inzage",
        methods=("POST",),
        action="transitions.TransitionCase:change",
        allowed=own("ib"),
        sees=REGISTERED_CASE_VIEWERS,
        post_data="consent_ask",
    ),
    # ... and under 16 the legal representative answers; the pupil (12) reads the question, the school what it asked.
    Row(
        "transitions:consent-question",
        "consent_ask",
        methods=("GET", "POST"),
        action="transitions.ConsentAsk:view",
        allowed=own("ib") | READERS,
        post_allowed=PARENT,
        sees=own("ib") | READERS,
        post_data="consent_answer",
        writes=True,
    ),
    Row(
        "transitions:inzage",
        "case_inzage",
        methods=("POST",),
        action="transitions.TransitionCase:change",
        allowed=own("ib"),
        sees=REGISTERED_CASE_VIEWERS,
        post_data="inzage",
        writes=True,
    ),
    Row(
        "transitions:no-view",
        "case_inzage",
        methods=("POST",),
        action="transitions.TransitionCase:change",
        allowed=own("ib"),
        sees=REGISTERED_CASE_VIEWERS,
        writes=True,
    ),
    Row(
        "transitions:meeting-new",
        "case_sent",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:meet",
        allowed=own(*OWNERS),
        sees=CASE_SENT_VIEWERS,
        post_data="meeting",
        writes=True,
    ),
    Row("transitions:meeting", "meeting", action="transitions.Meeting:view", allowed=MEETING_VIEWERS),
    Row(
        "transitions:agreement-done",
        "agreement",
        methods=("POST",),
        action="transitions.TransitionCase:meet",
        allowed=own(*OWNERS),
        sees=MEETING_VIEWERS,
        writes=True,
    ),
    # The new mentor's page: the receiving school's dossier owner writes it, its mentor reads it.
    Row(
        "transitions:mentor",
        "case_opened",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:mentor",
        allowed=own("zorgcoordinator", "mentor"),
        post_allowed=own("zorgcoordinator"),
        sees=OPENED_CASE_VIEWERS,
        post_data="mentor_note",
        writes=True,
    ),
    # The notification that the handover arrived, addressed to the VO school.
    Row(
        "transitions:notification-read",
        "notification",
        methods=("POST",),
        action="transitions.Notification:view",
        allowed=own("zorgcoordinator"),
        sees=own("zorgcoordinator"),
        writes=True,
    ),
    Row(
        "transitions:handover-pdf",
        "case_sent",
        action="transitions.TransitionCase:read_handover",
        allowed=own(*OWNERS) | READERS,
    ),
    # The sent handover as an OSO dossier: the dossier owners of the sending and the receiving school (a redirect
    # with a Dutch refusal where the OSO schema is not installed).
    Row(
        "oso:export",
        "case_sent",
        action="transitions.TransitionCase:oso_export",
        allowed=own(*OWNERS),
        ok=200 if _oso_installed() else 302,
    ),
    # Feedback on the handover: the receiving school, once it opened it.
    Row(
        "transitions:feedback-new",
        "case_opened_feedback",
        methods=("GET", "POST"),
        action="transitions.TransitionCase:feedback",
        allowed=own("zorgcoordinator"),
        sees=OPENED_CASE_VIEWERS,
        post_data="feedback",
        writes=True,
    ),
    Row("transitions:feedback-overview", action="transitions.Feedback:list", allowed=SIGNED_IN),
    # Everyone working in a region reads its protocol; the SWV consultant keeps it (for the region of their SWV).
    Row(
        "transitions:protocol",
        methods=("GET", "POST"),
        action="transitions.ProtocolItem:list",
        allowed=PROFESSIONALS,
        post_allowed=anywhere("swv_consulent"),
        sees=PROFESSIONALS,
        post_data="protocol",
        writes=True,
    ),
    Row(
        "transitions:protocol-retire",
        "protocol_item",
        methods=("GET", "POST"),  # GET: the confirmation page
        action="transitions.ProtocolItem:manage",
        allowed=in_region("swv_consulent"),
        sees=in_region(*IN_PO_REGION),
        writes=True,
    ),
    # --- The regional dashboard: every SWV's and municipality's policy officer reads their own region's figures,
    # leerplicht the municipality's; only leerplicht goes on to the pupils (the signal worklist of the checkpoint) ---
    Row("dashboard:index", action="dashboard.Figure:list", allowed=anywhere("beleid", "leerplicht")),
    Row(
        "dashboard:export", "dashboard_table", action="dashboard.Figure:list", allowed=anywhere("beleid", "leerplicht")
    ),
    Row("dashboard:pupils", "dashboard_metric", action="dashboard.Figure:drill_down", allowed=anywhere("leerplicht")),
    # --- Signals: the worklist shows each person what the checkpoint lets them see; the owner acts ---
    Row("monitoring:list", action="monitoring.Signal:list", allowed=SIGNED_IN),
    Row("monitoring:detail", "signal", action="monitoring.Signal:view", allowed=SIGNAL_VIEWERS),
    Row(
        "monitoring:take-on",
        "signal",
        methods=("POST",),
        action="monitoring.Signal:handle",
        allowed=own("zorgcoordinator"),
        sees=SIGNAL_VIEWERS,
        post_data="signal_note",
        writes=True,
    ),
    Row(
        "monitoring:close",
        "signal",
        methods=("POST",),
        action="monitoring.Signal:handle",
        allowed=own("zorgcoordinator"),
        sees=SIGNAL_VIEWERS,
        post_data="signal_close",
        writes=True,
    ),
    # An open signal cannot be handed back: the owner is answered with the map's message, nothing changes.
    Row(
        "monitoring:hand-back",
        "signal",
        methods=("POST",),
        action="monitoring.Signal:handle",
        allowed=own("zorgcoordinator"),
        sees=SIGNAL_VIEWERS,
    ),
    # Leerplicht and RMC record contacts and agreements on the attendance signals of their municipality.
    Row(
        "monitoring:record",
        "signal_attendance",
        methods=("POST",),
        action="monitoring.Signal:record",
        allowed=own("leerplicht"),
        sees=ATTENDANCE_SIGNAL_VIEWERS,
        post_data="signal_note",
        writes=True,
    ),
    # Changing an item's deadline, and the milestone it is the region's date for, is keeping the protocol too.
    Row(
        "transitions:protocol-date",
        "protocol_item",
        methods=("POST",),
        action="transitions.ProtocolItem:manage",
        allowed=in_region("swv_consulent"),
        sees=in_region(*IN_PO_REGION),
        post_data="protocol_date",
        writes=True,
    ),
    # --- The SWV route: a support request of the primary school to its SWV ---
    Row(
        support("list"),
        action=f"{SUPPORT_APP}.SupportRequest:list",
        allowed=SIGNED_IN,
        shows=("requests", "support", SUPPORT_LIST),
    ),
    Row(
        support("new"),
        "pupil_pk",
        methods=("GET", "POST"),
        action="pupils.Pupil:request_support",
        allowed=own(*OWNERS),
        sees=PUPIL_VIEWERS,
        post_data="support_request",
        writes=True,
    ),
    Row(support("detail"), "support_submitted", action=f"{SUPPORT_APP}.SupportRequest:view", allowed=SUPPORT_VIEWERS),
    Row(support("letter"), "support_decided", action=f"{SUPPORT_APP}.SupportRequest:view", allowed=SUPPORT_VIEWERS),
    # Expert advice from the SWV's consultant and orthopedagoog; the decision from its TLV committee.
    Row(
        support("advice"),
        "support_submitted",
        methods=("POST",),
        action=f"{SUPPORT_APP}.SupportRequest:advise",
        allowed=own("swv_consulent", "orthopedagoog"),
        sees=SUPPORT_VIEWERS,
        post_data="advice",
        writes=True,
    ),
    Row(
        support("decide"),
        "support_in_progress",
        methods=("POST",),
        action=f"{SUPPORT_APP}.SupportRequest:decide",
        allowed=own("tlv_commissie"),
        sees=SUPPORT_VIEWERS,
        post_data="decision",
        writes=True,
    ),
    # GET: the confirmation page; POST: the withdrawal.
    Row(
        support("withdraw"),
        "support_submitted",
        methods=("GET", "POST"),
        action=f"{SUPPORT_APP}.SupportRequest:withdraw",
        allowed=own("ib"),
        sees=SUPPORT_VIEWERS,
        writes=True,
    ),
    # --- The doorstroomdossier: the own pupil's, written at the VO school, signed by the pupil (12) and waiting for
    # the parent's agreement. The pupil writes part A and signs; the VO school's mentor, decaan and care coordinator
    # write part B; the parent with parental authority reads it and agrees; nobody else sees it, the carer neither.
    Row("doorstroom:pupil", "pupil", action="pupils.Pupil:view_doorstroom", allowed=DOORSTROOM_READERS),
    Row(
        "doorstroom:start",
        "pupil",
        methods=("POST",),
        action="pupils.Pupil:start_doorstroom",
        allowed=DOORSTROOM_SCHOOL | PUPIL,
        sees=DOORSTROOM_READERS,
    ),
    Row("doorstroom:detail", "doorstroom", action="doorstroom.Doorstroomdossier:view", allowed=DOORSTROOM_READERS),
    Row(
        "doorstroom:part-a",
        "doorstroom",
        methods=("GET", "POST"),
        action="doorstroom.Doorstroomdossier:write_a",
        allowed=PUPIL,
        sees=DOORSTROOM_READERS,
        post_data="doorstroom_a",
        writes=True,
    ),
    Row(
        "doorstroom:part-b",
        "doorstroom",
        methods=("GET", "POST"),
        action="doorstroom.Doorstroomdossier:write_b",
        allowed=DOORSTROOM_SCHOOL,
        sees=DOORSTROOM_READERS,
        post_data="doorstroom_b",
        writes=True,
    ),
    Row(
        "doorstroom:sign",
        "doorstroom",
        methods=("POST",),
        action="doorstroom.Doorstroomdossier:sign",
        allowed=PUPIL,
        sees=DOORSTROOM_READERS,
        post_data="doorstroom_sign",
        writes=True,
    ),
    Row(
        "doorstroom:agree",
        "doorstroom",
        methods=("POST",),
        action="doorstroom.Doorstroomdossier:agree",
        allowed=PARENT,
        sees=DOORSTROOM_READERS,
        post_data="doorstroom_agree",
        writes=True,
    ),
    # --- Coaching: the VO school's overstapcoach coaches the sent move, assigned by the primary school's IB'er ---
    Row(
        "coaching:caseload",
        action="coaching.Coaching:coach",
        allowed=SIGNED_IN,
        shows=("coachings", "coaching", COACHING_CASELOAD),
    ),
    Row("coaching:detail", "coaching", action="coaching.Coaching:view", allowed=COACHING_VIEWERS),
    Row(
        "coaching:contact-new",
        "coaching",
        methods=("POST",),
        action="coaching.Coaching:coach",
        allowed=own("overstapcoach"),
        sees=COACHING_VIEWERS,
        post_data="coaching_contact",
        writes=True,
    ),
    Row(
        "coaching:goal-new",
        "coaching",
        methods=("POST",),
        action="coaching.Coaching:coach",
        allowed=own("overstapcoach"),
        sees=COACHING_VIEWERS,
        post_data="coaching_goal",
        writes=True,
    ),
    Row(
        "coaching:goal-reached",
        "coaching_goal",
        methods=("POST",),
        action="coaching.Coaching:coach",
        allowed=own("overstapcoach"),
        sees=COACHING_VIEWERS,
        writes=True,
    ),
    Row(
        "coaching:hand-over",
        "coaching",
        methods=("POST",),
        action="coaching.Coaching:coach",
        allowed=own("overstapcoach"),
        sees=COACHING_VIEWERS,
        post_data="coaching_handover",
        writes=True,
    ),
    # Closing is the coach's, and is refused with a message while the student is not yet in class.
    # GET: the confirmation page; POST: the step.
    Row(
        "coaching:close",
        "coaching",
        methods=("GET", "POST"),
        action="coaching.Coaching:coach",
        allowed=own("overstapcoach"),
        sees=COACHING_VIEWERS,
    ),
    Row(
        "coaching:stop",
        "coaching",
        methods=("POST",),
        action="coaching.Coaching:stop",
        allowed=own("ib"),
        sees=COACHING_VIEWERS,
        post_data="coaching_stop",
        writes=True,
    ),
    # --- Overstaptafels: the own SWV PO convenes a PO→VO tafel with the primary school, the VO school and the
    # municipality; the own pupil is on it with an agreement for the primary school ---
    Row("tables:list", action="tables.Overstaptafel:list", allowed=SIGNED_IN, shows=("upcoming", "tafel", TAFEL_LIST)),
    # Convening: the SWV consultant and the municipality's leerplicht and RMC, in the regions of their organisation.
    Row(
        "tables:new",
        methods=("GET", "POST"),
        action="organisations.Region:convene_tafel",
        allowed=anywhere("swv_consulent", "leerplicht", "rmc"),
        post_data="tafel_new",
        writes=True,
    ),
    Row("tables:detail", "tafel_po", action="tables.Overstaptafel:view", allowed=TAFEL_VIEWERS),
    Row("tables:minutes", "tafel_po", action="tables.Overstaptafel:view", allowed=TAFEL_VIEWERS),
    Row("tables:export-csv", "tafel_po", action="tables.Overstaptafel:view", allowed=TAFEL_VIEWERS),
    Row("tables:export-xlsx", "tafel_po", action="tables.Overstaptafel:view", allowed=TAFEL_VIEWERS),
    Row(
        "tables:details",
        "tafel_po",
        methods=("POST",),
        action="tables.Overstaptafel:manage",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_VIEWERS,
        post_data="tafel_details",
        writes=True,
    ),
    Row(
        "tables:status",
        "tafel_po",
        methods=("POST",),
        action="tables.Overstaptafel:manage",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_VIEWERS,
        post_data="tafel_cancel",
        writes=True,
    ),
    Row(
        "tables:participant-add",
        "tafel_po",
        methods=("POST",),
        action="tables.Overstaptafel:manage",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_VIEWERS,
        post_data="tafel_participant",
        writes=True,
    ),
    Row(
        "tables:participant-remove",
        "tafel_participant",
        methods=("POST",),
        action="tables.Overstaptafel:manage",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_VIEWERS,
        writes=True,
    ),
    # The own pupil is on the tafel already: proposing and adding it again change nothing.
    Row(
        "tables:propose",
        "tafel_po",
        methods=("POST",),
        action="tables.Overstaptafel:manage",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_VIEWERS,
    ),
    Row(
        "tables:pupil-search",
        "tafel_po",
        methods=("GET", "POST"),
        action="tables.Overstaptafel:manage",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_VIEWERS,
        post_data="tafel_add_pupil",
    ),
    Row(
        "tables:row",
        "tafel_row",
        methods=("GET", "POST"),
        action="tables.TablePupil:view",
        allowed=TAFEL_ROW_VIEWERS,
        post_allowed=TAFEL_CONVENER,
        sees=TAFEL_ROW_VIEWERS,
        post_data="tafel_row",
        writes=True,
    ),
    Row(
        "tables:row-remove",
        "tafel_row",
        methods=("POST",),
        action="tables.Overstaptafel:manage",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_ROW_VIEWERS,
        post_data="tafel_remove",
        writes=True,
    ),
    Row(
        "tables:agreement-add",
        "tafel_row",
        methods=("POST",),
        action="tables.TablePupil:edit",
        allowed=TAFEL_CONVENER,
        sees=TAFEL_ROW_VIEWERS,
        post_data="tafel_agreement",
        writes=True,
    ),
    # Marking done: the organisation that owns the agreement (the primary school) and the convener.
    Row(
        "tables:agreement-done",
        "tafel_agreement",
        methods=("POST",),
        action="tables.Agreement:complete",
        allowed=own("ib", "swv_consulent"),
        sees=TAFEL_ROW_VIEWERS,
        writes=True,
    ),
    # --- The thuiszitters register (the list and export show each person only what the checkpoint lets them) ---
    Row(
        "thuiszitters:register",
        action="pupils.Pupil:view_route",
        allowed=SIGNED_IN,
        shows=("pupils", "pupil", REGISTER_LIST),
    ),
    Row("thuiszitters:export", "export_csv", action="pupils.Pupil:view_route", allowed=SIGNED_IN),
    Row("thuiszitters:route", "pupil_pk", action="pupils.Pupil:view_route", allowed=ROUTE_VIEWERS),
    Row(
        "thuiszitters:route-save",
        "pupil_pk",
        methods=("POST",),
        action="pupils.Pupil:act_route",
        allowed=ROUTE_ACTORS,
        sees=ROUTE_VIEWERS,
        post_data="route",
        writes=True,
    ),
    Row(
        "thuiszitters:route-take-on",
        "pupil_pk",
        methods=("POST",),
        action="pupils.Pupil:act_route",
        allowed=ROUTE_ACTORS,
        sees=ROUTE_VIEWERS,
        writes=True,
    ),
    Row(
        "thuiszitters:route-close",
        "pupil_pk",
        methods=("POST",),
        action="pupils.Pupil:act_route",
        allowed=ROUTE_ACTORS,
        sees=ROUTE_VIEWERS,
        post_data="route_close",
        writes=True,
    ),
    # The VO school's absence is still open, so it is told so and nothing changes; the primary school records one.
    Row(
        "thuiszitters:absence-new",
        "pupil_pk",
        methods=("GET", "POST"),
        action="pupils.Pupil:record_absence",
        allowed=own("ib", "zorgcoordinator"),
        sees=ROUTE_VIEWERS,
        post_data="absence",
    ),
    # The school that recorded the absence ends it.
    Row(
        "thuiszitters:absence-end",
        "absence",
        methods=("POST",),
        action="thuiszitters.AbsenceReport:end",
        allowed=own("zorgcoordinator"),
        sees=ROUTE_VIEWERS,
        post_data="absence_end",
        writes=True,
    ),
    # Assigning: the sending school's dossier owners, and the samenwerkingsverband's consultant who follows the
    # move. The coach the data names already coaches it, so the allowed request is refused with a message.
    Row(
        "coaching:assign",
        "case_sent_coach",
        methods=("POST",),
        action="transitions.TransitionCase:assign_coach",
        allowed=own("ib") | in_region("swv_consulent"),
        sees=CASE_SENT_VIEWERS,
        post_data="coaching_assign",
    ),
)
