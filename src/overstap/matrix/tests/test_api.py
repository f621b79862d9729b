"""The read-only matrix API and its committed OpenAPI schema."""

import pytest
import yaml
from django.core.management import call_command

from conftest import REPO_ROOT
from overstap.matrix.loader import get_matrix
from overstap.matrix.schema import STAGE_CODES, TRANSITION_CODES

pytestmark = pytest.mark.django_db


def test_transitions_list_has_every_code_with_names_stages_items_and_decisions(client):
    response = client.get("/api/v1/matrix/transitions/")
    assert response.status_code == 200
    data = response.json()
    assert [t["code"] for t in data] == list(TRANSITION_CODES)
    po_vo = next(t for t in data if t["code"] == "PO-VO")
    assert set(po_vo["name"]) == {"nl", "en"}
    assert po_vo["from_stages"] == ["BAO", "SBO", "SO"]
    assert {"key", "text", "legal_basis", "required", "source"} <= set(po_vo["items"][0])
    assert {d["kind"] for d in po_vo["decisions"]} >= {"tlv_vso", "tlv_pro"}


def test_one_transition_by_code_and_404_for_an_unknown_code(client):
    response = client.get("/api/v1/matrix/transitions/VO-MBO/")
    assert response.status_code == 200
    assert response.json()["name"]["nl"] == get_matrix().transition("VO-MBO").name.nl
    assert client.get("/api/v1/matrix/transitions/NOPE/").status_code == 404


def test_stages_list(client):
    data = client.get("/api/v1/matrix/stages/").json()
    assert [s["code"] for s in data] == list(STAGE_CODES)
    assert client.get("/api/v1/matrix/stages/VSO/").json()["band"] == "12-18"


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/matrix/transitions/", {}).status_code == 405
    assert client.delete("/api/v1/matrix/transitions/PO-VO/").status_code == 405


def test_the_schema_is_served(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert "/api/v1/matrix/transitions/" in schema["paths"]
    assert "/api/v1/matrix/stages/{code}/" in schema["paths"]


def test_the_committed_schema_matches_the_generated_one(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    committed = REPO_ROOT / "docs" / "api" / "openapi.yaml"
    assert committed.read_text() == generated.read_text(), "docs/api/openapi.yaml is out of date: run `make schema`"


def test_the_api_gives_the_source_of_rules_and_stage_points(client):
    exit_work = client.get("/api/v1/matrix/transitions/EXIT-WORK/").json()
    item = next(i for i in exit_work["items"] if i["key"] == "gemeente-ondersteuning")
    assert item["source"] == "wet" and "Participatiewet" in item["reference"]["nl"]
    stage = client.get("/api/v1/matrix/stages/VSO/").json()
    assert "zorgstructuur" in stage["sources"]
    transport = next(p for p in stage["attention"] if p["source"] == "zorgstructuur")
    assert transport["reference"]["en"] and transport["nl"]
    assert any(p["source"] is None and p["reference"] is None for p in stage["attention"])
