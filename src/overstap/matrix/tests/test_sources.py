"""Every rule and fact of the matrix says where it comes from: a source document, the law, or current practice."""

import shutil

import pytest
import yaml

from conftest import REPO_ROOT
from overstap.matrix.loader import MatrixDataError, get_matrix, load_matrix
from overstap.matrix.schema import SEED_DOCUMENTS

DATA_DIR = REPO_ROOT / "src" / "overstap" / "matrix" / "data"


@pytest.fixture(scope="module")
def matrix():
    return get_matrix()


def _sourced(matrix):
    """(where, source key, reference) of everything in the matrix that must name a source."""
    for band in matrix.bands:
        yield f"band {band.code}", band.source, None
        for listkey in ("partners", "coordination"):
            for j, point in enumerate(getattr(band, listkey)):
                yield f"band {band.code} {listkey}[{j}]", point.source or band.source, point.reference
    for stage in matrix.stages:
        assert stage.sources, f"stage {stage.code} names no source"
        for key in stage.sources:
            yield f"stage {stage.code}", key, None
        for j, point in enumerate(stage.attention):
            if point.source:
                yield f"point of stage {stage.code} attention[{j}]", point.source, point.reference
    for t in matrix.transitions:
        for item in t.items:
            yield f"{t.code} item {item.key}", item.source, item.reference
        for deadline in t.deadlines:
            yield f"{t.code} deadline {deadline.key}", deadline.source, deadline.reference
        for j, note in enumerate(t.current_practice):
            yield f"{t.code} note {j}", note.source, note.reference
        for key in t.sources:
            yield f"{t.code} sources", key, None


def test_every_item_and_fact_names_a_known_source(matrix):
    checked = 0
    for where, key, _reference in _sourced(matrix):
        assert key, f"{where} has no source"
        assert matrix.source(key) is not None, f"{where}: unknown source {key!r}"
        checked += 1
    assert checked > 250  # every band, stage and transition was walked, not an empty matrix


def test_every_source_document_is_one_the_matrix_was_built_from(matrix):
    seeds = {s.key for s in matrix.meta.sources if s.kind == "seed"}
    assert seeds == set(SEED_DOCUMENTS)
    # The law and current practice are sources in their own right, and are never passed off as a document.
    assert {s.kind for s in matrix.meta.sources} == {"seed", "law", "practice"}


def test_a_rule_from_current_practice_says_what_that_practice_is(matrix):
    practice = {s.key for s in matrix.meta.sources if s.kind == "practice"}
    for where, key, reference in _sourced(matrix):
        if key in practice and not where.endswith("sources") and not where.startswith("stage"):
            assert reference is not None, f"{where} rests on practice but does not say which"


def test_a_transition_lists_every_source_its_rules_rest_on(matrix):
    for t in matrix.transitions:
        used = {i.source for i in t.items} | {d.source for d in t.deadlines} | {n.source for n in t.current_practice}
        assert used <= set(t.sources), f"{t.code} does not list {sorted(used - set(t.sources))}"


def test_the_corrected_attributions_hold(matrix):
    po_vo = {d.key: d for d in matrix.transition("PO-VO").deadlines}
    # The regional PO-VO agreement sets neither a registration period nor a 1 October check.
    assert po_vo["aanmeldperiode"].source == "praktijk"
    assert po_vo["plaatsing-1-oktober"].source == "vo-mbo-handreiking"
    # The matrix explicitly leaves the step to work unworked, so no item of it is credited to the matrix.
    assert all(item.source != "matrix" for item in matrix.transition("EXIT-WORK").items)
    # The VO-MBO guide has no parts; the item no longer claims it has.
    item = next(i for i in matrix.transition("VO-MBO").items if i.key == "doorstroomdossier-a")
    assert "Part A of" not in item.text.en and "Deel A van" not in item.text.nl


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_an_item_without_a_source_is_refused(data_copy):
    _edit(data_copy / "transitions.yaml", lambda d: d["transitions"][4]["items"][2].pop("source"))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert (error.value.filename, error.value.key) == ("transitions.yaml", "transitions[4].items[2].source")


def test_a_stage_without_a_source_is_refused(data_copy):
    _edit(data_copy / "stages.yaml", lambda d: d["stages"][3].pop("sources"))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert (error.value.filename, error.value.key) == ("stages.yaml", "stages[3].sources")


def test_a_stage_with_an_unknown_source_is_refused(data_copy):
    _edit(data_copy / "stages.yaml", lambda d: d["stages"][0].update(sources=["hoorzeggen"]))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert error.value.key == "stages[0].sources[0]"


def test_a_band_point_with_an_unknown_source_is_refused(data_copy):
    _edit(data_copy / "bands.yaml", lambda d: d["bands"][2]["partners"][0].update(source="hoorzeggen"))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert error.value.key == "bands[2].partners[0].source"


def test_a_source_claiming_to_be_a_document_the_matrix_was_not_built_from_is_refused(data_copy):
    def add(d):
        d["sources"].append(
            {"key": "blog", "kind": "seed", "name": {"nl": "Blog", "en": "Blog"}, "description": {"nl": "x", "en": "y"}}
        )

    _edit(data_copy / "meta.yaml", add)
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert (error.value.filename, error.value.key) == ("meta.yaml", f"sources[{len(SEED_DOCUMENTS) + 3}].kind")


def test_a_source_without_a_kind_is_refused(data_copy):
    _edit(data_copy / "meta.yaml", lambda d: d["sources"][0].pop("kind"))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert error.value.key == "sources[0].kind"


def test_a_stage_lists_every_source_its_points_name(matrix):
    for stage in matrix.stages:
        used = {point.source for point in stage.attention if point.source}
        assert used <= set(stage.sources), f"{stage.code} does not list {sorted(used - set(stage.sources))}"


def test_every_item_and_date_from_the_law_names_the_act(matrix):
    law = {s.key for s in matrix.meta.sources if s.kind == "law"}
    for t in matrix.transitions:
        for rule in [*t.items, *t.deadlines]:
            if rule.source in law:
                assert rule.reference is not None, f"{t.code} {rule.key} rests on the law but names no act"
