"""What a claim takes from the physician's prescription, and the scrubber's checks on it.

A payer that needs a prescription gets a claim only when an order covers the date of
service and the CPT codes, the visit is within its cap and prior authorisation, and the
referring provider's NPI is valid (clinical.md §4d, §4e items 17/17b/23, §4f loop 2310A and
REF*G1, §4g). Every payer's yearly visit limit is checked against the patient's other
claims to it in the same calendar year. The prescription rules themselves live in
petrissage.referrals.selectors / petrissage.domain.prescriptions.
"""

from __future__ import annotations

import re

from petrissage.billing.models import Claim, ClaimStatus, Frequency
from petrissage.domain.npi import npi_problem
from petrissage.referrals.models import Prescription
from petrissage.referrals.selectors import active_prescription, claim_prescription_problems

TITLES = re.compile(r"^(dr\.?|doctor)\s+", re.IGNORECASE)
NOT_COUNTED = (ClaimStatus.REPLACED, ClaimStatus.VOIDED)


def claim_prescription(claim: Claim) -> Prescription | None:
    """The prescription in force on the claim's date of service for its case."""
    if claim.case is None:
        return None
    return active_prescription(claim.case, claim.service_date)


def referring_name(prescription: Prescription) -> str:
    """'Dr Anna Reyes' → 'Anna Reyes' (item 17 and NM1*DN carry the name, not the title)."""
    return TITLES.sub("", prescription.provider.name).strip()


def prescription_problems(claim: Claim) -> list[str]:
    """Order on file and in date for the CPT codes, visit within cap and prior auth,
    referring NPI valid — for payers that need a prescription."""
    if not claim.payer.needs_prescription:
        return []
    if claim.case is None:
        return [
            f"{claim.payer.name} needs a prescription, and this claim's visit has no case "
            "to find it by: bill it from a session of the patient's case."
        ]
    codes = list(claim.charges.values_list("cpt", flat=True))
    problems = [
        f"Prescription: {problem}"
        for problem in claim_prescription_problems(claim.case, claim.service_date, codes)
    ]
    prescription = claim_prescription(claim)
    if prescription is not None:
        npi = prescription.provider.npi
        problem = npi_problem(npi) if npi else "it is missing"
        if problem:
            problems.append(
                f"Referring provider NPI of {prescription.provider.name} (item 17b): "
                f"{problem} — add it under Referrals → Providers."
            )
    return problems


def visit_limit_problems(claim: Claim) -> list[str]:
    """The payer's yearly visit limit (e.g. 16 a calendar year), counting this claim and
    the patient's earlier claims to the payer in that year (voided and replaced ones not)."""
    limit = claim.payer.visit_limit_per_year
    if not limit or claim.frequency == Frequency.VOID:
        return []
    year = claim.service_date.year
    earlier = (
        Claim.objects.filter(
            practice_id=claim.practice_id,
            patient_id=claim.patient_id,
            payer_id=claim.payer_id,
            service_date__year=year,
        )
        .exclude(status__in=NOT_COUNTED)
        .exclude(frequency=Frequency.VOID)
        .exclude(pk=claim.pk)
    )
    before = earlier.filter(service_date__lt=claim.service_date).count()
    same_day = earlier.filter(service_date=claim.service_date, pk__lt=claim.pk).count()
    visit = before + same_day + 1
    if visit <= limit:
        return []
    return [
        f"This is visit {visit} of {year} to {claim.payer.name}, whose plan pays for "
        f"{limit} a year: bill the patient (superbill or invoice) or ask for an exception."
    ]
