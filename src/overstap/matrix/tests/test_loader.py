"""A malformed matrix file stops start-up with a message naming the file and the key."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT
from overstap.matrix.loader import MatrixDataError, load_matrix

DATA_DIR = REPO_ROOT / "src" / "overstap" / "matrix" / "data"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_shipped_data_loads(data_copy):
    matrix = load_matrix(data_copy)
    assert matrix.version


def test_a_wrong_value_names_the_file_and_the_key(data_copy):
    _edit(data_copy / "transitions.yaml", lambda d: d["transitions"][4]["items"][0].update(legal_basis="misschien"))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert error.value.filename == "transitions.yaml"
    assert error.value.key == "transitions[4].items[0].legal_basis"
    assert "transitions.yaml" in str(error.value) and "legal_basis" in str(error.value)


def test_a_missing_english_text_names_the_key(data_copy):
    _edit(data_copy / "stages.yaml", lambda d: d["stages"][2]["name"].pop("en"))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert (error.value.filename, error.value.key) == ("stages.yaml", "stages[2].name.en")


def test_a_missing_transition_is_refused(data_copy):
    _edit(data_copy / "transitions.yaml", lambda d: d["transitions"].pop(8))
    with pytest.raises(MatrixDataError, match="VO-MBO"):
        load_matrix(data_copy)


def test_a_duplicate_item_key_is_refused(data_copy):
    def duplicate(d):
        items = d["transitions"][0]["items"]
        items[1]["key"] = items[0]["key"]

    _edit(data_copy / "transitions.yaml", duplicate)
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert error.value.key == "transitions[0].items[1].key"


def test_an_unknown_source_is_refused(data_copy):
    _edit(data_copy / "bands.yaml", lambda d: d["bands"][1].update(source="roddel"))
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert (error.value.filename, error.value.key) == ("bands.yaml", "bands[1].source")


def test_broken_yaml_names_the_file_and_the_line(data_copy):
    (data_copy / "glossary.yaml").write_text("terms:\n  - key: opp\n   term: [unclosed\n", encoding="utf-8")
    with pytest.raises(MatrixDataError) as error:
        load_matrix(data_copy)
    assert error.value.filename == "glossary.yaml"
    assert "line" in str(error.value)


def test_a_missing_file_is_named(data_copy):
    (data_copy / "principles.yaml").unlink()
    with pytest.raises(MatrixDataError, match=r"principles\.yaml"):
        load_matrix(data_copy)


def test_start_up_stops_on_a_malformed_file(data_copy):
    _edit(data_copy / "stages.yaml", lambda d: d["stages"][0].update(row=9))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "overstap.conf.ci",
        "OVERSTAP_MATRIX_DIR": str(data_copy),
    }
    result = subprocess.run(
        [sys.executable, "src/manage.py", "check"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "stages.yaml" in result.stderr and "stages[0].row" in result.stderr
