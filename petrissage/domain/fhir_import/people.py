"""Patient, Practitioner(+PractitionerRole) and Coverage -> Records."""

from __future__ import annotations

from typing import Any

from petrissage.domain.fhir_import.records import Record
from petrissage.domain.fhir_import.references import References
from petrissage.domain.fhir_import.values import (
    NPI,
    MappingError,
    clip,
    codings,
    concept_text,
    fhir_date,
)
from petrissage.domain.npi import npi_problem

US_SSN = "http://hl7.org/fhir/sid/us-ssn"  # not kept: a massage practice has no use for it
SEXES = ("female", "male", "other", "unknown")
US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI",
    "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip


def _state(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return US_STATES.get(text.lower(), "")


def _name(resource: dict[str, Any]) -> dict[str, Any]:
    names = [n for n in resource.get("name") or [] if isinstance(n, dict)]
    for name in names:
        if name.get("use") == "official":
            return name
    usable = [n for n in names if n.get("use") not in ("old", "nickname", "maiden")]
    return (usable or names or [{}])[0]


def _telecom(resource: dict[str, Any], system: str) -> str:
    for item in resource.get("telecom") or []:
        if isinstance(item, dict) and item.get("system") == system and item.get("value"):
            return str(item["value"])
    return ""


def _address(resource: dict[str, Any]) -> dict[str, str]:
    addresses = [a for a in resource.get("address") or [] if isinstance(a, dict)]
    home = next((a for a in addresses if a.get("use") == "home"), addresses[0] if addresses else {})
    lines = [str(line) for line in home.get("line") or []]
    return {
        "address_line": clip(", ".join(lines), 200),
        "city": clip(home.get("city"), 80),
        "state": _state(home.get("state")),
        "postal_code": clip(home.get("postalCode"), 10),
    }


def _language(resource: dict[str, Any]) -> str:
    for item in resource.get("communication") or []:
        if isinstance(item, dict):
            text = concept_text(item.get("language"))
            if text:
                return clip(text, 40)
    return "English"


def _emergency_contact(resource: dict[str, Any]) -> dict[str, str]:
    for contact in resource.get("contact") or []:
        if not isinstance(contact, dict):
            continue
        name = contact.get("name") or {}
        text = name.get("text") or " ".join([*(name.get("given") or []), name.get("family") or ""])
        relation = ", ".join(concept_text(r) for r in contact.get("relationship") or [])
        return {
            "emergency_contact_name": clip(text, 120),
            "emergency_contact_phone": clip(_telecom(contact, "phone"), 30),
            "emergency_contact_relationship": clip(relation, 40),
        }
    return {}


def identifiers(resource: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for ident in resource.get("identifier") or []:
        if not isinstance(ident, dict) or not ident.get("system") or not ident.get("value"):
            continue
        pair = (clip(ident["system"], 255), clip(ident["value"], 255))
        if pair[0] != US_SSN and pair not in found:
            found.append(pair)
    return tuple(found)


def map_patient(resource: dict[str, Any], refs: References, key: str) -> Record:
    name = _name(resource)
    given = " ".join(str(g) for g in name.get("given") or [] if g).strip()
    family = str(name.get("family") or "").strip()
    if not given or not family:
        raise MappingError("Patient.name: a family name and a given name are required")
    birth = fhir_date(resource.get("birthDate"), "Patient.birthDate")
    if birth is None:
        raise MappingError("Patient.birthDate is required to register a patient")
    gender = resource.get("gender")
    names = [n for n in resource.get("name") or [] if isinstance(n, dict)]
    nickname = next((n for n in names if n.get("use") == "nickname"), {})
    fields = {
        "preferred_name": clip(" ".join(str(g) for g in nickname.get("given") or []), 100),
        "given_name": clip(given, 100),
        "family_name": clip(family, 100),
        "birth_date": birth,
        "sex": gender if gender in SEXES else "unknown",
        "phone": clip(_telecom(resource, "phone"), 30),
        "email": clip(_telecom(resource, "email"), 254),
        "preferred_language": _language(resource),
        "active": resource.get("active") is not False,
        **_address(resource),
        **_emergency_contact(resource),
    }
    return Record("patient", key, fields, identifiers=identifiers(resource))


def _role_details(roles: list[dict[str, Any]]) -> dict[str, str]:
    details: dict[str, str] = {}
    for role in roles:
        specialty = ", ".join(concept_text(s) for s in role.get("specialty") or [])
        organisation = (role.get("organization") or {}).get("display")
        for target, value in (
            ("specialty", specialty),
            ("organisation", organisation),
            ("phone", _telecom(role, "phone")),
            ("fax", _telecom(role, "fax")),
            ("email", _telecom(role, "email")),
        ):
            if value and not details.get(target):
                details[target] = str(value)
    return details


def _valid_npi(value: str) -> str:
    return value if value and npi_problem(value) is None else ""


def provider_fields(practitioner: dict[str, Any], roles: list[dict[str, Any]]) -> dict[str, Any]:
    name = _name(practitioner)
    parts = [*(name.get("prefix") or []), *(name.get("given") or []), name.get("family") or ""]
    text = str(name.get("text") or " ".join(str(p) for p in parts if p)).strip()
    if not text:
        raise MappingError("Practitioner.name is required for a referring provider")
    npi = next((v for s, v in identifiers(practitioner) if s == NPI), "")
    details = {**_role_details([practitioner]), **_role_details(roles)}
    return {
        "name": clip(text, 120),
        "credentials": clip(", ".join(str(s) for s in name.get("suffix") or []), 40),
        "npi": _valid_npi(npi),
        "specialty": clip(details.get("specialty"), 80),
        "organisation": clip(details.get("organisation"), 160),
        "phone": clip(details.get("phone"), 30),
        "fax": clip(details.get("fax"), 30),
        "email": clip(details.get("email"), 254),
    }


def map_practitioner(
    resource: dict[str, Any], refs: References, key: str, roles: list[dict[str, Any]]
) -> Record:
    return Record("provider", key, provider_fields(resource, roles))


def map_orphan_role(resource: dict[str, Any], key: str) -> Record:
    """A PractitionerRole whose Practitioner is not in the input: the role names them."""
    practitioner = resource.get("practitioner") or {}
    ident = practitioner.get("identifier") or {}
    stand_in = {
        "name": [{"text": practitioner.get("display") or ""}],
        "identifier": [ident] if isinstance(ident, dict) else [],
    }
    return Record("provider", key, provider_fields(stand_in, [resource]))


RELATIONSHIPS = {"self": "18", "spouse": "01", "child": "19"}
CHANNELS = {"pay": "self_pay", "WCBPOL": "workers_comp", "AUTOPOL": "auto"}
CHANNEL_VALUES = ("commercial", "workers_comp", "auto", "medicare_advantage", "self_pay")
CHANNEL_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/coverage-channel"
PAYER_ID_SYSTEM = "https://petrissage.dev/fhir/NamingSystem/payer-id"


def _payer_name(resource: dict[str, Any], refs: References) -> str:
    for payor in resource.get("payor") or []:
        if not isinstance(payor, dict):
            continue
        key = refs.resolve(payor)
        if key and key.startswith("Patient/"):
            return ""  # the patient pays (self-pay): no payer to name
        target = refs.resource(key)
        if target and target.get("resourceType") == "Organization" and target.get("name"):
            return str(target["name"])
        if payor.get("display"):
            return str(payor["display"])
        if payor.get("reference"):  # the payer is not in the input: keep what names it
            return f"Payer {payor['reference']}"
    return ""


EXTENSION_BASE = "https://petrissage.dev/fhir/StructureDefinition/coverage-"
EXTENSION_FIELDS = {
    "injury-date": "injury_date",
    "claim-number": "claim_number",
    "employer": "employer_name",
    "accident-state": "accident_state",
    "subscriber-birth-date": "subscriber_birth_date",
}
EXTENSION_LENGTHS = {"claim_number": 40, "employer_name": 120, "accident_state": 2}


def _coverage_extensions(resource: dict[str, Any]) -> dict[str, Any]:
    """Auto/workers' comp details written by our own export (extensions)."""
    found: dict[str, Any] = {}
    for item in resource.get("extension") or []:
        url = str(item.get("url", "")) if isinstance(item, dict) else ""
        field = EXTENSION_FIELDS.get(url.removeprefix(EXTENSION_BASE)) if url else None
        if field in ("injury_date", "subscriber_birth_date"):
            found[field] = fhir_date(item.get("valueDate"), f"Coverage.extension({url})")
        elif field:
            found[field] = clip(item.get("valueString"), EXTENSION_LENGTHS[field])
    return found


def _payer_id(resource: dict[str, Any]) -> str:
    for payor in resource.get("payor") or []:
        ident = payor.get("identifier") if isinstance(payor, dict) else None
        if isinstance(ident, dict) and ident.get("system") == PAYER_ID_SYSTEM:
            return str(ident.get("value") or "")
    return ""


def _group(resource: dict[str, Any]) -> str:
    for item in resource.get("class") or []:
        if isinstance(item, dict) and "group" in (concept_text(item.get("type")) or "").lower():
            return clip(item.get("value"), 40)
    return ""


def map_coverage(resource: dict[str, Any], refs: References, key: str) -> Record:
    patient = refs.resolve(resource.get("beneficiary"), "Patient")
    if patient is None:
        raise MappingError("Coverage.beneficiary must reference a Patient in the input")
    types = {str(c.get("system")): str(c.get("code")) for c in codings(resource.get("type"))}
    kind = next(iter(types.values()), "")
    channel = types.get(CHANNEL_SYSTEM) or CHANNELS.get(kind, "commercial")
    if channel not in CHANNEL_VALUES:
        channel = "commercial"
    member = resource.get("subscriberId") or next((v for _, v in identifiers(resource)), "")
    period = resource.get("period") or {}
    relation = next(
        (c.get("code") for c in (resource.get("relationship") or {}).get("coding") or []), ""
    )
    fields = {
        "channel": channel,
        "payer_name": clip(_payer_name(resource, refs), 120),
        "payer_identifier": clip(_payer_id(resource), 20),
        "subscriber_name": clip((resource.get("subscriber") or {}).get("display"), 120),
        "member_id": clip(member, 40),
        "group_number": _group(resource),
        "relationship": RELATIONSHIPS.get(str(relation), "18" if not relation else "G8"),
        "priority": int(resource["order"]) if str(resource.get("order", "")).isdigit() else 1,
        "active": resource.get("status", "active") == "active",
        "valid_from": fhir_date(period.get("start"), "Coverage.period.start"),
        "valid_to": fhir_date(period.get("end"), "Coverage.period.end"),
    }
    fields.update(_coverage_extensions(resource))
    if channel != "self_pay" and not (fields["payer_name"] and fields["member_id"]):
        raise MappingError("Coverage needs a payor and a subscriberId (member id) to bill")
    return Record("coverage", key, fields, patient_key=patient)
