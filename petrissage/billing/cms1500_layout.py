"""Where each CMS-1500 (02/12) item sits on the page, in inches, and what it holds.

The boxes follow the red form's grid closely enough to read like it on plain paper
(clinical.md §4e lists the items a massage claim needs). Values are upper case, as the
NUCC manual asks for machine-read forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LEFT, MID, RIGHT, END = 0.3, 3.25, 4.75, 8.2


@dataclass(frozen=True)
class Box:
    item: str
    label: str
    x: float
    y: float
    w: float
    h: float
    value: str = ""


def _mark(on: bool) -> str:
    return "☒" if on else "☐"


def _d(value: Any) -> str:
    return value.strftime("%m %d %Y") if value else ""


def _upper(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p).upper()


def _top(c: dict[str, Any]) -> list[Box]:
    patient, coverage = c["patient"], c["coverage"]
    payer_type = c["payer_type"]
    kinds = (("group", "GROUP HEALTH PLAN"), ("other", "OTHER"))
    marks = "   ".join(f"{_mark(payer_type == key)} {text}" for key, text in kinds)
    self_insured = coverage.relationship == "18"
    rel = {"18": "SELF", "01": "SPOUSE", "19": "CHILD"}.get(coverage.relationship, "OTHER")
    address = _upper(patient.address_line)
    city = _upper(patient.city, patient.state, patient.postal_code)
    insured = coverage.employer_name if c["employment"] else coverage.subscriber_name
    return [
        Box("1", "MEDICARE · MEDICAID · TRICARE · CHAMPVA · GROUP HEALTH PLAN · FECA · OTHER",
            LEFT, 1.3, 4.8, 0.36, marks),
        Box("1a", "INSURED'S I.D. NUMBER", 5.1, 1.3, END - 5.1, 0.36, _upper(coverage.member_id)),
        Box("2", "PATIENT'S NAME (Last, First, MI)", LEFT, 1.66, MID - LEFT, 0.36,
            _upper(f"{patient.family_name}, {patient.given_name}")),
        Box("3", "PATIENT'S BIRTH DATE · SEX", MID, 1.66, RIGHT - MID, 0.36,
            f"{_d(patient.birth_date)}  {patient.sex[:1].upper()}"),
        Box("4", "INSURED'S NAME (Last, First, MI)", RIGHT, 1.66, END - RIGHT, 0.36,
            "SAME" if self_insured and not c["employment"] else _upper(insured)),
        Box("5", "PATIENT'S ADDRESS (No., Street) · CITY · STATE · ZIP", LEFT, 2.02, MID - LEFT,
            0.6, f"{address}\n{city}"),
        Box("6", "PATIENT RELATIONSHIP TO INSURED", MID, 2.02, RIGHT - MID, 0.6,
            "EMPLOYEE" if c["employment"] else rel),
        Box("7", "INSURED'S ADDRESS (No., Street)", RIGHT, 2.02, END - RIGHT, 0.6,
            "SAME" if self_insured and not c["employment"] else ""),
    ]  # fmt: skip


def _conditions(c: dict[str, Any]) -> list[Box]:
    coverage = c["coverage"]
    auto = c["auto"]
    related = (
        f"a. EMPLOYMENT?  {_mark(c['employment'])} YES  {_mark(not c['employment'])} NO\n"
        f"b. AUTO ACCIDENT?  {_mark(auto)} YES  {_mark(not auto)} NO"
        f"{'  STATE ' + coverage.accident_state.upper() if auto else ''}\n"
        f"c. OTHER ACCIDENT?  {_mark(False)} YES  {_mark(True)} NO"
    )
    plan = "" if c["employment"] or auto else coverage.payer_name
    return [
        Box("9", "OTHER INSURED'S NAME", LEFT, 2.62, MID - LEFT, 0.9, "NONE"),
        Box("10", "IS PATIENT'S CONDITION RELATED TO:", MID, 2.62, RIGHT - MID + 0.35, 0.9,
            related),
        Box("11", "INSURED'S POLICY GROUP OR FECA NUMBER · 11b OTHER CLAIM ID · 11c PLAN",
            RIGHT + 0.35, 2.62, END - RIGHT - 0.35, 0.9,
            "\n".join(filter(None, [_upper(coverage.group_number) or "NONE",
                                    _upper(coverage.claim_number), _upper(plan)]))),
        Box("12", "PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE", LEFT, 3.52, 4.45, 0.36,
            "SIGNATURE ON FILE"),
        Box("13", "INSURED'S OR AUTHORIZED PERSON'S SIGNATURE", RIGHT, 3.52, END - RIGHT, 0.36,
            "SIGNATURE ON FILE"),
    ]  # fmt: skip


def _dates(c: dict[str, Any]) -> list[Box]:
    coverage, claim = c["coverage"], c["claim"]
    onset = coverage.injury_date if (c["auto"] or c["employment"]) else None
    diagnoses = "   ".join(f"{letter}. {code}" for letter, code in c["diagnoses"])
    resub = ""
    if claim.frequency != "1":
        original = claim.original.payer_claim_number if claim.original else ""
        resub = f"{claim.frequency}   {original}"
    return [
        Box("14", "DATE OF CURRENT ILLNESS, INJURY (QUAL 431)", LEFT, 3.88, 2.9, 0.34,
            f"{_d(onset)}  QUAL 431" if onset else ""),
        Box("15", "OTHER DATE (QUAL 439 ACCIDENT)", 3.2, 3.88, 1.55, 0.34,
            _d(coverage.injury_date) if c["auto"] else ""),
        Box("16", "DATES PATIENT UNABLE TO WORK", RIGHT, 3.88, END - RIGHT, 0.34, ""),
        Box("17", "NAME OF REFERRING PROVIDER (DN) · 17b NPI", LEFT, 4.22, 4.45, 0.34,
            _upper(c.get("referring", ""))),
        Box("18", "HOSPITALIZATION DATES", RIGHT, 4.22, END - RIGHT, 0.34, ""),
        Box("19", "ADDITIONAL CLAIM INFORMATION", LEFT, 4.56, 4.45, 0.3, ""),
        Box("20", "OUTSIDE LAB?", RIGHT, 4.56, END - RIGHT, 0.3,
            f"{_mark(False)} YES  {_mark(True)} NO"),
        Box("21", "DIAGNOSIS OR NATURE OF ILLNESS OR INJURY   ICD Ind. 0", LEFT, 4.86, 4.45, 0.66,
            diagnoses),
        Box("22", "RESUBMISSION CODE · ORIGINAL REF. NO.", RIGHT, 4.86, END - RIGHT, 0.33, resub),
        Box("23", "PRIOR AUTHORIZATION NUMBER", RIGHT, 5.19, END - RIGHT, 0.33,
            _upper(c.get("prior_authorization", ""))),
    ]  # fmt: skip


SERVICE_COLUMNS = (
    ("A", "DATE(S) OF SERVICE", 0.3, 1.3),
    ("B", "POS", 1.6, 0.4),
    ("C", "EMG", 2.0, 0.35),
    ("D", "CPT/HCPCS · MODIFIER", 2.35, 1.55),
    ("E", "DX PTR", 3.9, 0.6),
    ("F", "$ CHARGES", 4.5, 0.9),
    ("G", "UNITS", 5.4, 0.45),
    ("H", "EPSDT", 5.85, 0.4),
    ("I", "ID QUAL", 6.25, 0.45),
    ("J", "RENDERING PROVIDER ID #", 6.7, 1.5),
)
SERVICE_TOP, ROW_HEIGHT = 5.52, 0.34


def service_rows(c: dict[str, Any]) -> list[list[str]]:
    rows = []
    for line in c["lines"]:
        rows.append([
            f"{_d(line.service_date)}", line.place, "", f"{line.cpt}  {line.modifiers}",
            line.pointers, f"{line.amount}", str(line.units), "", "NPI", line.npi,
        ])  # fmt: skip
    while len(rows) < 6:
        rows.append([""] * len(SERVICE_COLUMNS))
    return rows


def _bottom(c: dict[str, Any]) -> list[Box]:
    profile, claim, therapist = c["profile"], c["claim"], c["therapist"]
    top = SERVICE_TOP + 0.22 + 6 * ROW_HEIGHT
    billing = (
        f"{_upper(profile.billing_name)}\n{_upper(profile.address_line)}\n"
        f"{_upper(profile.city, profile.state, profile.postal_code)}   PH {profile.phone}"
    )
    signer = therapist.signature if therapist else ""
    return [
        Box("25", "FEDERAL TAX I.D. NUMBER  ☐ SSN ☒ EIN", LEFT, top, 2.3, 0.36, profile.tax_id),
        Box("26", "PATIENT'S ACCOUNT NO.", 2.6, top, 1.5, 0.36, claim.account_number),
        Box("27", "ACCEPT ASSIGNMENT?", 4.1, top, 1.0, 0.36, f"{_mark(True)} YES"),
        Box("28", "TOTAL CHARGE", 5.1, top, 1.1, 0.36, f"$ {c['total']}"),
        Box("29", "AMOUNT PAID", 6.2, top, 1.0, 0.36, f"$ {c['paid']}"),
        Box("30", "Rsvd for NUCC Use", 7.2, top, END - 7.2, 0.36, ""),
        Box("31", "SIGNATURE OF PHYSICIAN OR SUPPLIER INCLUDING DEGREES OR CREDENTIALS",
            LEFT, top + 0.36, 2.3, 0.95, f"{_upper(signer)}\nSIGNATURE ON FILE"),
        Box("32", "SERVICE FACILITY LOCATION INFORMATION", 2.6, top + 0.36, 2.5, 0.95,
            billing + f"\n32a {profile.npi}"),
        Box("33", "BILLING PROVIDER INFO & PH #", 5.1, top + 0.36, END - 5.1, 0.95,
            billing + f"\n33a {profile.npi}   33b ZZ{profile.taxonomy}"),
    ]  # fmt: skip


def _service_grid(c: dict[str, Any]) -> list[Box]:
    """Item 24: a header row of column labels, then six shaded-and-plain line pairs."""
    boxes = [
        Box(f"24{letter}", label, x, SERVICE_TOP, w, 0.22)
        for letter, label, x, w in SERVICE_COLUMNS
    ]
    for row, cells in enumerate(service_rows(c)):
        y = SERVICE_TOP + 0.22 + row * ROW_HEIGHT
        boxes += [
            Box(str(row + 1) if index == 0 else "", "", x, y, w, ROW_HEIGHT, value)
            for index, ((_, _, x, w), value) in enumerate(zip(SERVICE_COLUMNS, cells, strict=True))
        ]
    return boxes


def cms1500_boxes(context: dict[str, Any]) -> list[Box]:
    return [
        *_top(context),
        *_conditions(context),
        *_dates(context),
        *_service_grid(context),
        *_bottom(context),
    ]


def payer_block(context: dict[str, Any]) -> str:
    claim = context["claim"]
    return f"{_upper(claim.payer.name)}\nPAYER ID {claim.payer.payer_id}"
