"""The import page: upload, the preview of what goes where (nothing written), confirm; another school's staff get
404; a malformed file is answered beside the field and stores nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType
from overstap.oso import gegevensset
from overstap.oso.models import OsoImport, OsoStatus
from overstap.pupils.models import Pupil
from overstap.testing.factories import MembershipFactory, OrganisationFactory, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _import_dir(tmp_path, settings):
    settings.OVERSTAP_IMPORT_DIR = tmp_path / "imports"


def test_upload_preview_confirm(client, django_capture_on_commit_callbacks):
    if not gegevensset.available():
        pytest.skip("The OSO gegevensset is not installed (setting OVERSTAP_OSO_DIR).")
    school = OrganisationFactory(type=OrganisationType.VO, brin="11AA")
    member = MembershipFactory(organisation=school, role="zorgcoordinator")
    log_in(client, member.user, member)
    assert "Een OSO-dossier inlezen" in client.get("/leerlingen/").content.decode()
    bad = client.post("/oso/inlezen/", {"file": SimpleUploadedFile("d.xml", b"<dossier")})
    assert bad.status_code == 400 and "geen goed gevormde XML" in bad.content.decode()
    assert not OsoImport.objects.exists()
    data = next(p for p in gegevensset.example_files() if p.name == "Voorbeelddossier_OV_POVO_full.xml").read_bytes()
    response = client.post("/oso/inlezen/", {"file": SimpleUploadedFile("povo.xml", data)})
    oso_import = OsoImport.objects.get()
    assert response["Location"] == f"/oso/inlezen/{oso_import.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Daan van de Berg" in page and "Overstapadvies (uit OSO)" in page and "Verzuim legt de huidige" in page
    assert Pupil.objects.count() == 0  # the preview writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/oso/inlezen/{oso_import.pk}/bevestigen/")
    oso_import.refresh_from_db()
    assert oso_import.status == OsoStatus.IMPORTED and oso_import.stored_as == ""
    assert Entry.objects.filter(pupil__pk=oso_import.pupil_id_imported).count() == oso_import.report["entries"] > 0
    other = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.VO), role="zorgcoordinator")
    log_in(client, other.user, other)
    assert client.get(f"/oso/inlezen/{oso_import.pk}/").status_code == 404
    mentor = MembershipFactory(organisation=school, role="mentor")
    log_in(client, mentor.user, mentor)
    assert client.get("/oso/inlezen/").status_code == 404
