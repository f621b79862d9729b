"""Every page of the app in a real browser, at 320 and 1280 CSS px, as the people who reach it: nothing scrolls
sideways (WCAG 1.4.10 reflow), no box scrolls or clips its content sideways, and axe-core finds nothing serious or
critical (checked on the phone, with the first person on each page).

The list of pages comes from the URL resolver: every named route is either walked here (with an address built from
the demo region), or answers GET with 405 (a form's action, not a page), or is listed in ``NOT_WALKED`` with the
reason. A new page that is none of these fails the test, so it cannot escape the walk unnoticed.

Who reaches a page is asked of the server: the demo accounts (and a visitor who is not signed in) ask for the page
with the test client, and those who get it back as HTML are walked in the browser: a visitor, the family and every
professional role wherever they reach (each role once per page, as the first demo account with that role that gets
it: the same role at another school sees the same page). One browser, one page per account, resized between the two
widths."""

import io
from collections.abc import Callable, Iterable

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from overstap.accounts.demo import DEMO_PASSWORD
from overstap.accounts.models import Membership, User
from overstap.api.models import ApiToken
from overstap.coaching.models import Coaching
from overstap.consent.models import Consent
from overstap.dashboard.figures import NOW
from overstap.doorstroom.models import Doorstroomdossier
from overstap.dossiers.models import CorrectionRequest, Entry, IntegralPlan, Opp
from overstap.monitoring.models import Signal
from overstap.organisations.models import Organisation
from overstap.oso.models import OsoImport
from overstap.pupils.models import FamilyLink, Pupil, PupilImport
from overstap.support.models import SupportRequest
from overstap.tables.models import Overstaptafel, TablePupil
from overstap.testing.browser import assert_fits, keep_screenshot, signed_in_page
from overstap.testing.factories import UserFactory, log_in
from overstap.thuiszitters.models import Route
from overstap.transitions import statuses
from overstap.transitions.carry_on import plans_in
from overstap.transitions.models import ConsentAsk, Handover, Meeting, Moment, ProtocolItem, TransitionCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)

# Boxes that scroll or clip their content sideways: a table in a scroll container, a word cut off in a cell. A
# one-line text field is not one of them: a value longer than the field scrolls under the caret, as in any browser
# (the field itself must still fit the page, which the page's own width shows).
INNER_OVERFLOW = """(width) => [...document.querySelectorAll('body *')].filter(e => {
    if (e.clientWidth <= 1) return false;  // visually hidden text
    if (e.tagName === 'INPUT') return false;  // a one-line field scrolls its own text
    const style = getComputedStyle(e);
    if (!['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return false;
    return e.scrollWidth > e.clientWidth + 1;
}).slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""

# Named routes the walk does not open, and why. Everything else is walked or is POST-only.
NOT_WALKED = {
    "set_language": "Django's language switch: it redirects back to the page it came from",
    "healthz": "a JSON health answer for the load balancer, not a page",
    "schema": "the OpenAPI schema, a YAML download",
    "matrix-transition-list": "the matrix API answers JSON, not a page",
    "matrix-transition-detail": "the matrix API answers JSON, not a page",
    "matrix-stage-list": "the matrix API answers JSON, not a page",
    "matrix-stage-detail": "the matrix API answers JSON, not a page",
    "support:letter": "the decision letter is a PDF download",
    "transitions:handover-pdf": "the handover is a PDF download",
    "oso:export": "the handover as an OSO dossier, an XML download",
    "tables:minutes": "the minutes are a PDF download",
    "tables:export-csv": "a CSV download",
    "tables:export-xlsx": "an XLSX download",
    "thuiszitters:export": "a CSV/XLSX download",
    "dashboard:export": "a CSV/XLSX download",
    "family:download-json": "the whole dossier as a JSON download",
    "family:download-pdf": "the whole dossier as a PDF download",
    "tables:pupil-search": "an htmx fragment of search results inside the tafel page, walked with that page",
    **{
        f"api-{name}-{kind}": "the API for connected systems answers JSON, not a page"
        for name in (
            "pupil",
            "enrolment",
            "entry",
            "opp",
            "integral-plan",
            "decision",
            "case",
            "handover",
            "meeting",
            "signal",
            "feedback",
        )
        for kind in ("list", "detail")
    },
}


def _ids(queryset, limit=4) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True).distinct()[:limit])


def _pupil_ids(queryset, limit=4) -> list[int]:
    """The pupils these rows are about (not the rows' own keys, which differ from the pupils' in a long test run)."""
    return list(queryset.order_by("pupil_id").values_list("pupil_id", flat=True).distinct()[:limit])


def _pupils() -> list[int]:
    """Pupils with the most on their pages: the first with a move, a support request, a thuiszitter route, family."""
    found: list[int] = []
    for model in (TransitionCase, SupportRequest, Route, FamilyLink):
        for pk in _pupil_ids(model.objects.all(), limit=1):
            if pk not in found:
                found.append(pk)
    return found or _ids(Pupil.objects.all())


def _cases() -> list[int]:
    """A move that the receiving school has opened (its mentor's page), one sent to it (feedback), and the first."""
    found: list[int] = []
    for queryset in (
        TransitionCase.objects.filter(status__in=statuses.OPENED_ON),
        TransitionCase.objects.filter(status__in=statuses.SENT_ON),
        TransitionCase.objects.all(),
    ):
        for pk in _ids(queryset, limit=1):
            if pk not in found:
                found.append(pk)
    return found


def _activation() -> list[dict]:
    """A new colleague's link to choose a password (a token stays valid until the person logs in)."""
    user = UserFactory(first_name="Nieuwe", last_name="Collega")
    return [{"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}]


# A pupil at a secondary school without a doorstroomdossier yet: the page shows how to start one.
WITHOUT_DOORSTROOM = Pupil.objects.filter(given_names="Tess Marije")


def _by(name: str, ids: Callable[[], Iterable]) -> Callable[[], list[dict]]:
    return lambda: [{name: value} for value in ids()]


def _confirmations() -> list[dict]:
    """A step that cannot be undone asks first, on its own page (the address carries the step)."""
    steps = ("verzonden", "geen_plek", "ingetrokken")
    return [{"pk": pk, "?": f"status={step}"} for pk in _cases() for step in steps]


def _received_plans(kind: str) -> Callable[[], list[dict]]:
    """A plan of this kind ("opp" or "plan") in a handover its receiving school confirmed: to carry it on."""

    def candidates() -> list[dict]:
        handovers = Handover.objects.filter(received_at__isnull=False).order_by("pk")
        return [{"pk": h.case_id, "index": 0} for h in handovers if plans_in(h, kind)][:2]

    return candidates


def _address(name: str, kwargs: dict) -> str:
    query = kwargs.get("?")
    path = reverse(name, kwargs={key: value for key, value in kwargs.items() if key != "?"})
    return f"{path}?{query}" if query else path


CASES = _cases
PUPILS = _by("pk", _pupils)

# Route name -> the candidate addresses' keyword arguments (each role is walked on the first it may open).
WALKED: dict[str, Callable[[], list[dict]] | None] = {
    "ui:home": None,
    "matrix:index": None,
    "matrix:glossary": None,
    "matrix:detail": lambda: [{"code": "PO-VO"}],
    "accounts:login": None,
    "accounts:activate": _activation,
    "pupils:list": None,
    "pupils:detail": PUPILS,
    "pupils:audit": PUPILS,
    "family:download": PUPILS,
    "pupils:guardian-new": PUPILS,
    "pupils:new": None,
    "pupils:import-start": None,
    "pupils:import": _by("pk", lambda: _ids(PupilImport.objects.all(), limit=2)),
    "oso:import-start": None,
    "oso:import": _by("pk", lambda: _ids(OsoImport.objects.all(), limit=2)),
    "organisations:list": None,
    "organisations:detail": _by("pk", lambda: _ids(Organisation.objects.all(), limit=2)),
    "beheer:members": None,
    "beheer:member-add": None,
    "beheer:member-end": _by("pk", lambda: _ids(Membership.objects.all(), limit=6)),
    "beheer:member-reset": _by("pk", lambda: _ids(Membership.objects.all(), limit=6)),
    "beheer:organisation": None,
    "api_tokens:list": None,
    "api_tokens:new": None,
    "api_tokens:revoke": _by("pk", lambda: _ids(ApiToken.objects.all(), limit=2)),
    "dossiers:dossier": PUPILS,
    "dossiers:entry-new": PUPILS,
    "dossiers:entry-edit": _by("pk", lambda: _ids(Entry.objects.all(), limit=2)),
    "dossiers:entry-history": _by("pk", lambda: _ids(Entry.objects.all(), limit=2)),
    "dossiers:correction-ask": _by("pk", lambda: _ids(Entry.objects.all(), limit=4)),
    "dossiers:corrections": PUPILS,
    "dossiers:correction": _by("pk", lambda: _ids(CorrectionRequest.objects.all(), limit=2)),
    "dossiers:plans": PUPILS,
    "dossiers:opp-new": PUPILS,
    "dossiers:integral-plan-new": PUPILS,
    "dossiers:opp-edit": _by("pk", lambda: _ids(Opp.objects.all(), limit=2)),
    "dossiers:opp-history": _by("pk", lambda: _ids(Opp.objects.all(), limit=2)),
    "dossiers:integral-plan-edit": _by("pk", lambda: _ids(IntegralPlan.objects.all(), limit=2)),
    "dossiers:integral-plan-history": _by("pk", lambda: _ids(IntegralPlan.objects.all(), limit=2)),
    "dossiers:youth-care": PUPILS,
    "support:list": None,
    "support:new": _by("pupil_pk", _pupils),
    "support:detail": _by("pk", lambda: _ids(SupportRequest.objects.all())),
    "support:withdraw": _by("pk", lambda: _ids(SupportRequest.objects.all())),
    "consent:consents": PUPILS,
    "consent:withdraw": _by("pk", lambda: _ids(Consent.objects.all())),
    "consent:review": None,
    "transitions:list": None,
    "transitions:new": _by("pupil_pk", _pupils),
    "transitions:detail": _by("pk", CASES),
    "transitions:status": _confirmations,
    "transitions:categories": _by("pk", CASES),
    "transitions:handover": _by("pk", CASES),
    "transitions:carry-opp": _received_plans("opp"),
    "transitions:carry-plan": _received_plans("plan"),
    "transitions:meeting-new": _by("pk", CASES),
    "transitions:meeting": _by("pk", lambda: _ids(Meeting.objects.all())),
    "transitions:mentor": _by("pk", CASES),
    "transitions:feedback-new": lambda: [{"pk": pk, "moment": m} for pk in CASES() for m in Moment.values],
    "transitions:feedback-overview": None,
    "transitions:protocol": None,
    "transitions:protocol-retire": _by("pk", lambda: _ids(ProtocolItem.objects.all(), limit=2)),
    "transitions:consent-question": _by("pk", lambda: _ids(ConsentAsk.objects.all(), limit=3)),
    "monitoring:list": None,
    "monitoring:detail": _by("pk", lambda: _ids(Signal.objects.all(), limit=3)),
    # The pupils with a doorstroomdossier (one in progress, one ready) and one without (the page to start one).
    "doorstroom:pupil": _by("pk", lambda: [*_pupil_ids(Doorstroomdossier.objects.all()), *_ids(WITHOUT_DOORSTROOM)]),
    "doorstroom:detail": _by("pk", lambda: _ids(Doorstroomdossier.objects.all())),
    "doorstroom:part-a": _by("pk", lambda: _ids(Doorstroomdossier.objects.all())),
    "doorstroom:part-b": _by("pk", lambda: _ids(Doorstroomdossier.objects.all())),
    "coaching:caseload": None,
    "coaching:detail": _by("pk", lambda: _ids(Coaching.objects.all())),
    "coaching:close": _by("pk", lambda: _ids(Coaching.objects.all())),
    "tables:list": None,
    "tables:new": None,
    "tables:detail": _by("pk", lambda: _ids(Overstaptafel.objects.all())),
    "tables:row": _by("pk", lambda: _ids(TablePupil.objects.all(), limit=3)),
    "thuiszitters:register": None,
    "thuiszitters:route": _by("pupil_pk", lambda: _pupil_ids(Route.objects.all())),
    "thuiszitters:absence-new": _by("pupil_pk", _pupils),
    "dashboard:index": None,
    "dashboard:pupils": lambda: [{"metric": metric.key} for metric in NOW],
}

# Reached only half-way through signing in: walked by signing in for real.
SIGN_IN_STEPS = {"accounts:login-code", "accounts:totp-setup"}


def _named_routes(patterns, namespace=None) -> Iterable[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _named_routes(entry.url_patterns, inner)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _placeholder_kwargs(pattern: URLPattern) -> dict:
    converters = getattr(pattern.pattern, "converters", {})
    return {name: 1 if type(converter).__name__ == "IntConverter" else "x" for name, converter in converters.items()}


def _is_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def _accounts() -> list[tuple[str, object]]:
    """(role, membership or user or None): a visitor, the family (a parent and the pupil, who act without a
    membership) and every demo membership."""
    accounts: list[tuple[str, object]] = [("bezoeker", None)]
    for membership in Membership.objects.select_related("user").order_by("pk"):
        accounts.append((membership.role, membership))
    for link in FamilyLink.objects.select_related("user").order_by("pk"):
        accounts.append((f"familie-{link.relation}", link.user))
    return accounts


def _client(account) -> Client:
    client = Client()
    if isinstance(account, Membership):
        log_in(client, account.user, account)
    elif account is not None:
        log_in(client, account)
    return client


def _open_as(page, axe, url: str, failures: list[str], name: str | None) -> None:
    """Opens the page at 320 px, then widens it to 1280: nothing may scroll sideways at either width. With a name,
    axe-core checks it on the phone and the screenshots are kept (when asked for)."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    response = page.goto(url)
    if response is None or response.status != 200:
        failures.append(f"{url}: answered {response and response.status}")
        return
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        try:
            assert_fits(page, width)
        except AssertionError:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            wide = page.evaluate(
                # the outermost boxes that stick out: their parent still fits
                """(width) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > width + 1
                                 && e.parentElement.getBoundingClientRect().right <= width + 1)
                    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
                width,
            )
            failures.append(f"{url} at {width}px scrolls sideways ({scroll_width}px): {wide}")
        inner = page.evaluate(INNER_OVERFLOW, width)
        if inner:
            failures.append(f"{url} at {width}px: a part scrolls or clips sideways: {inner}")
        if name is None:
            continue
        violations = [] if width > WIDTHS[0] else [v["id"] for v in axe(page) if v["impact"] in ("serious", "critical")]
        if violations:
            failures.append(f"{url} at {width}px: axe {violations}")
        keep_screenshot(page, f"{name}-{width}")


def test_every_page_fits_320_and_1280_px_for_the_people_who_reach_it(browser, live_server, axe):
    call_command("load_demo", stdout=io.StringIO())

    routes = dict(_named_routes(get_resolver().url_patterns))
    unknown = set(WALKED) | set(NOT_WALKED) | SIGN_IN_STEPS
    assert unknown <= set(routes), f"listed but no such route: {unknown - set(routes)}"

    accounts = _accounts()
    clients = [_client(account) for _role, account in accounts]
    # A route neither walked nor listed must be a form's action: GET answers 405 for a signed-in person.
    unlisted = [n for n in routes if n not in WALKED and n not in NOT_WALKED and n not in SIGN_IN_STEPS]
    pages_not_walked = [
        name
        for name in unlisted
        if clients[1].get(reverse(name, kwargs=_placeholder_kwargs(routes[name]))).status_code != 405
    ]
    assert not pages_not_walked, f"answer GET but are neither walked nor in NOT_WALKED: {pages_not_walked}"

    # Who reaches what: per role, the first account and candidate address that gets the page back.
    visits: list[list[tuple[str, str]]] = [[] for _ in accounts]
    unreached = []
    for name, candidates in WALKED.items():
        urls = [_address(name, kwargs) for kwargs in (candidates() if candidates else [{}])]
        roles: set[str] = set()
        for index, (role, _account) in enumerate(accounts):
            if role in roles:
                continue
            url = next((url for url in urls if _is_page(clients[index].get(url))), None)
            if url:
                visits[index].append((name, url))
                roles.add(role)
        if not roles:
            unreached.append(name)
    assert not unreached, f"no demo account reaches these pages; give them data or list them: {unreached}"

    # Each account on the pages it was chosen for; axe-core and the screenshots for the first role on each page.
    failures: list[str] = []
    checked: set[str] = set()
    for (role, account), pages in zip(accounts, visits, strict=True):
        if not pages:
            continue
        page = signed_in_page(browser, live_server, account)
        for name, url in pages:
            screenshot = None if name in checked else f"every-page-{name.replace(':', '-')}-{role}"
            checked.add(name)
            _open_as(page, axe, live_server.url + url, failures, screenshot)
        page.context.close()

    # The sign-in steps between the password and the home page.
    page = signed_in_page(browser, live_server, None)
    for username, step in (("ib.regenboog", "code"), ("leerkracht.regenboog", "app-koppelen")):
        if step == "app-koppelen":
            User.objects.get(username=username).totpdevice_set.all().delete()
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/account/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_url(f"**/account/inloggen/{step}/**")
        _open_as(page, axe, page.url, failures, f"sign-in-{step}")
    page.context.close()

    assert not failures, "\n".join(failures)
