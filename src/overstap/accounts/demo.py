"""Demo accounts: one for every role, with a demo-only password and a fixed TOTP secret."""

import base64
import hashlib

from django_otp.plugins.otp_totp.models import TOTPDevice

from overstap.organisations.demo import organisation

from .models import Membership, User
from .roles import Role

DEMO_PASSWORD = "Overstap-demo-2026"  # noqa: S105 - demo only, printed for everyone on purpose

# username, first name, last name, [(organisation key, role)]
PROFESSIONALS = [
    ("ib.regenboog", "Inge", "Bakker", [("regenboog", Role.IB)]),
    ("leerkracht.regenboog", "Tom", "Visser", [("regenboog", Role.MENTOR)]),
    ("beheer.regenboog", "Fatima", "El Idrissi", [("regenboog", Role.FUNCTIONEEL_BEHEERDER)]),
    ("privacy.regenboog", "Wouter", "Dekker", [("regenboog", Role.PRIVACY)]),
    ("pm.boomhut", "Sanne", "de Wit", [("boomhut", Role.VOORSCHOOL_MEDEWERKER)]),
    ("ib.wegwijzer", "Hans", "Mulder", [("wegwijzer", Role.IB), ("kompas", Role.IB)]),
    ("zorg.college", "Marieke", "Smit", [("college", Role.ZORGCOORDINATOR)]),
    ("mentor.college", "Kevin", "de Boer", [("college", Role.MENTOR)]),
    ("decaan.college", "Ayşe", "Yılmaz", [("college", Role.DECAAN)]),
    ("coach.college", "Jeroen", "Peters", [("college", Role.OVERSTAPCOACH)]),
    ("zorg.praktijkschool", "Petra", "Hendriks", [("praktijkschool", Role.ZORGCOORDINATOR)]),
    ("zorg.horizon", "Ruud", "van Dijk", [("horizon", Role.ZORGCOORDINATOR)]),
    ("zorg.roc", "Lisa", "Jansen", [("roc", Role.ZORGCOORDINATOR)]),
    ("consulent.swvpo", "Karin", "Vos", [("swv-po", Role.SWV_CONSULENT)]),
    ("consulent.swvvo", "Yvonne", "Kuiper", [("swv-vo", Role.SWV_CONSULENT)]),
    ("orthopedagoog.swvvo", "Bas", "Kok", [("swv-vo", Role.ORTHOPEDAGOOG)]),
    ("tlv.swvvo", "Ellen", "Maas", [("swv-vo", Role.TLV_COMMISSIE)]),
    ("beleid.swvvo", "Mohamed", "Bouzid", [("swv-vo", Role.BELEID)]),
    ("beleid.lindendal", "Esther", "Wijnands", [("gemeente-lindendal", Role.BELEID)]),
    ("leerplicht.lindendal", "Dirk", "Schouten", [("gemeente-lindendal", Role.LEERPLICHT)]),
    ("rmc.lindendal", "Nadia", "Chaouch", [("gemeente-lindendal", Role.RMC)]),
    ("jeugdhulp.wijkteam", "Joyce", "Meijer", [("wijkteam", Role.JEUGDHULP)]),
    ("jgz.wijkteam", "Anouk", "Brouwer", [("wijkteam", Role.JGZ)]),
]


def demo_totp_key(username: str) -> str:
    """A fixed, demo-only TOTP key per user (hex, as django-otp stores it)."""
    return hashlib.sha1(f"overstap-demo-totp:{username}".encode(), usedforsecurity=False).hexdigest()


def demo_totp_secret(username: str) -> str:
    """The same key in base32, as an authenticator app wants it."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


def ensure_user(username: str, first_name: str, last_name: str) -> User:
    user, created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{username}@demo.overstap.invalid"
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.save()
    TOTPDevice.objects.update_or_create(
        user=user, name="Demo", defaults={"key": demo_totp_key(username), "confirmed": True}
    )
    return user


def load(stdout):
    logins = []
    for username, first, last, memberships in PROFESSIONALS:
        user = ensure_user(username, first, last)
        for org_key, role in memberships:
            membership = Membership(user=user, organisation=organisation(org_key), role=role)
            membership.full_clean(validate_constraints=False)
            Membership.objects.get_or_create(user=user, organisation=membership.organisation, role=role)
            label = f"{Role(role).label} · {membership.organisation}"
            logins.append((str(label), username, DEMO_PASSWORD, demo_totp_secret(username)))
    return logins
