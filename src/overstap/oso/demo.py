"""Demo: De Regenboog once uploaded an OSO file and cancelled it at the preview, so the page has an example."""

from overstap.organisations.demo import organisation

DEMO_FILE = "dossier-voorbeeld.xml"


def load(stdout):
    from overstap.accounts.models import User

    from .models import OsoImport, OsoStatus

    school = organisation("regenboog")
    if not OsoImport.objects.filter(organisation=school, file_name=DEMO_FILE).exists():
        ib = User.objects.get(username="ib.regenboog")
        OsoImport.objects.create(
            organisation=school,
            uploaded_by=ib,
            uploaded_by_name=str(ib),
            file_name=DEMO_FILE,
            status=OsoStatus.CANCELLED,
            report={"sender": "OSO-bestand van De Vlinder (BRIN 99XX)", "transition": "POPO", "lines": []},
        )
    return []
