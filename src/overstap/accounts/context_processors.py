from .roles import ATTENDANCE_ROLES, DOSSIER_OWNER_ROLES, SWV_ROLES, Role


def navigation(request):
    """Which role-specific menu items the acting membership gets (the pages themselves check access again)."""
    membership = getattr(getattr(request, "user", None), "acting_membership", None)
    role = membership.role if membership is not None else None
    user = getattr(request, "user", None)
    family = membership is None and user is not None and user.is_authenticated
    return {
        # Transitions: the schools' dossier owners, the new mentor, the SWV consultant, leerplicht and RMC (the
        # pupils without a place), and the family.
        "nav_transitions": family or role in DOSSIER_OWNER_ROLES | ATTENDANCE_ROLES | {Role.MENTOR, Role.SWV_CONSULENT},
        "nav_support": role in DOSSIER_OWNER_ROLES | SWV_ROLES,
        # Signals: whoever may own one (the schools' dossier owners, the SWV consultant, leerplicht and RMC).
        "nav_signals": role in DOSSIER_OWNER_ROLES | ATTENDANCE_ROLES | {Role.SWV_CONSULENT},
        "nav_caseload": role == Role.OVERSTAPCOACH,
        # Overstaptafels: the roles that take part in one (tables/rules.py, TAKING_PART_ROLES).
        "nav_tables": role
        in DOSSIER_OWNER_ROLES | ATTENDANCE_ROLES | {Role.DECAAN, Role.SWV_CONSULENT, Role.OVERSTAPCOACH},
        # The thuiszitters register: leerplicht and the SWV consultant share it; a school's dossier owners see
        # their own pupils in it.
        "nav_thuiszitters": role in DOSSIER_OWNER_ROLES | {Role.LEERPLICHT, Role.SWV_CONSULENT},
        # The regional dashboard: the policy officer of an SWV or a municipality, and leerplicht (dashboard/rules.py).
        "nav_dashboard": role == Role.BELEID or (role == Role.LEERPLICHT),
        "nav_privacy": role == Role.PRIVACY,
        "nav_management": role == Role.FUNCTIONEEL_BEHEERDER,
    }
