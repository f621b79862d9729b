import pytest
from django.core.exceptions import ValidationError

from overstap.organisations.models import TYPE_TO_STAGE, Organisation, OrganisationType, Region, Sector
from overstap.testing.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _errors(obj) -> dict:
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    return error.value.message_dict


def test_every_education_type_maps_to_a_stage_of_the_matrix():
    from overstap.matrix.loader import get_matrix

    matrix = get_matrix()
    for kind, stage in TYPE_TO_STAGE.items():
        assert matrix.stage(stage) is not None, kind
    assert Organisation(type=OrganisationType.VSO).stage == "VSO"
    assert Organisation(type=OrganisationType.GEMEENTE).stage is None


@pytest.mark.parametrize("brin", ["1AB", "12ab3", "AB12", "12A1", ""])
def test_a_school_needs_a_valid_brin_and_the_message_names_the_field(brin):
    errors = _errors(Organisation(name="School", type=OrganisationType.BAO, brin=brin, vestiging="00"))
    assert "brin" in errors and errors["brin"][0].startswith("BRIN")


def test_brin_is_normalised_to_capitals_and_a_branch_has_two_digits():
    school = Organisation(name="School", type=OrganisationType.VO, brin=" 12ab ", vestiging="00")
    school.full_clean()
    assert school.brin == "12AB" and school.brin_vestiging == "12AB00"
    assert "vestiging" in _errors(Organisation(name="S", type=OrganisationType.VO, brin="12AB", vestiging="1"))


def test_only_schools_have_a_brin_and_only_municipalities_a_municipality_code():
    assert "brin" in _errors(Organisation(name="Wijkteam", type=OrganisationType.JEUGDHULP, brin="12AB"))
    assert "gemeente_code" in _errors(
        Organisation(name="Gemeente", type=OrganisationType.GEMEENTE, gemeente_code="363")
    )
    Organisation(name="Gemeente", type=OrganisationType.GEMEENTE, gemeente_code="gm0363").full_clean()


def test_the_same_brin_and_branch_cannot_be_registered_twice():
    OrganisationFactory(type=OrganisationType.BAO, brin="31AB", vestiging="00")
    duplicate = Organisation(name="Kopie", type=OrganisationType.BAO, brin="31AB", vestiging="00")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_an_swv_belongs_to_exactly_one_region_of_its_own_sector():
    po, vo = RegionFactory(sector=Sector.PO), RegionFactory(sector=Sector.VO, code="VO 12-01")
    swv = OrganisationFactory(type=OrganisationType.SWV_PO)
    swv.clean_regions([po])
    with pytest.raises(ValidationError):
        swv.clean_regions([vo])
    with pytest.raises(ValidationError):
        swv.clean_regions([po, RegionFactory(sector=Sector.PO)])
    with pytest.raises(ValidationError):
        OrganisationFactory(type=OrganisationType.VSO).clean_regions([po])


def test_region_codes_are_checked():
    assert "code" in _errors(Region(code="XX 1", name="Regio", sector=Sector.PO))
    assert "code" in _errors(Region(code="VO 30-07", name="Regio", sector=Sector.PO))
    Region(code="po 30-07", name="Regio", sector=Sector.PO).full_clean()
