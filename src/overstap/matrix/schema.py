"""The shape of the transition matrix data (see data/SCHEMA.md). Validated once, when the app starts."""

from typing import Literal

from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

BAND_CODES = ("0-4", "4-12", "12-18", "16-23")
STAGE_CODES = ("VOORSCHOOL", "BAO", "SBO", "SO", "VO", "PRO", "VSO", "MBO", "HBO", "WERK")
TRANSITION_CODES = (
    "VVE-PO",
    "PO-PO",
    "PO-SBO",
    "PO-SO",
    "PO-VO",
    "VO-VO",
    "VO-PRO",
    "VO-VSO",
    "VO-MBO",
    "MBO-MBO",
    "MBO-HBO",
    "EXIT-WORK",
)

# Subscripting Literal with a tuple is the same as listing its values: one list of codes, one type.
BandCode = Literal[BAND_CODES]
StageCode = Literal[STAGE_CODES]
TransitionCode = Literal[TRANSITION_CODES]
Sector = Literal["voorschool", "po", "vo", "mbo", "ho", "arbeid"]
Category = Literal[
    "ontwikkeling",
    "thuissituatie",
    "ondersteuningsbehoeften",
    "werkzame_elementen",
    "geboden_ondersteuning",
    "handelingsadviezen",
    "schooladvies_toetsen",
    "reden_overstap",
    "opp",
    "jeugdhulp",
    "zienswijze",
    "aanmelding",
    "swv_besluit",
    "overig",
]
LegalBasis = Literal["wettelijke_plicht", "taak_swv", "toestemming", "taak_leerplicht"]
# Machine-readable conditions of an item that only applies sometimes (see SCHEMA.md); evaluated per pupil by
# overstap.transitions.conditions. An item whose condition no data can answer leaves the judgement to the school.
Condition = Literal["extra_support", "opp", "lwoo", "pro_vso", "youth_care", "special_destination", "age_16"]
Role = Literal[
    "ib",
    "mentor",
    "decaan",
    "voorschool_medewerker",
    "jgz",
    "swv_consulent",
    "orthopedagoog",
    "tlv_commissie",
    "leerplicht",
    "rmc",
    "jeugdhulp",
    "overstapcoach",
    "ouder",
    "leerling",
    "ontvangende_school",
    "gemeente",
]
DecisionKind = Literal["deskundigenadvies", "tlv_sbo", "tlv_so", "tlv_vso", "tlv_pro", "lwoo", "arrangement"]
Slug = str
# What kind of source a rule or fact rests on: one of the source documents the matrix was built from (named by
# its key in meta.yaml, never by where a copy of it is kept), the law as it stands, or current practice that
# neither a source document nor the law lays down.
SourceKind = Literal["seed", "law", "practice"]
# The source documents the matrix was built from, by the key the data uses for them (their word runs are in
# tests/seed_fingerprints.txt). A source of kind "seed" must be one of them, so that no rule can claim a document
# the project was not built from.
SEED_DOCUMENTS = ("matrix", "zorgstructuur", "po-vo-afspraken", "vo-mbo-handreiking")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Dutch and English. ``str()`` gives the version for the active language."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @field_validator("nl", "en")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    def localised(self, language: str | None = None) -> str:
        language = (language or get_language() or "nl")[:2]
        return self.en if language == "en" else self.nl

    def __str__(self) -> str:
        return self.localised()


class Source(Strict):
    key: Slug = Field(pattern=r"^[a-z0-9-]+$")
    kind: SourceKind
    name: Text
    description: Text


class SourcedText(Text):
    """A point of a list (a band's partners and coordination, a stage's attention points) that may name its own
    source instead of the one of the band or stage around it."""

    source: Slug | None = None
    reference: Text | None = None


class Meta(Strict):
    version: str = Field(min_length=1)
    title: Text
    intro: Text
    sources: list[Source] = Field(min_length=1)


class Band(Strict):
    code: BandCode
    label: Text
    partners: list[SourcedText] = Field(min_length=1)
    coordination: list[SourcedText] = Field(min_length=1)
    source: Slug


class Stage(Strict):
    code: StageCode
    sector: Sector
    band: BandCode
    row: int = Field(ge=1, le=3)
    name: Text
    short_name: Text
    description: Text
    examples: list[Text] = []
    attention: list[SourcedText] = []
    sources: list[Slug] = Field(min_length=1)


class Item(Strict):
    key: Slug = Field(pattern=r"^[a-z0-9_-]+$")
    text: Text
    category: Category
    legal_basis: LegalBasis
    required: bool
    when: Text | None = None
    applies_if: list[Condition] = []
    source: Slug
    # Where in the source: the article of a law, the part of a source document, or what the practice is.
    reference: Text | None = None

    @model_validator(mode="after")
    def _conditions_need_when(self):
        if self.applies_if and (self.required or self.when is None):
            raise ValueError("applies_if needs required: false and a 'when' text")
        return self


class Involvement(Strict):
    role: Role
    task: Text


class Decision(Strict):
    kind: DecisionKind
    when: Text
    by: Text


class Deadline(Strict):
    key: Slug = Field(pattern=r"^[a-z0-9_-]+$")
    text: Text
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    source: Slug
    # Where in the source: the article of a law, the part of a source document, or what the practice is.
    reference: Text | None = None


class Note(Strict):
    text: Text
    source: Slug
    # Where in the source: the article of a law, the part of a source document, or what the practice is.
    reference: Text | None = None


class Transition(Strict):
    code: TransitionCode
    from_stages: list[StageCode] = Field(min_length=1)
    to_stages: list[StageCode] = Field(min_length=1)
    name: Text
    summary: Text
    items: list[Item] = Field(min_length=1)
    involved: list[Involvement] = Field(min_length=1)
    decisions: list[Decision] = []
    warm_handover: Text
    deadlines: list[Deadline] = []
    tips: list[Text] = []
    current_practice: list[Note] = []
    sources: list[Slug] = Field(min_length=1)


class Principle(Strict):
    key: Slug = Field(pattern=r"^[a-z0-9_-]+$")
    title: Text
    text: Text


class Term(Strict):
    key: Slug = Field(pattern=r"^[a-z0-9_-]+$")
    term: str = Field(min_length=1)
    expansion: Text
    definition: Text
    aliases: list[str] = []


# One model per file: the top-level key each file must have.
class MetaFile(Meta):
    pass


class BandsFile(Strict):
    bands: list[Band]


class StagesFile(Strict):
    stages: list[Stage]


class TransitionsFile(Strict):
    transitions: list[Transition]


class PrinciplesFile(Strict):
    principles: list[Principle]


class GlossaryFile(Strict):
    terms: list[Term]
