"""The demo region: a fictional samenwerkingsverband with an organisation of every type.

Codes are fictional on purpose (BRIN 99xx, municipality codes GM99xx, region 99-01) so that nobody mistakes the
demo for a real school.
"""

from .models import Organisation, OrganisationType, Region, Sector

T = OrganisationType

REGIONS = [
    ("PO 99-01", "Samenwerkingsverband PO Lindendal e.o.", Sector.PO),
    ("VO 99-01", "Samenwerkingsverband VO Lindendal e.o.", Sector.VO),
]

# key, name, type, brin, vestiging, gemeente_code, municipality key, region codes
ORGANISATIONS = [
    ("gemeente-lindendal", "Gemeente Lindendal", T.GEMEENTE, "", "", "GM9901", None, []),
    ("gemeente-beekveld", "Gemeente Beekveld", T.GEMEENTE, "", "", "GM9902", None, []),
    ("boomhut", "Kinderopvang De Boomhut (VVE)", T.VOORSCHOOL, "", "", "", "gemeente-lindendal", ["PO 99-01"]),
    ("regenboog", "Basisschool De Regenboog", T.BAO, "99AA", "00", "", "gemeente-lindendal", ["PO 99-01"]),
    ("klaverblad", "OBS Het Klaverblad", T.BAO, "99AB", "00", "", "gemeente-beekveld", ["PO 99-01"]),
    ("wegwijzer", "SBO De Wegwijzer", T.SBO, "99AC", "00", "", "gemeente-lindendal", ["PO 99-01"]),
    ("kompas", "SO Het Kompas", T.SO, "99AD", "00", "", "gemeente-lindendal", ["PO 99-01"]),
    ("college", "Lindendal College", T.VO, "99AE", "00", "", "gemeente-lindendal", ["VO 99-01"]),
    ("praktijkschool", "Praktijkschool Lindendal", T.PRO, "99AF", "00", "", "gemeente-lindendal", ["VO 99-01"]),
    ("horizon", "VSO De Horizon", T.VSO, "99AG", "00", "", "gemeente-beekveld", ["VO 99-01"]),
    ("roc", "ROC Lindendal", T.MBO, "99AH", "00", "", "gemeente-lindendal", []),
    ("hogeschool", "Hogeschool Rivierstad", T.HBO, "99AJ", "00", "", "gemeente-lindendal", []),
    ("swv-po", "SWV PO Lindendal e.o.", T.SWV_PO, "", "", "", "gemeente-lindendal", ["PO 99-01"]),
    ("swv-vo", "SWV VO Lindendal e.o.", T.SWV_VO, "", "", "", "gemeente-lindendal", ["VO 99-01"]),
    ("wijkteam", "Wijkteam en CJG Lindendal", T.JEUGDHULP, "", "", "", "gemeente-lindendal", []),
    ("steunpunt", "Ouder- en Kindsteunpunt Lindendal", T.OUDERSTEUNPUNT, "", "", "", "gemeente-lindendal", []),
]


def organisation(key: str) -> Organisation:
    name = next(row[1] for row in ORGANISATIONS if row[0] == key)
    return Organisation.objects.get(name=name)


def load(stdout):
    regions = {}
    for code, name, sector in REGIONS:
        region, _ = Region.objects.update_or_create(code=code, defaults={"name": name, "sector": sector})
        regions[code] = region
    created = {}
    for key, name, kind, brin, vestiging, gemeente_code, municipality, region_codes in ORGANISATIONS:
        org = Organisation.objects.filter(name=name).first() or Organisation(name=name)
        org.type = kind
        org.brin, org.vestiging, org.gemeente_code = brin, vestiging, gemeente_code
        org.municipality = created.get(municipality)
        org.full_clean()
        org.save()
        org.clean_regions([regions[c] for c in region_codes])
        org.regions.set([regions[c] for c in region_codes])
        created[key] = org
    stdout.write(f"Demo region: {len(created)} organisations in {len(regions)} SWV regions.")
    return []
