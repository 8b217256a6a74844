"""Plain frozen dataclasses an 837P claim is written from (clinical.md §4e, §4f [B23])."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

MASSAGE_THERAPIST_TAXONOMY = "225700000X"  # NUCC, clinical.md §4e [B22]


class Relationship(StrEnum):
    """Patient's relationship to the subscriber (SBR02 18 / PAT01, 005010X222A1)."""

    SELF = "18"
    SPOUSE = "01"
    CHILD = "19"
    EMPLOYEE = "20"  # workers' comp: the subscriber is the employer
    UNKNOWN = "21"
    LIFE_PARTNER = "53"
    OTHER = "G8"


class ClaimFilingIndicator(StrEnum):
    """SBR09 (clinical.md §4f: CI commercial, WC workers' comp, AM auto)."""

    COMMERCIAL = "CI"
    WORKERS_COMP = "WC"
    AUTO_MEDICAL = "AM"
    MEDICARE_ADVANTAGE_HMO = "16"
    HMO = "HM"
    PPO = "12"
    BLUE_CROSS = "BL"
    MEDICAID = "MC"
    LIABILITY_MEDICAL = "LM"
    OTHER_NON_FEDERAL = "11"


class Frequency(StrEnum):
    """CLM05-3 claim frequency (CMS-1500 item 22, clinical.md §4e)."""

    ORIGINAL = "1"
    REPLACEMENT = "7"
    VOID = "8"


class RelatedCause(StrEnum):
    """CLM11 related-causes codes (CMS-1500 10a–c, clinical.md §4e/§4f)."""

    EMPLOYMENT = "EM"
    AUTO_ACCIDENT = "AA"
    OTHER_ACCIDENT = "OA"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    postal_code: str
    line2: str = ""


@dataclass(frozen=True)
class PersonName:
    last: str
    first: str = ""
    middle: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Submitter:
    """Loop 1000A; `identifier` is the ETIN also used in ISA06 and GS02."""

    name: str
    identifier: str
    contact_name: str
    phone: str
    id_qualifier: str = "ZZ"


@dataclass(frozen=True)
class Receiver:
    """Loop 1000B; `identifier` also goes in ISA08 and GS03."""

    name: str
    identifier: str
    id_qualifier: str = "ZZ"


@dataclass(frozen=True)
class BillingProvider:
    """Loop 2000A/2010AA: organisation (or a sole therapist when `person` is given)."""

    name: str
    npi: str
    ein: str
    address: Address
    taxonomy: str = MASSAGE_THERAPIST_TAXONOMY
    person: PersonName | None = None


@dataclass(frozen=True)
class Subscriber:
    """Loop 2010BA. For workers' comp the subscriber is the employer (`organisation`)."""

    member_id: str
    name: PersonName
    address: Address | None = None
    birth_date: date | None = None
    sex: Sex = Sex.UNKNOWN
    group_number: str = ""
    group_name: str = ""
    organisation: bool = False


@dataclass(frozen=True)
class Patient:
    """Loop 2000C/2010CA, written only when the patient is not the subscriber."""

    name: PersonName
    address: Address
    birth_date: date
    sex: Sex
    relationship: Relationship


@dataclass(frozen=True)
class Payer:
    """Loop 2010BB plus the claim filing indicator (SBR09)."""

    name: str
    payer_id: str
    filing_indicator: ClaimFilingIndicator = ClaimFilingIndicator.COMMERCIAL


@dataclass(frozen=True)
class Provider:
    """Referring (2310A, NM1*DN) or rendering (2310B, NM1*82) provider, a person."""

    name: PersonName
    npi: str
    taxonomy: str = MASSAGE_THERAPIST_TAXONOMY


@dataclass(frozen=True)
class ServiceLine:
    """Loop 2400: one CPT line (SV1) and its service date (DTP*472)."""

    cpt: str
    charge: Decimal
    units: int
    service_date: date
    pointers: tuple[int, ...] = (1,)
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """Loop 2300 and below. `patient=None` means the subscriber is the patient."""

    claim_id: str
    billing_provider: BillingProvider
    subscriber: Subscriber
    payer: Payer
    diagnoses: tuple[str, ...]
    lines: tuple[ServiceLine, ...]
    patient: Patient | None = None
    place_of_service: str = "11"  # office (clinical.md §4e 24B)
    frequency: Frequency = Frequency.ORIGINAL
    original_claim_number: str = ""  # REF*F8, required for frequency 7/8
    related_causes: tuple[RelatedCause, ...] = ()
    accident_state: str = ""  # CLM11-4, required with AA
    onset_date: date | None = None  # DTP*431
    accident_date: date | None = None  # DTP*439, required with AA/OA
    prior_authorization: str = ""  # REF*G1 (item 23)
    property_casualty_claim_number: str = ""  # REF*Y4 (auto / workers' comp claim no.)
    referring_provider: Provider | None = None
    rendering_provider: Provider | None = None
    release_of_information: str = "Y"  # CLM09

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal("0"))
