"""The legal-basis engine: one module that answers on which basis a category may go to a recipient.

Rules are data (``data/legal_basis.yaml``), validated at start-up; the first matching rule decides and anything no
rule covers is never shared. Consent, where the basis is consent, is checked by ``overstap.consent.services``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from overstap.matrix.schema import TRANSITION_CODES, Text

from .categories import Basis, Category, Recipient

RULES_FILE = Path(__file__).resolve().parent / "data" / "legal_basis.yaml"


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9-]+$")
    categories: list[str] = Field(min_length=1)
    recipients: list[str] = Field(min_length=1)
    transitions: list[str] = ["*"]
    basis: str
    explanation: Text
    source: str


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    rules: list[_Rule] = Field(min_length=1)


@dataclass(frozen=True)
class Decision:
    basis: str
    rule_key: str
    explanation: Text | None

    @property
    def allowed_without_consent(self) -> bool:
        return self.basis in (Basis.WETTELIJKE_PLICHT, Basis.TAAK_SWV, Basis.TAAK_LEERPLICHT)

    @property
    def needs_consent(self) -> bool:
        return self.basis == Basis.TOESTEMMING

    @property
    def forbidden(self) -> bool:
        return self.basis == Basis.VERBODEN


DENIED = Decision(Basis.VERBODEN, "", None)


class LegalBasisError(ImproperlyConfigured):
    pass


def _check(rules: _RulesFile, filename: str) -> None:
    from overstap.matrix.loader import get_matrix

    sources = {s.key for s in get_matrix().meta.sources}
    for index, rule in enumerate(rules.rules):
        where = f"{filename}, key 'rules[{index}]"
        for category in rule.categories:
            if category not in Category.values:
                raise LegalBasisError(f"{where}.categories': unknown category '{category}'")
        for recipient in rule.recipients:
            if recipient != "*" and recipient not in Recipient.values:
                raise LegalBasisError(f"{where}.recipients': unknown recipient '{recipient}'")
        for code in rule.transitions:
            if code != "*" and code not in TRANSITION_CODES:
                raise LegalBasisError(f"{where}.transitions': unknown transition '{code}'")
        if rule.basis not in Basis.values:
            raise LegalBasisError(f"{where}.basis': unknown basis '{rule.basis}'")
        if rule.source not in sources:
            raise LegalBasisError(f"{where}.source': unknown source '{rule.source}'")


def load_rules(path: Path = RULES_FILE) -> _RulesFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = _RulesFile.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise LegalBasisError(f"Legal-basis rules cannot be read: {path.name}: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise LegalBasisError(f"Legal-basis rules are invalid: {path.name}, key '{key}': {first['msg']}") from exc
    _check(rules, path.name)
    return rules


_lock = threading.Lock()
_rules: _RulesFile | None = None


def get_rules() -> _RulesFile:
    global _rules
    if _rules is None:
        with _lock:
            if _rules is None:
                _rules = load_rules()
    return _rules


def basis_for(category: str, recipient: str, transition: str | None = None) -> Decision:
    """The basis on which ``category`` may go to ``recipient`` (at ``transition``, if given)."""
    for rule in get_rules().rules:
        if category not in rule.categories:
            continue
        if "*" not in rule.recipients and recipient not in rule.recipients:
            continue
        if "*" not in rule.transitions and transition not in rule.transitions:
            continue
        return Decision(rule.basis, rule.key, rule.explanation)
    return DENIED


def recipient_for(organisation, role: str | None = None) -> str | None:
    """The kind of recipient an organisation (and, for a municipality, the role within it) is."""
    from overstap.organisations.models import EDUCATION_TYPES, SWV_TYPES, OrganisationType

    if organisation.type in EDUCATION_TYPES:
        return Recipient.SCHOOL
    if organisation.type in SWV_TYPES:
        return Recipient.SWV
    if organisation.type == OrganisationType.GEMEENTE:
        return Recipient.LEERPLICHT if role in ("leerplicht", "rmc") else Recipient.GEMEENTE
    if organisation.type in (OrganisationType.JEUGDHULP, OrganisationType.OUDERSTEUNPUNT):
        return Recipient.JEUGDHULP
    return None
