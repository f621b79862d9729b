"""Word lists for synthetic people, places and organisations: common Dutch names, invented place names.

Nothing here is a real person or a real school; the place names are built from common Dutch parts, so a generated
region reads like a Dutch one without naming one that exists.
"""

GIVEN_NAMES = (
    "Noah Sem Lucas Liam Daan Levi Finn Luuk Milan Bram Jesse Thijs Mees Sam Julian Thomas Lars Ruben Gijs Adam "
    "Mohammed Ryan Sven Jens Max Teun Stijn Tim Hugo Jayden Emma Julia Mila Tess Sophie Zoë Sara Nora Yara Eva "
    "Liv Lotte Evi Noor Anna Lieke Fenna Saar Isa Roos Fleur Sanne Femke Lina Ilse Amira Fatima Yasmin Hanna Elin"
).split()
PREFIXES = ("van", "de", "van de", "van der", "van den", "den", "ter", "te", "in 't", "van 't", "op de")
FAMILY_NAMES = (
    "Jong Jansen Vries Berg Bakker Visser Smit Meijer Boer Mulder Groot Bos Vos Peters Hendriks Leeuwen Dekker "
    "Brouwer Wit Dijk Graaf Janssen Linden Kok Jacobs Haan Vermeulen Heuvel Veen Broek Bruijn Schouten Beek Willems "
    "Hoekstra Maas Verhoeven Koster Prins Blom Huisman Peeters Kuipers Wal Postma Kramer Molen Vliet Wouters "
    "Yilmaz Kaya Bouzid El Amrani Öztürk Nguyen Hoek Veldman Timmermans Groen Sanders Evers Scholten Post Wijk"
).split()
# Family names that usually carry a prefix in the Netherlands, and the prefix they go with.
WITH_PREFIX = {
    "Jong": "de",
    "Vries": "de",
    "Berg": "van den",
    "Boer": "de",
    "Groot": "de",
    "Leeuwen": "van",
    "Wit": "de",
    "Dijk": "van",
    "Graaf": "de",
    "Linden": "van der",
    "Haan": "de",
    "Heuvel": "van den",
    "Veen": "van der",
    "Broek": "van den",
    "Bruijn": "de",
    "Beek": "van",
    "Wal": "van der",
    "Molen": "van der",
    "Vliet": "van",
    "Hoek": "van 't",
    "Wijk": "van",
}
PLACE_HEADS = "Noord Zuid Ooster Wester Hoog Laag Nieuw Oud Berg Veen Brug Wolde Heide Linde Esch Elsen Roze Mole".split()
PLACE_TAILS = "wolde dam veen hoven broek dijk horst wijk meer loo rode hem zijl gouw kerk sloot".split()
STREETS = "Dorpsstraat Kerkweg Schoolstraat Molenweg Julianalaan Beatrixstraat Lindelaan Stationsweg Parallelweg".split()
SCHOOL_NAMES = (
    "De Regenboog|De Wegwijzer|Het Kompas|De Vlinder|De Zonnewijzer|De Springplank|Het Palet|De Linde|De Horizon|"
    "De Klimop|Het Anker|De Meander|De Bron|De Sterrenwachter|De Wilgenhoek|Het Baken|De Bolster|De Toermalijn"
).split("|")
SCHOOL_KIND = {
    "voorschool": ("Kinderopvang", "Peuterspeelzaal", "Kindcentrum"),
    "bao": ("Basisschool", "Openbare basisschool", "Kindcentrum"),
    "sbo": ("SBO",),
    "so": ("SO",),
    "vo": ("College", "Lyceum", "Scholengemeenschap"),
    "pro": ("Praktijkschool",),
    "vso": ("VSO",),
    "mbo": ("ROC", "Vakcollege"),
    "hbo": ("Hogeschool",),
}
CARE_PROVIDERS = ("Jeugdteam", "Kenniscentrum Jeugd", "Ambulante hulp", "Zorggroep", "Jeugd-GGZ")
