"""Loads and validates the transition matrix that ships with the package (data/*.yaml).

The matrix is read once per process. Anything wrong with it stops start-up with a ``MatrixDataError`` naming the
file and the key, because every rule of a transition case is derived from this data.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ValidationError

from .schema import (
    BAND_CODES,
    SEED_DOCUMENTS,
    STAGE_CODES,
    TRANSITION_CODES,
    Band,
    BandsFile,
    GlossaryFile,
    MetaFile,
    Principle,
    PrinciplesFile,
    Stage,
    StagesFile,
    Term,
    Transition,
    TransitionsFile,
)

PRINCIPLE_COUNT = 11
MIN_GLOSSARY_TERMS = 25

FILES: dict[str, type[BaseModel]] = {
    "meta.yaml": MetaFile,
    "bands.yaml": BandsFile,
    "stages.yaml": StagesFile,
    "transitions.yaml": TransitionsFile,
    "principles.yaml": PrinciplesFile,
    "glossary.yaml": GlossaryFile,
}


class MatrixDataError(ImproperlyConfigured):
    """The matrix data is missing or malformed. The message names the file and the key."""

    def __init__(self, filename: str, key: str, problem: str):
        self.filename = filename
        self.key = key
        self.problem = problem
        where = f"{filename}, key '{key}'" if key else filename
        super().__init__(f"Matrix data is invalid: {where}: {problem}")


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Matrix:
    meta: MetaFile
    bands: list[Band]
    stages: list[Stage]
    transitions: list[Transition]
    principles: list[Principle]
    terms: list[Term]
    _by_code: dict = field(default_factory=dict, repr=False)

    @property
    def version(self) -> str:
        return self.meta.version

    def band(self, code: str) -> Band | None:
        return self._by_code.get(("band", code))

    def stage(self, code: str) -> Stage | None:
        return self._by_code.get(("stage", code))

    def transition(self, code: str) -> Transition | None:
        return self._by_code.get(("transition", code))

    def source(self, key: str):
        return self._by_code.get(("source", key))

    def term(self, key: str) -> Term | None:
        return self._by_code.get(("term", key))

    def stages_in_band(self, band_code: str) -> list[Stage]:
        return sorted((s for s in self.stages if s.band == band_code), key=lambda s: s.row)

    def transitions_touching(self, stage_code: str) -> list[Transition]:
        return [t for t in self.transitions if stage_code in t.from_stages or stage_code in t.to_stages]


def _read_yaml(directory: Path, filename: str):
    path = directory / filename
    if not path.is_file():
        raise MatrixDataError(filename, "", f"file not found in {directory}")
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise MatrixDataError(filename, "", f"not valid YAML: {where}{getattr(exc, 'problem', exc)}") from exc


def _validate(filename: str, model: type[BaseModel], raw) -> BaseModel:
    if not isinstance(raw, dict):
        raise MatrixDataError(filename, "", "the file must hold a mapping at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise MatrixDataError(filename, _dotted(first["loc"]), first["msg"]) from exc


def _require_codes(filename: str, listkey: str, codes: list[str], expected: tuple[str, ...]) -> None:
    duplicates = [code for code, count in Counter(codes).items() if count > 1]
    if duplicates:
        index = codes.index(duplicates[0], codes.index(duplicates[0]) + 1)
        raise MatrixDataError(filename, f"{listkey}[{index}].code", f"code {duplicates[0]} appears twice")
    missing = [code for code in expected if code not in codes]
    if missing:
        raise MatrixDataError(filename, listkey, f"missing code(s): {', '.join(missing)}")


def _unique(filename: str, listkey: str, keys: list[str], attr: str = "key") -> None:
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise MatrixDataError(filename, f"{listkey}[{index}].{attr}", f"'{key}' appears twice")
        seen.add(key)


def load_matrix(directory: Path | str) -> Matrix:
    directory = Path(directory)
    parsed = {name: _validate(name, model, _read_yaml(directory, name)) for name, model in FILES.items()}
    meta: MetaFile = parsed["meta.yaml"]
    bands = parsed["bands.yaml"].bands
    stages = parsed["stages.yaml"].stages
    transitions = parsed["transitions.yaml"].transitions
    principles = parsed["principles.yaml"].principles
    terms = parsed["glossary.yaml"].terms

    _unique("meta.yaml", "sources", [s.key for s in meta.sources])
    for i, source in enumerate(meta.sources):
        if source.kind == "seed" and source.key not in SEED_DOCUMENTS:
            raise MatrixDataError(
                "meta.yaml", f"sources[{i}].kind", f"'{source.key}' is not one of the source documents of the matrix"
            )
    _require_codes("bands.yaml", "bands", [b.code for b in bands], BAND_CODES)
    _require_codes("stages.yaml", "stages", [s.code for s in stages], STAGE_CODES)
    _require_codes("transitions.yaml", "transitions", [t.code for t in transitions], TRANSITION_CODES)
    _unique("principles.yaml", "principles", [p.key for p in principles])
    _unique("glossary.yaml", "terms", [t.key for t in terms])
    if len(principles) != PRINCIPLE_COUNT:
        raise MatrixDataError(
            "principles.yaml", "principles", f"expected {PRINCIPLE_COUNT} principles, found {len(principles)}"
        )
    if len(terms) < MIN_GLOSSARY_TERMS:
        raise MatrixDataError("glossary.yaml", "terms", f"expected at least {MIN_GLOSSARY_TERMS} terms")

    source_keys = {s.key for s in meta.sources}

    def check_source(filename: str, key: str, value: str) -> None:
        if value not in source_keys:
            raise MatrixDataError(filename, key, f"unknown source '{value}' (not listed in meta.yaml)")

    for i, band in enumerate(bands):
        check_source("bands.yaml", f"bands[{i}].source", band.source)
        for listkey in ("partners", "coordination"):
            for j, point in enumerate(getattr(band, listkey)):
                if point.source is not None:
                    check_source("bands.yaml", f"bands[{i}].{listkey}[{j}].source", point.source)
    for i, stage in enumerate(stages):
        for j, key in enumerate(stage.sources):
            check_source("stages.yaml", f"stages[{i}].sources[{j}]", key)
        for j, point in enumerate(stage.attention):
            if point.source is not None:
                check_source("stages.yaml", f"stages[{i}].attention[{j}].source", point.source)
    for i, t in enumerate(transitions):
        base = f"transitions[{i}]"
        _unique("transitions.yaml", f"{base}.items", [item.key for item in t.items])
        for j, item in enumerate(t.items):
            check_source("transitions.yaml", f"{base}.items[{j}].source", item.source)
        for j, deadline in enumerate(t.deadlines):
            check_source("transitions.yaml", f"{base}.deadlines[{j}].source", deadline.source)
            if (deadline.month is None) != (deadline.day is None):
                raise MatrixDataError(
                    "transitions.yaml", f"{base}.deadlines[{j}]", "give both month and day, or neither"
                )
        for j, note in enumerate(t.current_practice):
            check_source("transitions.yaml", f"{base}.current_practice[{j}].source", note.source)
        for j, key in enumerate(t.sources):
            check_source("transitions.yaml", f"{base}.sources[{j}]", key)

    by_code: dict = {}
    by_code.update({("band", b.code): b for b in bands})
    by_code.update({("stage", s.code): s for s in stages})
    by_code.update({("transition", t.code): t for t in transitions})
    by_code.update({("source", s.key): s for s in meta.sources})
    by_code.update({("term", t.key): t for t in terms})
    order = {code: index for index, code in enumerate(TRANSITION_CODES)}
    return Matrix(
        meta=meta,
        bands=sorted(bands, key=lambda b: BAND_CODES.index(b.code)),
        stages=sorted(stages, key=lambda s: STAGE_CODES.index(s.code)),
        transitions=sorted(transitions, key=lambda t: order[t.code]),
        principles=principles,
        terms=sorted(terms, key=lambda t: t.term.lower()),
        _by_code=by_code,
    )


_lock = threading.Lock()
_cache: dict[str, Matrix] = {}


def get_matrix() -> Matrix:
    """The matrix of this process, loaded from ``settings.OVERSTAP_MATRIX_DIR`` on first use."""
    directory = str(settings.OVERSTAP_MATRIX_DIR)
    matrix = _cache.get(directory)
    if matrix is None:
        with _lock:
            matrix = _cache.get(directory)
            if matrix is None:
                matrix = _cache[directory] = load_matrix(directory)
    return matrix
