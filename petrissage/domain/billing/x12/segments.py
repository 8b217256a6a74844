"""Segments of an 837P (005010X222A1), loop by loop (clinical.md §4f [B23]).

A segment is a tag plus elements; an element is a string or a tuple of components.
Builders here take the dataclasses of `model` and return segments; `render` joins them.
Element maximum lengths are the TR3's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from petrissage.domain.billing.x12 import text
from petrissage.domain.billing.x12.model import (
    Address,
    BillingProvider,
    Claim,
    Patient,
    Payer,
    PersonName,
    Provider,
    Relationship,
    ServiceLine,
)

Element = str | tuple[str, ...]


@dataclass(frozen=True)
class Segment:
    tag: str
    elements: tuple[Element, ...]


def seg(tag: str, *elements: Element) -> Segment:
    return Segment(tag, elements)


def _trim(items: Sequence[str]) -> list[str]:
    """Drop trailing empty elements/components (X12 forbids trailing delimiters)."""
    out = list(items)
    while out and out[-1] == "":
        out.pop()
    return out


def render(segment: Segment, separators: text.Separators = text.SEPARATORS) -> str:
    """One segment without its terminator."""
    parts = [
        separators.component.join(_trim(e)) if isinstance(e, tuple) else e for e in segment.elements
    ]
    return separators.element.join([segment.tag, *_trim(parts)])


# --- names and addresses -------------------------------------------------------------


def person_nm1(entity: str, name: PersonName, qualifier: str = "", ident: str = "") -> Segment:
    """NM1 for a person (NM102=1): last 60, first 35, middle 25, suffix 10."""
    return seg(
        "NM1",
        entity,
        "1",
        text.clean_required(name.last, 60, f"{entity} last name"),
        text.clean(name.first, 35),
        text.clean(name.middle, 25),
        "",
        text.clean(name.suffix, 10),
        qualifier,
        ident,
    )


def org_nm1(entity: str, name: str, qualifier: str = "", ident: str = "") -> Segment:
    """NM1 for an organisation (NM102=2): name 60."""
    org = text.clean_required(name, 60, f"{entity} organisation name")
    return seg("NM1", entity, "2", org, "", "", "", "", qualifier, ident)


def address(addr: Address) -> list[Segment]:
    """N3 (55/55) and N4 (city 30, state 2, ZIP 5 or 9)."""
    state = text.clean_id(addr.state, 2, "state")
    return [
        seg("N3", text.clean_required(addr.line1, 55, "address"), text.clean(addr.line2, 55)),
        seg(
            "N4",
            text.clean_required(addr.city, 30, "city"),
            state,
            text.postal_code(addr.postal_code),
        ),
    ]


def demographics(birth_date: str, sex: str) -> Segment:
    return seg("DMG", "D8", birth_date, sex)


# --- loops ---------------------------------------------------------------------------


def hl(number: int, parent: int | None, level: str, has_children: bool) -> Segment:
    return seg(
        "HL",
        str(number),
        "" if parent is None else str(parent),
        level,
        "1" if has_children else "0",
    )


def billing_provider(provider: BillingProvider) -> list[Segment]:
    """2000A PRV + 2010AA NM1*85, N3/N4, REF*EI."""
    npi = text.clean_id(provider.npi, 10, "billing provider NPI")
    name = (
        person_nm1("85", provider.person, "XX", npi)
        if provider.person
        else org_nm1("85", provider.name, "XX", npi)
    )
    return [
        seg("PRV", "BI", "PXC", text.clean_id(provider.taxonomy, 10, "taxonomy")),
        name,
        *address(provider.address),
        seg("REF", "EI", text.digits(provider.ein, 9, "billing provider EIN")),
    ]


def subscriber(claim: Claim) -> list[Segment]:
    """2000B SBR + 2010BA subscriber + 2010BB payer."""
    sub = claim.subscriber
    is_patient = claim.patient is None
    member = text.clean_id(sub.member_id, 80, "subscriber member ID")
    name = (
        org_nm1("IL", sub.name.last, "MI", member)
        if sub.organisation
        else person_nm1("IL", sub.name, "MI", member)
    )
    segments = [
        seg(
            "SBR", "P", Relationship.SELF.value if is_patient else "",
            text.clean(sub.group_number, 50), text.clean(sub.group_name, 60),
            "", "", "", "", claim.payer.filing_indicator.value,
        ),
        name,
    ]  # fmt: skip
    if sub.address:
        segments += address(sub.address)
    if is_patient and sub.birth_date:
        segments.append(demographics(text.d8(sub.birth_date), sub.sex.value))
    if is_patient:
        segments += _casualty_ref(claim)
    return [*segments, *payer(claim.payer)]


def payer(info: Payer) -> list[Segment]:
    return [org_nm1("PR", info.name, "PI", text.clean_id(info.payer_id, 80, "payer ID"))]


def patient(claim: Claim, info: Patient) -> list[Segment]:
    """2000C PAT + 2010CA NM1*QC, N3/N4, DMG (+ REF*Y4 casualty claim number)."""
    return [
        seg("PAT", info.relationship.value),
        person_nm1("QC", info.name),
        *address(info.address),
        demographics(text.d8(info.birth_date), info.sex.value),
        *_casualty_ref(claim),
    ]


def _casualty_ref(claim: Claim) -> list[Segment]:
    number = claim.property_casualty_claim_number
    if not number:
        return []
    return [seg("REF", "Y4", text.clean_required(number, 50, "property/casualty claim no."))]


def _related_causes(claim: Claim) -> Element:
    """CLM11 (C024): up to two cause codes, then the state for auto accidents."""
    codes = [cause.value for cause in claim.related_causes]
    if not codes:
        return ""
    first, second = [*codes, "", ""][:2]
    return (first, second, "", claim.accident_state.upper())


def claim_header(claim: Claim) -> list[Segment]:
    """2300 CLM, DTP 431/439, REF G1/F8, HI."""
    clm = seg(
        "CLM",
        text.clean_required(claim.claim_id, 38, "claim ID"),
        text.amount(claim.total_charge),
        "",
        "",
        (claim.place_of_service, "B", claim.frequency.value),
        "Y",
        "A",
        "Y",
        claim.release_of_information,
        "",
        _related_causes(claim),
    )
    segments = [clm]
    if claim.onset_date:
        segments.append(seg("DTP", "431", "D8", text.d8(claim.onset_date)))
    if claim.accident_date:
        segments.append(seg("DTP", "439", "D8", text.d8(claim.accident_date)))
    if claim.prior_authorization:
        auth = text.clean_required(claim.prior_authorization, 50, "prior authorisation")
        segments.append(seg("REF", "G1", auth))
    if claim.original_claim_number:
        original = text.clean_required(claim.original_claim_number, 50, "original claim no.")
        segments.append(seg("REF", "F8", original))
    segments.append(diagnoses(claim.diagnoses))
    return segments


def diagnoses(codes: Sequence[str]) -> Segment:
    """HI: principal ABK, then ABF (ICD-10-CM, no decimal point)."""
    elements = [("ABK" if i == 0 else "ABF", code) for i, code in enumerate(codes)]
    return seg("HI", *elements)


def providers(claim: Claim) -> list[Segment]:
    """2310A referring (NM1*DN) and 2310B rendering (NM1*82 + PRV*PE)."""
    segments: list[Segment] = []
    if claim.referring_provider:
        segments.append(_provider_nm1("DN", claim.referring_provider))
    if claim.rendering_provider:
        rendering = claim.rendering_provider
        taxonomy = text.clean_id(rendering.taxonomy, 10, "rendering taxonomy")
        segments += [_provider_nm1("82", rendering), seg("PRV", "PE", "PXC", taxonomy)]
    return segments


def _provider_nm1(entity: str, provider: Provider) -> Segment:
    return person_nm1(entity, provider.name, "XX", text.clean_id(provider.npi, 10, "NPI"))


def service_line(number: int, line: ServiceLine) -> list[Segment]:
    """2400 LX, SV1 (HC:code:modifiers, charge, UN, units, pointers), DTP*472."""
    procedure = ("HC", line.cpt, *line.modifiers)
    pointers = tuple(str(p) for p in line.pointers)
    return [
        seg("LX", str(number)),
        seg("SV1", procedure, text.amount(line.charge), "UN", str(line.units), "", "", pointers),
        seg("DTP", "472", "D8", text.d8(line.service_date)),
    ]
