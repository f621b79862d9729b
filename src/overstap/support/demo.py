"""Demo SWV route: SO Het Kompas asks to extend Lotte's TLV SO; the SWV consultant gave the first expert advice."""

from overstap.dossiers.demo import _as
from overstap.pupils.models import Pupil

from .models import SupportRequest
from .services import give_advice, request_support


def load(stdout):
    lotte = Pupil.objects.get(family_name="de Graaf")
    if SupportRequest.objects.filter(pupil=lotte).exists():
        stdout.write("Demo SWV route: already there.")
        return []
    ib_kompas = _as("ib.wegwijzer", "SO Het Kompas")
    support = request_support(
        ib_kompas,
        lotte,
        "tlv_so",
        "De huidige TLV loopt af. Lotte heeft nog steeds de kleine groep en intensieve begeleiding van het SO nodig.",
    )
    give_advice(
        _as("consulent.swvpo"),
        support,
        "De ondersteuningsbehoefte is ongewijzigd; verlenging ligt voor de hand. Tweede deskundige nog nodig.",
        True,
    )
    stdout.write("Demo SWV route: a request to extend a TLV SO, with the first expert advice.")
    return []
