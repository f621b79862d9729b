from .roles import DOSSIER_OWNER_ROLES, SWV_ROLES, Role


def navigation(request):
    """Which role-specific menu items the acting membership gets (the pages themselves check access again)."""
    membership = getattr(getattr(request, "user", None), "acting_membership", None)
    role = membership.role if membership is not None else None
    return {
        "nav_transitions": role in DOSSIER_OWNER_ROLES,
        "nav_support": role in DOSSIER_OWNER_ROLES | SWV_ROLES,
        "nav_privacy": role == Role.PRIVACY,
        "nav_management": role == Role.FUNCTIONEEL_BEHEERDER,
    }
