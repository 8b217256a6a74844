"""Checks a claim must pass before it is written (clinical.md §4e/§4f [B20][B23]).

Each problem is a sentence naming the field; `check_claim` raises one ValueError listing
them all so a biller can fix everything in one pass.
"""

from __future__ import annotations

import re
from decimal import Decimal

from petrissage.domain.billing.edits import MAX_CLAIM_DIAGNOSES, MAX_LINE_POINTERS
from petrissage.domain.billing.x12.model import Claim, Frequency, Provider, RelatedCause
from petrissage.domain.npi import npi_is_valid

MAX_SERVICE_LINES = 50  # 837P loop 2400 repeat
_CPT = re.compile(r"^[0-9A-Z]{5}$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_ICD10 = re.compile(r"^[A-Z][0-9A-Z]{2,6}$")
_STATE = re.compile(r"^[A-Z]{2}$")


class ClaimError(ValueError):
    """A claim that cannot be written; `problems` lists every reason."""

    def __init__(self, claim_id: str, problems: list[str]) -> None:
        super().__init__(f"claim {claim_id}: " + "; ".join(problems))
        self.problems = problems


def _is_money(value: object) -> bool:
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and value >= 0
        and value == value.quantize(Decimal("0.01"))
    )


def _npi_problems(claim: Claim) -> list[str]:
    named: list[tuple[str, Provider | None]] = [
        ("referring provider", claim.referring_provider),
        ("rendering provider", claim.rendering_provider),
    ]
    problems = []
    if not npi_is_valid(claim.billing_provider.npi):
        problems.append("billing provider NPI is not a valid NPI")
    for label, provider in named:
        if provider and not npi_is_valid(provider.npi):
            problems.append(f"{label} NPI is not a valid NPI")
    return problems


def _diagnosis_problems(claim: Claim) -> list[str]:
    problems = []
    if not 1 <= len(claim.diagnoses) <= MAX_CLAIM_DIAGNOSES:
        problems.append(f"diagnoses: 1 to {MAX_CLAIM_DIAGNOSES} codes needed")
    problems += [
        f"diagnosis {code!r} is not ICD-10-CM without a dot"
        for code in claim.diagnoses
        if not _ICD10.match(code)
    ]
    return problems


def _line_problems(claim: Claim) -> list[str]:
    problems = []
    if not 1 <= len(claim.lines) <= MAX_SERVICE_LINES:
        problems.append(f"lines: 1 to {MAX_SERVICE_LINES} service lines needed")
    for n, line in enumerate(claim.lines, start=1):
        if not _CPT.match(line.cpt):
            problems.append(f"line {n}: CPT {line.cpt!r} is not a 5-character code")
        if len(line.modifiers) > 4 or not all(_MODIFIER.match(m) for m in line.modifiers):
            problems.append(f"line {n}: modifiers must be up to four 2-character codes")
        if line.units < 1:
            problems.append(f"line {n}: units must be at least 1")
        if not _is_money(line.charge):
            problems.append(f"line {n}: charge must be a Decimal ≥ 0 with at most 2 decimals")
        pointers_ok = all(1 <= p <= len(claim.diagnoses) for p in line.pointers)
        if not (1 <= len(line.pointers) <= MAX_LINE_POINTERS and pointers_ok):
            problems.append(f"line {n}: 1 to 4 diagnosis pointers into the claim's list")
    return problems


def _cause_problems(claim: Claim) -> list[str]:
    causes = set(claim.related_causes)
    problems = []
    if len(claim.related_causes) > 2 or len(causes) != len(claim.related_causes):
        problems.append("related causes: at most two different codes")
    if RelatedCause.AUTO_ACCIDENT in causes and not _STATE.match(claim.accident_state):
        problems.append("auto accident needs the two-letter accident state")
    if causes & {RelatedCause.AUTO_ACCIDENT, RelatedCause.OTHER_ACCIDENT} and (
        claim.accident_date is None
    ):
        problems.append("an accident claim needs the accident date")
    return problems


def _party_problems(claim: Claim) -> list[str]:
    problems = []
    if claim.frequency is not Frequency.ORIGINAL and not claim.original_claim_number:
        problems.append("a replacement or void claim needs the original claim number")
    sub = claim.subscriber
    if claim.patient is None and (sub.organisation or not sub.birth_date or not sub.address):
        problems.append("when the subscriber is the patient, give their birth date and address")
    if not re.fullmatch(r"\d{2}", claim.place_of_service):
        problems.append("place of service must be a two-digit code")
    return problems


def check_claim(claim: Claim) -> None:
    """Raise ClaimError listing every problem; return None when the claim can be written."""
    problems = [
        *_npi_problems(claim),
        *_diagnosis_problems(claim),
        *_line_problems(claim),
        *_cause_problems(claim),
        *_party_problems(claim),
    ]
    if problems:
        raise ClaimError(claim.claim_id, problems)
