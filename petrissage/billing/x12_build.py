"""Turn a stored claim into the domain 837P model (petrissage.domain.billing.x12_837p).

Every value the domain writer needs comes from the claim, its coverage, the patient, the
therapist who signed the note and the practice's billing profile. Missing data raises
ValueError naming it; the scrubber reports those messages as things to fix.
"""

from __future__ import annotations

from datetime import date

from petrissage.billing.models import BillingProfile, Charge, Claim
from petrissage.billing.prescription_checks import claim_prescription, referring_name
from petrissage.domain.billing import x12_837p as x12
from petrissage.domain.billing.edits import normalise_icd10
from petrissage.domain.npi import npi_problem
from petrissage.patients.models import Channel, Coverage, Patient
from petrissage.practice.models import Staff

SEX = {"female": x12.Sex.FEMALE, "male": x12.Sex.MALE}
RELATIONSHIP = {
    "18": x12.Relationship.SELF,
    "01": x12.Relationship.SPOUSE,
    "19": x12.Relationship.CHILD,
    "G8": x12.Relationship.OTHER,
}


def split_name(full: str) -> x12.PersonName:
    """'Tomás Herrera' → last Herrera, first Tomás; 'Lopez, Maria' → last Lopez."""
    if "," in full:
        last, _, first = full.partition(",")
        return x12.PersonName(last.strip(), first.strip())
    parts = full.split()
    if not parts:
        return x12.PersonName("")
    return x12.PersonName(parts[-1], " ".join(parts[:-1]))


def patient_address(patient: Patient) -> x12.Address:
    return x12.Address(patient.address_line, patient.city, patient.state, patient.postal_code)


def billing_provider(profile: BillingProfile) -> x12.BillingProvider:
    return x12.BillingProvider(
        name=profile.billing_name,
        npi=profile.npi,
        ein=profile.tax_id,
        address=x12.Address(profile.address_line, profile.city, profile.state, profile.postal_code),
        taxonomy=profile.taxonomy or x12.MASSAGE_THERAPIST_TAXONOMY,
    )


def rendering_provider(therapist: Staff) -> x12.Provider:
    return x12.Provider(
        split_name(therapist.display_name),
        therapist.npi,
        therapist.taxonomy or x12.MASSAGE_THERAPIST_TAXONOMY,
    )


def referring_provider(claim: Claim) -> tuple[x12.Provider | None, str]:
    """Loop 2310A (item 17/17b) and REF*G1 (item 23) from the prescription covering the
    date of service; no referring loop when the prescriber has no valid NPI."""
    prescription = claim_prescription(claim)
    if prescription is None:
        return None, ""
    npi = prescription.provider.npi
    provider = None
    if npi and not npi_problem(npi):
        provider = x12.Provider(split_name(referring_name(prescription)), npi)
    return provider, prescription.prior_auth_number


def _subscriber(coverage: Coverage, patient: Patient) -> x12.Subscriber:
    if coverage.channel == Channel.WORKERS_COMP:  # the employer is the insured (§4f)
        return x12.Subscriber(
            member_id=coverage.member_id,
            name=x12.PersonName(coverage.employer_name),
            organisation=True,
        )
    self_insured = coverage.relationship == "18"
    return x12.Subscriber(
        member_id=coverage.member_id,
        name=(
            x12.PersonName(patient.family_name, patient.given_name)
            if self_insured
            else split_name(coverage.subscriber_name)
        ),
        address=patient_address(patient),
        birth_date=patient.birth_date if self_insured else coverage.subscriber_birth_date,
        sex=SEX.get(patient.sex, x12.Sex.UNKNOWN) if self_insured else x12.Sex.UNKNOWN,
        group_number=coverage.group_number,
    )


def _patient(coverage: Coverage, patient: Patient) -> x12.Patient | None:
    if coverage.channel == Channel.WORKERS_COMP:
        relationship = x12.Relationship.EMPLOYEE
    elif coverage.relationship == "18":
        return None
    else:
        relationship = RELATIONSHIP.get(coverage.relationship, x12.Relationship.OTHER)
    return x12.Patient(
        name=x12.PersonName(patient.family_name, patient.given_name),
        address=patient_address(patient),
        birth_date=patient.birth_date,
        sex=SEX.get(patient.sex, x12.Sex.UNKNOWN),
        relationship=relationship,
    )


def _causes(coverage: Coverage) -> tuple[x12.RelatedCause, ...]:
    if coverage.channel == Channel.WORKERS_COMP:
        return (x12.RelatedCause.EMPLOYMENT,)
    if coverage.channel == Channel.AUTO:
        return (x12.RelatedCause.AUTO_ACCIDENT,)
    return ()


def _line(charge: Charge, service_date: date) -> x12.ServiceLine:
    return x12.ServiceLine(
        cpt=charge.cpt,
        charge=charge.amount,
        units=charge.units,
        service_date=service_date,
        pointers=tuple(charge.pointers) or (1,),
        modifiers=tuple(charge.modifiers),
    )


def domain_claim(claim: Claim, charges: list[Charge], profile: BillingProfile) -> x12.Claim:
    """The 837P claim; ValueError when a diagnosis is not shaped like ICD-10-CM."""
    coverage, patient = claim.coverage, claim.patient
    accident = coverage.channel == Channel.AUTO
    casualty = coverage.channel in (Channel.AUTO, Channel.WORKERS_COMP)
    therapist = charges[0].session.therapist if charges else None
    referring, prior_authorization = referring_provider(claim)
    return x12.Claim(
        claim_id=claim.account_number,
        billing_provider=billing_provider(profile),
        subscriber=_subscriber(coverage, patient),
        payer=x12.Payer(
            claim.payer.name,
            claim.payer.payer_id,
            x12.ClaimFilingIndicator(claim.payer.filing_indicator),
        ),
        diagnoses=tuple(normalise_icd10(code) for code in claim.diagnoses),
        lines=tuple(_line(charge, charge.service_date) for charge in charges),
        patient=_patient(coverage, patient),
        frequency=x12.Frequency(claim.frequency),
        original_claim_number=claim.original.payer_claim_number if claim.original else "",
        related_causes=_causes(coverage),
        accident_state=coverage.accident_state if accident else "",
        onset_date=coverage.injury_date if casualty else None,
        accident_date=coverage.injury_date if accident else None,
        property_casualty_claim_number=coverage.claim_number if casualty else "",
        rendering_provider=rendering_provider(therapist) if therapist else None,
        referring_provider=referring,
        prior_authorization=prior_authorization,
    )
