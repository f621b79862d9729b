"""What a token may be used for: a fixed list of scopes, each the checkpoint actions it stands for.

A scope only narrows: a token with ``pupils:read`` still sees only the pupils its organisation and role may see
(the checkpoint decides that, as for a person). Without the scope the endpoint refuses with 403 before any object is
looked up, so a refusal says nothing about whether an object exists.
"""

from django.utils.translation import gettext_lazy as _

from overstap.accounts.roles import ROLE_ORGANISATION_TYPES, Role

# scope -> (what the manager reads, the checkpoint actions on the models it opens)
SCOPES: dict[str, tuple] = {
    "pupils:read": (_("Read pupils and their school career"), ("pupils.Pupil:list", "pupils.Enrolment:list")),
    "pupils:write": (
        _("Add pupils, change their enrolments and end them"),
        ("organisations.Organisation:add_pupil", "pupils.Enrolment:change"),
    ),
    "dossier:read": (_("Read dossier entries"), ("dossiers.Entry:list",)),
    "plans:read": (_("Read OPPs and integral plans"), ("dossiers.Opp:list", "dossiers.IntegralPlan:list")),
    "support:read": (_("Read SWV decisions (TLV, LWOO, arrangement)"), ("support.SupportRequest:list",)),
    "transitions:read": (
        _("Read transition cases, handovers and meetings"),
        ("transitions.TransitionCase:list", "transitions.TransitionCase:read_handover", "transitions.Meeting:list"),
    ),
    "signals:read": (_("Read signals"), ("monitoring.Signal:list",)),
    "feedback:read": (_("Read feedback on transitions"), ("transitions.Feedback:list",)),
}
SCOPE_CHOICES = [(key, label) for key, (label, _actions) in SCOPES.items()]

# The roles a token can be issued under: the roles whose work a connected system does. Not the application manager
# or the privacy officer (they see no pupils), not the policy officer (counts only), not the transition coach (whose
# rules follow the person on the caseload), not JGZ (sees no pupils yet).
TOKEN_ROLES = (
    Role.IB,
    Role.ZORGCOORDINATOR,
    Role.MENTOR,
    Role.DECAAN,
    Role.VOORSCHOOL_MEDEWERKER,
    Role.SWV_CONSULENT,
    Role.ORTHOPEDAGOOG,
    Role.TLV_COMMISSIE,
    Role.LEERPLICHT,
    Role.RMC,
    Role.JEUGDHULP,
)


def roles_for(organisation) -> list[tuple[str, str]]:
    """The roles a token of this organisation can act in."""
    return [(role.value, role.label) for role in TOKEN_ROLES if organisation.type in ROLE_ORGANISATION_TYPES[role]]
