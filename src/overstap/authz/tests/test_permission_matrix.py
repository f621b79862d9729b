"""Tests generated from the permission matrix (``permission_matrix.py``): one GET test per URL name and one POST
test per URL name that takes POST, each trying every role at its own organisation, another one in the same region
and an unrelated one, the family and an anonymous visitor (a sample of them where the request reaches no object).

- GET: an allowed actor gets the page's success status (and a list shows exactly the objects the matrix names);
  anyone else 404, an anonymous visitor the log-in page; a POST-only URL answers 405.
  Every answer, whatever its status, carries the security headers (a CSP without 'unsafe-inline' that forbids
  framing, nosniff, a referrer policy, HSTS: the walk asks over HTTPS), and an answer to someone signed in says
  ``no-store`` (but for public reference data).
- POST: a refused actor changes nothing in the database and gets 404 with a ``denied`` row in the audit trail, or
  (when it may see the object) a refusal with a Dutch message; an allowed actor does not get 404, 405 or 500, and
  where the row says so its POST writes.
  "Changes nothing" is judged by a fingerprint (row count and a hash of the rows) of every table the request wrote
  to, against the world as built; the audit trail, the log-in state and lock-out records are left out.

The world is built once for this module; every request runs in a transaction that is rolled back, so no request
changes what another one sees. Set ``OVERSTAP_PERMISSION_DUMP=<file>`` to write every answer observed to a JSON
file (``url_name``, ``method``, ``role``, ``relation``, ``status_code``), for comparing before and after a change.
"""

import difflib
import json
import os
import re
import warnings
from functools import cache
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import trans_real

from overstap.accounts.roles import Role
from overstap.authz import policy
from overstap.dossiers.models import Entry

from .permission_matrix import ACTORS, ANONYMOUS, HOME, MATRIX, PUPIL_LIST, ROLES, Row
from .permission_world import BUILDERS, FAMILY_NAMES, GIVEN_NAME, POST_DATA, build_world, database_fingerprint

LOGIN_URL = "/account/inloggen/"
OBSERVED: list[dict] = []
DUMP = os.environ.get("OVERSTAP_PERMISSION_DUMP")
# Every actor on every row: for the dump, or when asked (the default run tries a sample, see Row.actors).
EVERY_ACTOR = bool(DUMP or os.environ.get("OVERSTAP_PERMISSION_EVERY_ACTOR"))


class PermissionDeviation(UserWarning):
    """An answer the matrix lists as known to differ from the product rules."""


# --- The world, once for this module --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        # Every request is rolled back, so this is the database each POST starts from.
        built.fingerprint = database_fingerprint()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _dump_answers():
    yield
    if DUMP and OBSERVED:
        rows = sorted(OBSERVED, key=lambda r: (r["url_name"], r["method"], r["role"], r["relation"]))
        with open(DUMP, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=1, ensure_ascii=False)
            handle.write("\n")


def _observe(row: Row, method: str, person, response) -> None:
    OBSERVED.append(
        {
            "url_name": row.url,
            "method": method,
            "role": person.role,
            "relation": person.relation,
            "status_code": response.status_code,
        }
    )


# --- What a refusal says ----------------------------------------------------------------------------------------


@cache
def _dutch_catalogue() -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    exact, patterns = set(), []
    for msgid, msgstr in trans_real.translation("nl")._catalog.items():
        source = msgid[0] if isinstance(msgid, tuple) else msgid
        if not source or msgstr == source:
            continue
        if re.search(r"%(\(\w+\))?[sd]", msgstr):
            parts = re.split(r"%(?:\(\w+\))?[sd]", msgstr)
            patterns.append(re.compile(".+".join(re.escape(part) for part in parts), re.DOTALL))
        else:
            exact.add(msgstr)
    return frozenset(exact), tuple(patterns)


def is_dutch(text: str) -> bool:
    """The text is (or is built from) a message of the Dutch catalogue."""
    exact, patterns = _dutch_catalogue()
    text = str(text).strip()
    if text in exact or any(pattern.fullmatch(text) for pattern in patterns):
        return True
    return any(len(message) >= 20 and message in text for message in exact)


def _form_errors(form) -> list[str]:
    if isinstance(form, BaseFormSet):
        found = list(form.non_form_errors())
        for member in form.forms:
            found += _form_errors(member)
        return found
    if isinstance(form, BaseForm) and form.is_bound:
        return [str(error) for errors in form.errors.values() for error in errors]
    return []


def refusal_messages(response) -> list[str]:
    """The Dutch error messages a response carries: flashed messages, form errors, the 403 page."""
    found = [str(m) for m in get_messages(response.wsgi_request) if m.level >= messages.WARNING]
    context = response.context
    if context is not None:
        for key in set(context.keys()):  # a ContextList iterates its contexts, not its keys
            value = context[key]
            found += _form_errors(value)
            if key == "errors" and isinstance(value, list):
                found += [str(error) for error in value]
    if response.status_code == 403:
        with translation.override("nl"):
            no_access = translation.gettext("No access")
        if no_access in response.content.decode():
            found.append(no_access)
    return [text for text in found if is_dutch(text)]


# --- Expectations -----------------------------------------------------------------------------------------------


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def _check_get(row: Row, person, response) -> str | None:
    """None when the answer is as the matrix says, otherwise what is wrong."""
    status = response.status_code
    key = person.key
    if key == ANONYMOUS and row.anonymous_status is not None:
        return None if status == row.anonymous_status else f"{status}, expected {row.anonymous_status}"
    if "GET" not in row.methods:
        if key == ANONYMOUS and row.login:
            return None if _is_login_redirect(response) else f"{status}, expected the log-in page"
        return None if status == 405 else f"{status}, expected 405 (POST only)"
    if key in row.allowed:
        expected = row.ok_anonymous if key == ANONYMOUS and row.ok_anonymous is not None else row.ok
        return None if status == expected else f"{status}, expected {expected}"
    if key == ANONYMOUS:
        return None if _is_login_redirect(response) else f"{status}, expected the log-in page"
    return None if status == 404 else f"{status}, expected 404"


def _check_post(row: Row, person, response, changed: bool) -> str | None:
    status = response.status_code
    key = person.key
    if key in row.for_post:
        if status in (404, 405) or status >= 500:
            return f"{status}, expected the action to be taken"
        if row.writes and not changed:
            return f"{status}, allowed but nothing changed {_said(response)}"
        return None
    if changed:
        return f"{status}, refused but the database changed"
    if key == ANONYMOUS and row.login:
        return None if _is_login_redirect(response) else f"{status}, expected the log-in page"
    if status == 404:
        return None if key == ANONYMOUS or response.audit_denials else "404 without a denial in the audit trail"
    if key in row.sees and status < 500 and refusal_messages(response):
        return None
    expected = "404 or a refusal with a Dutch message" if key in row.sees else "404"
    return f"{status}, expected {expected} {_said(response)}"


def _said(response) -> str:
    said = [str(m) for m in get_messages(response.wsgi_request)]
    if response.context is not None:
        for key in set(response.context.keys()):
            said += _form_errors(response.context[key])
    return f"(said: {said})" if said else "(no message)"


def _report(row: Row, method: str, outcomes: dict) -> None:
    """Fails with every unexpected answer at once; known deviations must still deviate, and are warned about."""
    failures, still_known = [], []
    for (role, relation), problem in outcomes.items():
        who = f"{role}@{relation}"
        reason = row.known.get((method, (role, relation)))
        if reason is None and problem is not None:
            failures.append(f"{who}: {problem}")
        elif reason is not None and problem is None:
            failures.append(f"{who}: now as the product rules say; remove it from the known deviations")
        elif reason is not None:
            still_known.append(f"{who} ({reason})")
    if still_known:
        warnings.warn(f"{method} {row.url}: known deviations: {'; '.join(still_known)}", PermissionDeviation, 2)
    assert not failures, f"{method} {row.url}:\n" + "\n".join(failures)


# --- The generated tests ----------------------------------------------------------------------------------------

POST_ROWS = [row for row in MATRIX if "POST" in row.methods]


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.url)
def test_get(world, db, row):
    url = world.url(row)
    outcomes = {}
    for actor in row.actors("GET", every_actor=EVERY_ACTOR):
        person = world.people[actor]
        response, _ = world.ask(person, "GET", url)
        _observe(row, "GET", person, response)
        outcomes[actor] = (
            _check_get(row, person, response)
            or _check_shown(world, row, actor, response)
            or _check_headers(row, person, response)
            or _check_audited(world, response)
        )
    _report(row, "GET", outcomes)


def _check_audited(world, response) -> str | None:
    """A page that shows a pupil by name wrote to the audit trail that it showed that pupil (a read of the pupil or
    of something of theirs, or a list naming their id), and a page that shows a dossier entry's text named that
    entry (by id, or the section it is in)."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return None
    html = response.content.decode()
    named = set()
    for row in response.audit_reads:
        named.add(row["pupil_id"])
        detail = row["detail"] or {}
        named.update(detail.get("pupil_ids", []))
        shown = detail.get("shown")
        if isinstance(shown, dict):
            named.update(shown.get("pupils.Pupil", []))
    unrecorded = [
        f"{GIVEN_NAME} {FAMILY_NAMES[relation]}"
        for relation, pupil in world.pupils.items()
        if f"{GIVEN_NAME} {FAMILY_NAMES[relation]}" in html and pupil.pk not in named
    ]
    # A dossier entry whose text is on the page is named by id, or its section is (a handover names its sections).
    entries, sections = set(), set()
    for row in response.audit_reads:
        detail = row["detail"] or {}
        if row["object_type"] == "dossiers.Entry":
            entries.add(int(row["object_id"]))
        shown = detail.get("shown")
        if isinstance(shown, dict):
            entries.update(shown.get("dossiers.Entry", []))
        for key in ("sections", "categories"):
            if isinstance(detail.get(key), list):
                sections.update(detail[key])
    unrecorded += [
        f"entry {pk}"
        for pk, (text, category) in _world_entries(world).items()
        if text in html and pk not in entries and category not in sections
    ]
    return f"shows {', '.join(unrecorded)} without an audit row naming them" if unrecorded else None


def _world_entries(world) -> dict[int, tuple[str, str]]:
    if not hasattr(world, "entries"):
        world.entries = {e.pk: (e.text, e.category) for e in Entry.objects.filter(pupil__in=world.pupils.values())}
    return world.entries


def _check_headers(row: Row, person, response) -> str | None:
    """Every answer carries the security headers; an answer to someone signed in is never stored (public
    reference data, which anyone may read without logging in, may be)."""
    missing = []
    policy_header = response.get("Content-Security-Policy", "")
    if "frame-ancestors 'none'" not in policy_header or "unsafe-inline" in policy_header:
        missing.append(f"Content-Security-Policy {policy_header!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        missing.append("X-Content-Type-Options")
    if not response.get("Referrer-Policy"):
        missing.append("Referrer-Policy")
    if "max-age=31536000" not in response.get("Strict-Transport-Security", ""):
        missing.append("Strict-Transport-Security")
    if row.login and person.key != ANONYMOUS and "no-store" not in response.get("Cache-Control", ""):
        missing.append("Cache-Control no-store")
    return f"headers missing or wrong: {', '.join(missing)}" if missing else None


def _check_shown(world, row: Row, actor, response) -> str | None:
    """A list shows exactly the objects the matrix names for this actor."""
    if row.shows is None or response.status_code != 200:
        return None
    context_name, kind, expectations = row.shows
    shown = {obj.pk for obj in response.context[context_name]}
    expected = world.ids(kind, expectations.get(actor, ()))
    return None if shown == expected else f"shows {sorted(shown)}, expected {sorted(expected)}"


@pytest.mark.parametrize("row", POST_ROWS, ids=lambda row: row.url)
def test_post(world, db, row):
    url = world.url(row)
    before = world.fingerprint
    outcomes = {}
    for actor in row.actors("POST", every_actor=EVERY_ACTOR):
        person = world.people[actor]
        data = POST_DATA[row.post_data](world, person)
        response, after = world.ask(person, "POST", url, data, fingerprint=True)
        _observe(row, "POST", person, response)
        changed = sorted(table for table in after if after[table] != before[table])
        outcomes[actor] = _check_post(row, person, response, bool(changed))
        if changed and actor not in row.for_post:
            outcomes[actor] += f" ({', '.join(changed)})"
    _report(row, "POST", outcomes)


# --- The matrix itself --------------------------------------------------------------------------------------------


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"


def test_every_url_is_classified():
    found = set(_walk(get_resolver().url_patterns))
    classified = [row.url for row in MATRIX]
    assert len(classified) == len(set(classified)), "a URL name has two rows in the permission matrix"
    unclassified = found - set(classified)
    assert not unclassified, f"classify these URLs in authz/tests/permission_matrix.py: {sorted(unclassified)}"
    gone = set(classified) - found
    assert not gone, f"rows in the permission matrix for URLs that are gone: {sorted(gone)}"


def test_every_role_is_tried_and_every_action_is_a_rule():
    assert set(ROLES) == set(Role.values) == set(HOME), "every role needs a place in the permission matrix"
    is_mapped = getattr(policy, "is_mapped", None)
    assert is_mapped is not None, "the checkpoint no longer says whether a (model, action) has a rule"
    unmapped = []
    for row in MATRIX:
        if row.action is None:
            continue
        label, action = row.action.split(":")
        if not is_mapped(apps.get_model(label), action):
            unmapped.append(row.action)
    assert not unmapped, f"the matrix names actions no rule answers: {unmapped}"


def test_allowed_actors_are_actors():
    everyone = set(ACTORS)
    for row in MATRIX:
        for name, actors in (("allowed", row.allowed), ("post_allowed", row.for_post), ("sees", row.sees)):
            assert set(actors) <= everyone, f"{row.url} {name}: {set(actors) - everyone}"
        assert set(row.methods) <= {"GET", "POST"} and row.methods, row.url
        assert row.post_data in POST_DATA, row.url


# --- Searches: exactly the allowed pupils (the lists themselves are checked by test_get) ---------------------------


def test_a_search_finds_exactly_the_allowed_pupils(world, db):
    failures = []
    for actor in ACTORS:
        if actor == ANONYMOUS:
            continue
        person = world.people[actor]
        allowed = world.ids("pupil", PUPIL_LIST.get(actor, ()))
        # Every pupil has the same given name; only the own pupil is called Jansen.
        for query, expected in ((GIVEN_NAME, allowed), ("Jansen", allowed & {world.pupil.pk})):
            response, _ = world.ask(person, "GET", f"/leerlingen/?q={query}")
            found = {pupil.pk for pupil in response.context["pupils"]}
            if found != expected:
                failures.append(f"{person} searching {query!r}: {sorted(found)}, expected {sorted(expected)}")
    assert not failures, "\n".join(failures)


# --- The family ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["parent", "pupil", "carer"])
def test_family_members_see_their_own_child_and_nothing_else(world, db, who):
    person = world.people[(who, "family")]
    own, other = world.pupils["own"], world.pupils["region"]
    # who: (own child's page, own child's trail); a carer who is not a legal representative does not read the trail
    expected_audit = 404 if who == "carer" else 200
    assert world.ask(person, "GET", f"/leerlingen/{own.pk}/")[0].status_code == 200
    assert world.ask(person, "GET", f"/leerlingen/{own.pk}/wie-keek-er/")[0].status_code == expected_audit
    assert world.ask(person, "GET", f"/leerlingen/{other.pk}/")[0].status_code == 404
    assert world.ask(person, "GET", f"/leerlingen/{other.pk}/dossier/")[0].status_code == 404
    assert world.ask(person, "GET", f"/organisaties/{world.org('own', 'bao').pk}/")[0].status_code == 404


def test_a_pupil_page_never_exists_for_an_unknown_id(world, db):
    person = world.people[("ib", "own")]
    response, _ = world.ask(person, "GET", "/leerlingen/999999/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


# --- The cross-organisation sweep ---------------------------------------------------------------------------------

FOREIGN = tuple(actor for actor in ACTORS if actor[1] in ("region", "unrelated"))
MISSING_ID = 987_654_321
_VARYING = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'csrf-token" content="[^"]*"'), 'csrf-token" content=""'),
    (re.compile(r"[0-9a-f]{32}|[0-9a-f-]{36}"), "<id>"),
]


def _refused_foreigners(row: Row, method: str):
    """The actors of another organisation whom the matrix refuses this request outright: they must get 404."""
    if method not in row.methods or not row.login or not row.reaches_object:
        return ()
    allowed = row.allowed if method == "GET" else row.for_post | row.sees
    return tuple(a for a in FOREIGN if a not in allowed and (method, a) not in row.known and a not in row.sees)


def _missing_url(world, row: Row) -> str | None:
    """The same URL with every number in it replaced by one no object has."""
    kwargs = BUILDERS[row.build](world)
    if not any(isinstance(value, int) for value in kwargs.values()):
        return None
    return reverse(row.url, kwargs={k: MISSING_ID if isinstance(v, int) else v for k, v in kwargs.items()})


def _normalised(response) -> str:
    """The answer without what differs per request, and with its own address (which a page may repeat, as in the
    language switch's return address) written as one placeholder."""
    text = response.content.decode(errors="replace")
    path = response.wsgi_request.path
    text = text.replace(quote(path, safe=""), "<url>").replace(quote(path), "<url>").replace(path, "<url>")
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text)
    return text


@pytest.mark.timeout(1200)
def test_a_sweep_of_cross_organisation_requests_leaks_nothing_and_answers_one_uniform_404(world, db):
    """Every URL of the app that reaches an object (pages, PDFs, exports, the API), asked with GET and with POST by
    every role of a neighbouring and of an unrelated organisation whom the matrix refuses: each answer is 404, says
    nothing of the pupil, changes nothing, and is the very answer that person gets for an object that does not
    exist. So nobody outside can tell from an answer whether something exists."""
    names = [f"{GIVEN_NAME} {FAMILY_NAMES[relation]}" for relation in world.pupils]
    names += [FAMILY_NAMES[relation] for relation in world.pupils]
    before = world.fingerprint
    asked, problems = 0, []
    for row in MATRIX:
        missing = _missing_url(world, row)
        for method in ("GET", "POST"):
            for actor in _refused_foreigners(row, method):
                person = world.people[actor]
                data = POST_DATA[row.post_data](world, person) if method == "POST" else None
                answers = []
                for url in (world.url(row), missing) if missing else (world.url(row),):
                    response, after = world.ask(person, method, url, data, fingerprint=method == "POST", reads=False)
                    asked += 1
                    answers.append(response)
                    who = f"{method} {url} as {actor[0]}@{actor[1]}"
                    if response.status_code != 404:
                        problems.append(f"{who}: {response.status_code}, expected 404")
                    text = response.content.decode(errors="replace")
                    leaked = [name for name in names if name in text]
                    if leaked:
                        problems.append(f"{who}: the answer names {leaked}")
                    changed = sorted(table for table in after if after[table] != before[table])
                    if changed:
                        problems.append(f"{who}: changed {changed}")
                if len(answers) == 2 and _normalised(answers[0]) != _normalised(answers[1]):
                    diff = difflib.unified_diff(
                        _normalised(answers[0]).splitlines(), _normalised(answers[1]).splitlines(), n=0, lineterm=""
                    )
                    shown = " | ".join(list(diff)[2:6])
                    problems.append(f"{method} {row.url} as {actor[0]}@{actor[1]}: 404 differs: {shown}")
    print(f"cross-organisation sweep: {asked} requests, {len(problems)} problems")
    assert not problems, f"{len(problems)} of {asked} requests:\n" + "\n".join(problems[:40])
    assert asked >= 10_000, f"the sweep asked only {asked} requests"
