"""Condition, medications, AllergyIntolerance, Procedure, Encounter, Observation and
ServiceRequest -> Records. Returning None means "not for us" (counted as skipped)."""

from __future__ import annotations

import math
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.domain.fhir_import.archive import stored_as
from petrissage.domain.fhir_import.people import provider_fields
from petrissage.domain.fhir_import.records import Record
from petrissage.domain.fhir_import.references import References
from petrissage.domain.fhir_import.snomed_icd10 import icd10_for_snomed
from petrissage.domain.fhir_import.values import (
    ICD10_SYSTEMS,
    LOINC,
    RXNORM,
    SNOMED,
    MappingError,
    clip,
    coding_in,
    codings,
    concept_text,
    decimal_value,
    fhir_date,
    fhir_datetime,
    period_start,
    status_code,
)
from petrissage.domain.regions import is_region
from petrissage.domain.screening.model import PLAUSIBLE_MMHG

NOT_REAL = ("entered-in-error", "refuted")


def _subject(resource: dict[str, Any], refs: References, element: str = "subject") -> str:
    kind = resource["resourceType"]
    key = refs.resolve(resource.get(element), "Patient")
    if key is None or not key.startswith("Patient/"):
        reference = (resource.get(element) or {}).get("reference", "none")
        raise MappingError(f"{kind}.{element} {str(reference)[:80]!r} does not name a Patient")
    return key


def _code(concept: Any) -> tuple[str, str, str]:
    """(system, code, display): SNOMED CT first, then ICD-10-CM, then any coding; text kept."""
    coding = coding_in(concept, SNOMED) or coding_in(concept, *ICD10_SYSTEMS)
    if coding is None:
        coding = next((c for c in codings(concept) if c.get("code")), {})
    text = concept_text(concept)
    return clip(coding.get("system"), 100), clip(coding.get("code"), 40), clip(text, 255)


def map_condition(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    if status_code(resource.get("verificationStatus"), "") in NOT_REAL:
        return None
    patient = _subject(resource, refs)
    concept = resource.get("code")
    system, code, display = _code(concept)
    if not (code or display):
        raise MappingError("Condition.code has neither a code nor text")
    icd = coding_in(concept, *ICD10_SYSTEMS)
    icd10 = clip(icd.get("code"), 10) if icd else ""
    snomed = coding_in(concept, SNOMED)
    if not icd10 and snomed:
        mapping = icd10_for_snomed(str(snomed["code"]))
        icd10 = mapping.icd10 if mapping else ""
    fields = {
        "system": system,
        "code": code,
        "display": display,
        "icd10_code": icd10,
        "clinical_status": clip(status_code(resource.get("clinicalStatus"), "active"), 20),
        "onset": fhir_date(period_start(resource, "onset"), "Condition.onset"),
        "abatement": fhir_date(period_start(resource, "abatement"), "Condition.abatement"),
    }
    return Record("condition", key, fields, patient_key=patient)


ACTIVE_MEDICATION = ("active", "on-hold", "intended")


def _contained(resource: dict[str, Any], reference: Any) -> dict[str, Any] | None:
    """The contained resource a local reference ("#id") points to."""
    text = str((reference or {}).get("reference") or "") if isinstance(reference, dict) else ""
    if not text.startswith("#"):
        return None
    contained = [c for c in resource.get("contained") or [] if isinstance(c, dict)]
    return next((c for c in contained if f"#{c.get('id')}" == text), None)


def map_medication(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    if resource.get("status") in NOT_REAL:
        return None
    patient = _subject(resource, refs)
    concept = resource.get("medicationCodeableConcept")
    if concept is None:
        medication = _contained(resource, resource.get("medicationReference")) or refs.resource(
            refs.resolve(resource.get("medicationReference"))
        )
        concept = (medication or {}).get("code")
        if concept is None:
            display = (resource.get("medicationReference") or {}).get("display")
            concept = {"text": display} if display else None
    name = concept_text(concept)
    if not name:
        raise MappingError(f"{resource['resourceType']}.medication[x] names no medication")
    rxnorm = coding_in(concept, RXNORM)
    code = str(rxnorm["code"]) if rxnorm else ""
    fields = {
        "name": clip(name, 255),
        "rxnorm": code if code.isdigit() and len(code) <= 20 else "",
        "active": resource.get("status", "active") in ACTIVE_MEDICATION,
    }
    return Record("medication", key, fields, patient_key=patient)


def map_allergy(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    if status_code(resource.get("verificationStatus"), "") in NOT_REAL:
        return None
    patient = _subject(resource, refs, "patient")
    system, code, display = _code(resource.get("code"))
    if not display:
        raise MappingError("AllergyIntolerance.code names no substance")
    fields = {
        "system": system,
        "code": code,
        "display": display,
        "category": clip(",".join(str(c) for c in resource.get("category") or []), 20),
        "criticality": clip(resource.get("criticality"), 20),
        "clinical_status": clip(status_code(resource.get("clinicalStatus"), "active"), 20),
        "recorded_on": fhir_date(resource.get("recordedDate"), "AllergyIntolerance.recordedDate"),
    }
    return Record("allergy", key, fields, patient_key=patient)


def map_procedure(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    if resource.get("status") in NOT_REAL:
        return None
    patient = _subject(resource, refs)
    system, code, display = _code(resource.get("code"))
    if not display:
        raise MappingError("Procedure.code has neither a code nor text")
    fields = {
        "system": system,
        "code": code,
        "display": display,
        "status": clip(resource.get("status") or "completed", 20),
        "performed_on": fhir_date(period_start(resource, "performed"), "Procedure.performed[x]"),
    }
    return Record("procedure", key, fields, patient_key=patient)


def map_encounter(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    if resource.get("status") in NOT_REAL:
        return None
    patient = _subject(resource, refs)
    kind = next(iter(resource.get("type") or []), None)
    system, code, display = _code(kind)
    period = resource.get("period") or {}
    reasons = "; ".join(concept_text(r) for r in resource.get("reasonCode") or [])
    fields = {
        "status": clip(resource.get("status") or "finished", 20),
        "encounter_class": clip((resource.get("class") or {}).get("code"), 20),
        "type_system": system,
        "type_code": code,
        "type_display": display,
        "reason": clip(reasons, 255),
        "started_at": fhir_datetime(period.get("start"), "Encounter.period.start"),
        "ended_at": fhir_datetime(period.get("end"), "Encounter.period.end"),
    }
    return Record("encounter", key, fields, patient_key=patient)


BLOOD_PRESSURE = ("85354-9", "55284-4")  # BP panel (FHIR vital-signs profile; Synthea)
SYSTOLIC, DIASTOLIC = "8480-6", "8462-4"
PREGNANCY_STATUS = "82810-3"  # LOINC Pregnancy status (US Core; not in the test data)
PREGNANT = ("77386006",)  # SNOMED CT Pregnant (finding)


def _component(resource: dict[str, Any], loinc: str) -> Any:
    for component in resource.get("component") or []:
        if coding_in(component.get("code"), LOINC) and any(
            c.get("code") == loinc for c in codings(component.get("code"))
        ):
            return (component.get("valueQuantity") or {}).get("value")
    return None


def _plausible_pressure(value: Decimal | None, element: str) -> None:
    """The screening's plausible range: a reading outside it is a typing or unit error."""
    low, high = PLAUSIBLE_MMHG
    if value is not None and not low <= value <= high:
        raise MappingError(
            f"Observation {element} {value} mmHg is not a plausible blood pressure "
            f"({low}–{high} mmHg)"
        )


def map_observation(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    loinc = {str(c.get("code")) for c in codings(resource.get("code")) if c.get("system") == LOINC}
    if resource.get("status") in ("entered-in-error", "cancelled"):
        return None
    if loinc & set(BLOOD_PRESSURE):
        fields: dict[str, Any] = {
            "loinc": "85354-9",
            "display": "Blood pressure panel",
            "systolic": decimal_value(_component(resource, SYSTOLIC), "systolic"),
            "diastolic": decimal_value(_component(resource, DIASTOLIC), "diastolic"),
        }
        if fields["systolic"] is None and fields["diastolic"] is None:
            raise MappingError("Observation: blood pressure without systolic or diastolic value")
        _plausible_pressure(fields["systolic"], "systolic")
        _plausible_pressure(fields["diastolic"], "diastolic")
    elif PREGNANCY_STATUS in loinc:
        value = resource.get("valueCodeableConcept")
        system, code, display = _code(value)
        if code in PREGNANT and stored_as(resource) != "patients.vitalsign":
            # from elsewhere: a pregnancy becomes a condition, which screening sees
            fields = {
                "system": SNOMED,
                "code": code,
                "display": clip(f"Pregnant (pregnancy status {display or code})", 255),
                "icd10_code": "",
                "clinical_status": "active",
                "onset": fhir_date(period_start(resource, "effective"), "effective[x]"),
                "abatement": None,
            }
            return Record("condition", key, fields, patient_key=_subject(resource, refs))
        fields = {"loinc": PREGNANCY_STATUS, "display": "Pregnancy status"}
        fields.update(value_system=system, value_code=code, value_display=display)
    else:
        return None
    patient = _subject(resource, refs)
    moment = fhir_datetime(period_start(resource, "effective"), "Observation.effective[x]")
    fields["effective_at"] = moment
    return Record("vital", key, fields, patient_key=patient)


CPT = "http://www.ama-assn.org/go/cpt"
REGION_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/body-region"
PRIOR_AUTH_SYSTEM = "https://petrissage.dev/fhir/NamingSystem/prior-authorisation"
PRESCRIPTION_EXTENSION = "https://petrissage.dev/fhir/StructureDefinition/prescription-"
COUNT_EXTENSIONS = {
    "authorised-visits": "authorised_visits",
    "report-every-visits": "report_every_visits",
    "report-every-days": "report_every_days",
}
COUNT_LIMITS = {"authorised_visits": 200, "report_every_visits": 200, "report_every_days": 365}
WEEKS = re.compile(r"for (\d{1,3}) weeks?")
MASSAGE = re.compile(r"massage|manual therap|myofascial|soft[- ]tissue mobili", re.IGNORECASE)


def _order_text(resource: dict[str, Any]) -> str:
    parts = [concept_text(resource.get("code"))]
    parts += [concept_text(c) for c in resource.get("category") or []]
    parts += [concept_text(d) for d in resource.get("orderDetail") or []]
    return " ".join(parts)


def _cpt_codes(resource: dict[str, Any], text: str) -> list[str]:
    concepts = [resource.get("code"), *(resource.get("orderDetail") or [])]
    found = sorted({str(c["code"]) for x in concepts for c in codings(x) if c.get("system") == CPT})
    known = [code for code in found if code in CPT_CODES]
    if known:
        return known
    # An order in words: massage -> 97124, manual therapy -> 97140 (CPT table [B1]).
    return ["97140"] if re.search(r"manual therap|myofascial", text, re.I) else ["97124"]


def _diagnoses(resource: dict[str, Any]) -> list[str]:
    codes: list[str] = []
    for reason in resource.get("reasonCode") or []:
        icd = coding_in(reason, *ICD10_SYSTEMS)
        snomed = coding_in(reason, SNOMED)
        mapping = icd10_for_snomed(str(snomed["code"])) if snomed and not icd else None
        code = str(icd["code"]) if icd else (mapping.icd10 if mapping else "")
        if code and code not in codes:
            codes.append(code)
    return codes


def _requester(resource: dict[str, Any], refs: References) -> tuple[str, dict[str, Any] | None]:
    requester = resource.get("requester") or {}
    reference = str(requester.get("reference") or "")
    if reference.startswith("#"):
        return "", _contained(resource, requester)
    key = refs.resolve(requester)
    if key and key.split("/")[0] in ("Practitioner", "PractitionerRole"):
        return key, None
    raise MappingError("ServiceRequest.requester must name the prescribing Practitioner")


def _order_extensions(resource: dict[str, Any]) -> dict[str, int | None]:
    """Authorised visits and the progress-report interval our own export writes."""
    found: dict[str, int | None] = dict.fromkeys(COUNT_EXTENSIONS.values())
    for item in resource.get("extension") or []:
        url = str(item.get("url") or "") if isinstance(item, dict) else ""
        field = COUNT_EXTENSIONS.get(url.removeprefix(PRESCRIPTION_EXTENSION)) if url else None
        if field is None:
            continue
        value = item.get("valuePositiveInt", item.get("valueUnsignedInt"))
        if not isinstance(value, int) or isinstance(value, bool):
            raise MappingError(f"ServiceRequest.extension({url}): {value!r} is not a count")
        if not 1 <= value <= COUNT_LIMITS[field]:
            raise MappingError(f"ServiceRequest.extension({url}): {value} is out of range")
        found[field] = value
    return found


def map_service_request(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    text = _order_text(resource)
    if not MASSAGE.search(text) or resource.get("intent") not in ("order", "original-order"):
        return None
    patient = _subject(resource, refs)
    provider_key, contained = _requester(resource, refs)
    diagnoses = _diagnoses(resource)
    if not diagnoses:
        raise MappingError("ServiceRequest.reasonCode has no ICD-10-CM (or mappable SNOMED) code")
    timing = (resource.get("occurrenceTiming") or {}).get("repeat") or {}
    bounds = timing.get("boundsPeriod") or resource.get("occurrencePeriod") or {}
    issued = fhir_date(resource.get("authoredOn") or bounds.get("start"), "authoredOn")
    if issued is None:
        raise MappingError("ServiceRequest.authoredOn is needed as the prescription's issue date")
    ends = fhir_date(bounds.get("end"), "occurrence.boundsPeriod.end")
    per_week = int(timing.get("frequency") or 1) if timing.get("periodUnit", "wk") == "wk" else 1
    weeks = max(1, math.ceil(((ends - issued).days + 1) / 7)) if ends else 4
    stated = WEEKS.search(concept_text((resource.get("occurrenceTiming") or {}).get("code")))
    weeks = int(stated.group(1)) if stated else weeks
    quantity = (resource.get("quantityQuantity") or {}).get("value")
    cap = int(timing.get("count") or quantity or per_week * weeks)
    regions = [
        str(c["code"])
        for site in resource.get("bodySite") or []
        for c in codings(site)
        if c.get("system") == REGION_SYSTEM and is_region(str(c.get("code")))
    ]
    notes = " ".join(str(n.get("text", "")) for n in resource.get("note") or [])
    prior = next(
        (str(i.get("value")) for i in resource.get("identifier") or []
         if i.get("system") == PRIOR_AUTH_SYSTEM),
        "",
    )  # fmt: skip
    fields = {
        "issued_on": issued,
        "expires_on": ends or issued + timedelta(weeks=weeks),
        "diagnoses": tuple(diagnoses),
        "regions": tuple(regions),
        "cpt_codes": tuple(_cpt_codes(resource, text)),
        "sessions_per_week": max(1, min(per_week, 7)),
        "weeks": min(weeks, 104),
        "visit_cap": max(1, min(cap, 200)),
        "prior_auth_number": clip(prior, 50),
        "precautions": clip(notes.removeprefix("Precautions: "), 2000),
        **_order_extensions(resource),
    }
    refs_out = {"provider": provider_key} if provider_key else {}
    case_id = _case_identifier(resource)
    if case_id:
        refs_out["case"] = f"Case/{case_id}"
    record = Record("prescription", key, fields, patient_key=patient, refs=refs_out)
    if contained is not None:
        record.fields["_provider"] = tuple(sorted(provider_fields(contained, []).items()))
    return record


CASE_EXTENSION = "https://petrissage.dev/fhir/StructureDefinition/prescription-case"


def _case_identifier(resource: dict[str, Any]) -> str:
    """The exporting practice's case id (prescription-case extension), relinked on import."""
    for extension in resource.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == CASE_EXTENSION:
            return str((extension.get("valueIdentifier") or {}).get("value") or "")[:40]
    return ""
