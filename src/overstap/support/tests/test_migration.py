"""The SWV route moved from the dossiers app to its own app without copying or losing a row (ADR 0007).

The test database is migrated back to the layout before the move (the models in the dossiers app, the tables
``dossiers_*``), SWV data is written through the historical models of that state, and the database is migrated
forward again: every row comes back, field for field, through the support app's models. The other way round is
tested as well, because a release that goes wrong is rolled back with the same migrations.

These tests run on the database the suite runs on: SQLite by default, PostgreSQL when ``DATABASE_URL`` points at
one. Migrations need a database outside a test transaction, hence ``transaction=True``; the ``executor`` fixture
leaves the database migrated to the latest state, so the tests after these find what they expect.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from overstap.organisations.models import OrganisationType
from overstap.support.models import ExpertAdvice, SupportRequest, SwvDecision
from overstap.support.selectors import valid_tlv
from overstap.testing.factories import OrganisationFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MOVE = ("dossiers", "0005_swv_route_to_support_app")
MODELS = {"SupportRequest": SupportRequest, "ExpertAdvice": ExpertAdvice, "SwvDecision": SwvDecision}
OLD_TABLES = {"dossiers_supportrequest", "dossiers_expertadvice", "dossiers_swvdecision"}
NEW_TABLES = {"support_supportrequest", "support_expertadvice", "support_swvdecision"}
START = datetime.date(2026, 8, 24)


def _migrate(targets) -> MigrationExecutor:
    """Migrates to the targets with a fresh executor (one that knows what is applied now) and returns it."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


def _before_the_move() -> tuple[str, str]:
    """The dossiers migration the move builds on: the last state with the SWV route in the dossiers app."""
    graph = MigrationExecutor(connection).loader.graph
    (before,) = [parent.key for parent in graph.node_map[MOVE].parents if parent.key[0] == "dossiers"]
    return before


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _values(obj) -> dict:
    """Every column of a row, as read back from the database."""
    obj.refresh_from_db()
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _layout() -> str:
    """Which app's names the SWV tables carry: "dossiers", "support", or "mixed" when it is neither cleanly."""
    tables = set(connection.introspection.table_names())
    if tables >= OLD_TABLES and not tables & NEW_TABLES:
        return "dossiers"
    if tables >= NEW_TABLES and not tables & OLD_TABLES:
        return "support"
    return "mixed"


@pytest.fixture
def executor(transactional_db):
    yield MigrationExecutor(connection)
    # Whatever the test did, the database goes back to the latest state before it is flushed for the next test.
    _migrate(_latest())
    ContentType.objects.clear_cache()


@pytest.fixture
def people():
    return {
        "school": OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog"),
        "swv": OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV PO Lindendal"),
        "pupil": PupilFactory(given_names="Lotte", family_name="de Graaf"),
        "ortho": UserFactory(),
        "consulent": UserFactory(),
    }


def test_every_row_and_every_field_reaches_the_support_app(executor, people):
    before = _before_the_move()
    executor = _migrate([before])
    assert _layout() == "dossiers"
    old = executor.loader.project_state(before).apps
    OldRequest, OldAdvice, OldDecision = (old.get_model("dossiers", name) for name in MODELS)
    OldContentType = old.get_model("contenttypes", "ContentType")
    content_type_ids = {
        name: OldContentType.objects.get_or_create(app_label="dossiers", model=name.lower())[0].pk for name in MODELS
    }

    pupil, school, swv = people["pupil"], people["school"], people["swv"]
    granted = OldRequest.objects.create(
        pupil_id=pupil.pk,
        school_id=school.pk,
        swv_id=swv.pk,
        kind="tlv_so",
        question="Lotte loopt vast ondanks een arrangement.\nDe ouders steunen de aanvraag.",
        requested_by_name="Inge Bakker",
        status="toegekend",
    )
    advices = [
        OldAdvice.objects.create(
            request=granted,
            expert_id=people[who].pk,
            expert_name=name,
            expert_role=role,
            advice=text,
            recommends=True,
        )
        for who, name, role, text in (
            ("ortho", "Mira Dekker", "orthopedagoog", "Cluster 4 past het best."),
            ("consulent", "Karin Vos", "swv_consulent", "Eens met de orthopedagoog."),
        )
    ]
    tlv = OldDecision.objects.create(
        request=granted,
        granted=True,
        number="TLV-2026-00001",
        start_date=START,
        end_date=START + datetime.timedelta(days=730),
        funding_category="midden",
        motivation="Lotte heeft meer structuur nodig dan de school kan bieden.",
        decided_by_name="Commissie TLV",
    )
    # A refused request without dates or category: empty values have to come through as well.
    refused = OldRequest.objects.create(
        pupil_id=pupil.pk,
        school_id=school.pk,
        swv_id=swv.pk,
        kind="arrangement",
        question="Een arrangement voor rekenen.",
        requested_by_name="Inge Bakker",
        status="afgewezen",
    )
    refusal = OldDecision.objects.create(
        request=refused,
        granted=False,
        number="ARR-2026-00001",
        motivation="De basisondersteuning is nog niet benut.",
        decided_by_name="Commissie TLV",
    )
    rows = {
        "SupportRequest": [granted, refused],
        "ExpertAdvice": advices,
        "SwvDecision": [tlv, refusal],
    }
    expected = {name: [_values(row) for row in objects] for name, objects in rows.items()}

    _migrate(_latest())
    ContentType.objects.clear_cache()

    assert _layout() == "support"
    for name, model in MODELS.items():
        old_model = old.get_model("dossiers", name)
        assert {f.attname for f in model._meta.concrete_fields} == {f.attname for f in old_model._meta.concrete_fields}
        assert model.objects.count() == len(expected[name])
        for values in expected[name]:
            assert _values(model.objects.get(pk=values["id"])) == values, f"{name} {values['id']}"
        # The content type kept its id: whatever pointed at it (permissions) still does.
        assert ContentType.objects.get_for_model(model).pk == content_type_ids[name]
        assert not ContentType.objects.filter(app_label="dossiers", model=name.lower()).exists()

    # The relations and the reads of the route work on the moved rows ...
    moved = SupportRequest.objects.get(pk=granted.pk)
    assert moved.decision.number == "TLV-2026-00001" and moved.advices.count() == 2 and moved.pupil == pupil
    assert valid_tlv(pupil, "tlv_so", START) == moved.decision
    # ... new rows continue after the old ids (the id sequence came along with the table) ...
    later = SupportRequest.objects.create(
        pupil=pupil, school=school, swv=swv, kind="tlv_sbo", question="Vraag.", requested_by_name="Inge Bakker"
    )
    assert later.pk > refused.pk
    # ... and the constraints still hold: one advice per expert.
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertAdvice.objects.create(
            request=moved,
            expert=people["ortho"],
            expert_name="Mira Dekker",
            expert_role="orthopedagoog",
            advice="Nogmaals.",
            recommends=True,
        )


def test_migrating_back_keeps_every_row_too(executor, people):
    support = SupportRequest.objects.create(
        pupil=people["pupil"],
        school=people["school"],
        swv=people["swv"],
        kind="tlv_so",
        question="Vraag.",
        requested_by_name="Inge Bakker",
        status="in_behandeling",
    )
    advice = ExpertAdvice.objects.create(
        request=support,
        expert=people["ortho"],
        expert_name="Mira Dekker",
        expert_role="orthopedagoog",
        advice="Past bij SO.",
        recommends=False,
    )
    expected = {"SupportRequest": _values(support), "ExpertAdvice": _values(advice)}

    before = _before_the_move()
    old = _migrate([before]).loader.project_state(before).apps

    assert _layout() == "dossiers"
    for name, values in expected.items():
        assert _values(old.get_model("dossiers", name).objects.get(pk=values["id"])) == values
