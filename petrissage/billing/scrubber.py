"""The claim scrubber: every reason a claim would bounce, each saying what to fix.

Checks (clinical.md §4b, §4d, §4e, §4f): the note is signed; diagnoses are billable
ICD-10-CM leaves (retired M54.5 refused with its replacements) and injury codes carry the
rehab 7th character D; units match the note's minutes under the payer's rule; billing and
rendering NPIs are valid; subscriber data is complete; auto and workers' comp claims carry
the accident and employment fields; a prescription covers the visit for payers that need
one, within its cap and prior authorisation, and the payer's yearly visit limit holds
(`prescription_checks`); finally the domain 837P check (`check_claim`).
"""

from __future__ import annotations

from petrissage.billing.charge_planning import expected_units
from petrissage.billing.charge_services import payer_rules, treated_minutes
from petrissage.billing.models import BillingProfile, Charge, Claim
from petrissage.billing.prescription_checks import prescription_problems, visit_limit_problems
from petrissage.billing.setup_services import technique_overrides
from petrissage.billing.x12_build import domain_claim
from petrissage.clinical.models import NoteStatus, SessionNote
from petrissage.domain.billing.x12_837p import ClaimError, check_claim
from petrissage.domain.icd10 import check_diagnosis
from petrissage.domain.npi import npi_problem
from petrissage.patients.models import Channel, Coverage, Patient


def _session_problems(sessions: list[SessionNote]) -> list[str]:
    return [
        f"The session of {s.session_date:%Y-%m-%d} is not signed: the therapist must sign "
        "the note before it can be billed."
        for s in sessions
        if s.status != NoteStatus.SIGNED
    ]


def diagnosis_problems(codes: list[str]) -> list[str]:
    if not codes:
        return ["The case has no diagnosis: add the ICD-10-CM code(s) from the prescription."]
    problems = []
    for code in codes:
        check = check_diagnosis(code)
        if not check.ok:
            problems.append(f"Diagnosis {code}: {check.problem}")
        elif check.code[0] in "ST" and check.code.endswith("A"):
            problems.append(
                f"Diagnosis {check.code}: 7th character A is for active treatment; massage "
                f"rehab visits use D (subsequent encounter), e.g. {check.code[:-1]}D [C4]."
            )
    return problems


def _unit_problems(claim: Claim, charges: list[Charge], sessions: list[SessionNote]) -> list[str]:
    rule = payer_rules(claim.payer).unit_rule
    overrides = technique_overrides(claim.practice)
    problems = []
    for session in sessions:
        supported = expected_units(treated_minutes(session), rule=rule, overrides=overrides)
        for charge in (c for c in charges if c.session_id == session.pk):
            if charge.minutes == 0 and charge.cpt != "97010":
                problems.append(f"{charge.cpt}: {charge.units} unit(s) billed with no minutes.")
            elif charge.units != supported.get(charge.cpt, 0):
                problems.append(
                    f"{charge.cpt}: {charge.units} unit(s) billed but the note's minutes support "
                    f"{supported.get(charge.cpt, 0)} under {claim.payer.get_unit_rule_display()}."
                )
    return problems


def _npi_problems(profile: BillingProfile, sessions: list[SessionNote]) -> list[str]:
    problems = []
    if not profile.npi or npi_problem(profile.npi):
        problems.append(
            "Billing NPI (item 33a) is missing or invalid: set it in Billing → Billing profile."
        )
    for therapist in {s.therapist for s in sessions}:
        problem = npi_problem(therapist.npi) if therapist.npi else "it is missing"
        if problem:
            problems.append(
                f"Rendering NPI of {therapist.display_name} (item 24J): {problem} — "
                "add it to the therapist's staff record."
            )
    return problems


def _profile_problems(profile: BillingProfile) -> list[str]:
    missing = [
        label
        for label, value in (
            ("tax id (EIN)", profile.tax_id),
            ("street address", profile.address_line),
            ("city", profile.city),
            ("state", profile.state),
            ("ZIP", profile.postal_code),
            ("phone", profile.phone),
            ("clearinghouse submitter id", profile.submitter_id),
            ("clearinghouse receiver id", profile.receiver_id),
        )
        if not value.strip()
    ]
    if not missing:
        return []
    return [f"Billing profile is missing {', '.join(missing)}: fill it in under Billing."]


def subscriber_problems(coverage: Coverage, patient: Patient) -> list[str]:
    problems = []
    if not coverage.member_id.strip():
        problems.append("Coverage has no member id (item 1a): add it to the patient's coverage.")
    if coverage.channel != Channel.WORKERS_COMP and not coverage.subscriber_name.strip():
        problems.append("Coverage has no subscriber name (item 4): add the insured's name.")
    if coverage.relationship != "18" and not coverage.subscriber_birth_date:
        problems.append("The subscriber is not the patient: add the subscriber's birth date.")
    address = (patient.address_line, patient.city, patient.state, patient.postal_code)
    if not all(part.strip() for part in address):
        problems.append(
            "The patient's address is incomplete (item 5): street, city, state and ZIP needed."
        )
    return problems


def casualty_problems(coverage: Coverage) -> list[str]:
    problems: list[str] = []
    if coverage.channel not in (Channel.AUTO, Channel.WORKERS_COMP):
        return problems
    kind = "auto" if coverage.channel == Channel.AUTO else "workers' comp"
    if not coverage.injury_date:
        problems.append(f"An {kind} claim needs the injury/accident date (item 14).")
    if not coverage.claim_number.strip():
        problems.append(f"An {kind} claim needs the insurer's claim number on the coverage.")
    if coverage.channel == Channel.AUTO and len(coverage.accident_state.strip()) != 2:
        problems.append("An auto claim needs the two-letter accident state (item 10b).")
    if coverage.channel == Channel.WORKERS_COMP and not coverage.employer_name.strip():
        problems.append("A workers' comp claim needs the employer's name (item 4 / 10a).")
    return problems


def _fee_problems(claim: Claim, charges: list[Charge]) -> list[str]:
    if not charges:
        return ["The claim has no billable lines."]
    return [
        f"{c.cpt} has no fee: set it in {claim.payer.name}'s fee schedule or the standard fees."
        for c in charges
        if c.fee <= 0
    ]


def _payer_problems(claim: Claim) -> list[str]:
    if claim.payer.payer_id.strip():
        return []
    return [f"Payer {claim.payer.name} has no payer id: add it under Billing → Payers."]


def _x12_problems(claim: Claim, charges: list[Charge], profile: BillingProfile) -> list[str]:
    try:
        check_claim(domain_claim(claim, charges, profile))
    except ClaimError as error:
        return [f"837P: {problem}" for problem in error.problems]
    except ValueError as error:
        return [f"837P: {error}"]
    return []


def scrub(claim: Claim, profile: BillingProfile) -> list[str]:
    """Every problem of the claim; [] when it can be sent."""
    charges = list(claim.charges.select_related("session__therapist").order_by("id"))
    sessions = list({c.session_id: c.session for c in charges}.values())
    problems = [
        *_session_problems(sessions),
        *diagnosis_problems(list(claim.diagnoses)),
        *_unit_problems(claim, charges, sessions),
        *_npi_problems(profile, sessions),
        *_profile_problems(profile),
        *subscriber_problems(claim.coverage, claim.patient),
        *casualty_problems(claim.coverage),
        *_fee_problems(claim, charges),
        *_payer_problems(claim),
        *prescription_problems(claim),
        *visit_limit_problems(claim),
    ]
    if claim.frequency != "1" and not (claim.original and claim.original.payer_claim_number):
        problems.append("A corrected or void claim needs the payer's original claim number.")
    if not problems:
        problems = _x12_problems(claim, charges, profile)
    return list(dict.fromkeys(problems))
