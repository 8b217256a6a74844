"""Read an X12 835 remittance (005010X221A1) into plain values. No database.

Separators come from the ISA header (element = 4th character, component = ISA16,
segment terminator = the character after ISA16). Anything malformed raises
RemittanceFormatError naming the segment, so nothing is posted from a broken file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

ISA_LENGTH = 106


class RemittanceFormatError(ValueError):
    """The file is not a readable 835; the message says where and why."""


@dataclass(frozen=True)
class Adjustment:
    group: str  # CO contractual, PR patient responsibility, OA other, PI payer initiated
    reason: str
    amount: Decimal


@dataclass
class ClaimPayment:
    """One CLP loop (2100) with the adjustments of the claim and its service lines."""

    account_number: str  # CLP01: our CLM01
    status_code: str  # CLP02: 1/2/3 processed, 4 denied, 22 reversal
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    payer_claim_number: str  # CLP07
    patient_name: str = ""
    adjustments: list[Adjustment] = field(default_factory=list)

    @property
    def denied(self) -> bool:
        return self.status_code == "4"


@dataclass
class Remittance835:
    payer_name: str = ""
    trace_number: str = ""
    payment_total: Decimal = Decimal("0.00")
    paid_on: date | None = None
    claims: list[ClaimPayment] = field(default_factory=list)


def _segments(content: str) -> tuple[list[list[str]], str]:
    text = content.lstrip("\ufeff \r\n\t")
    if not text.startswith("ISA") or len(text) < ISA_LENGTH:
        raise RemittanceFormatError(
            "This is not an X12 file: it must start with an ISA header of 106 characters."
        )
    element, terminator = text[3], text[ISA_LENGTH - 1]
    if terminator.isalnum() or terminator == element:
        raise RemittanceFormatError("The ISA header is malformed: no segment terminator found.")
    raw = [part.strip("\r\n ") for part in text.split(terminator)]
    segments = [part.split(element) for part in raw if part]
    if len(segments[0]) != 17:
        raise RemittanceFormatError("The ISA header must have 16 elements.")
    return segments, text[ISA_LENGTH - 2]


def _amount(segment: list[str], index: int, number: int) -> Decimal:
    value = segment[index] if index < len(segment) else ""
    try:
        amount = Decimal(value) if value else Decimal("0")
    except InvalidOperation:
        raise RemittanceFormatError(
            f"Segment {number} ({segment[0]}): element {index} should be an amount, got {value!r}."
        ) from None
    if not amount.is_finite():
        raise RemittanceFormatError(f"Segment {number} ({segment[0]}): {value!r} is not finite.")
    return amount.quantize(Decimal("0.01"))


def _date(value: str) -> date | None:
    """A CCYYMMDD date, or None (payment dates are informative; a bad one is not fatal)."""
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


def _check_envelope(segments: list[list[str]]) -> None:
    tags = [segment[0] for segment in segments]
    for tag in ("GS", "ST", "BPR", "SE", "GE", "IEA"):
        if tag not in tags:
            raise RemittanceFormatError(f"The file has no {tag} segment: it is incomplete.")
    st = segments[tags.index("ST")]
    if len(st) < 2 or st[1] != "835":
        kind = st[1] if len(st) > 1 else "?"
        raise RemittanceFormatError(f"This is an X12 {kind} file, not an 835 remittance.")
    start, end = tags.index("ST"), tags.index("SE")
    declared = segments[end][1] if len(segments[end]) > 1 else ""
    if declared != str(end - start + 1):
        raise RemittanceFormatError(
            f"SE01 says {declared!r} segments but the transaction has {end - start + 1}: "
            "the file is truncated or damaged."
        )


def _cas(segment: list[str], number: int) -> list[Adjustment]:
    group = segment[1] if len(segment) > 1 else ""
    found = []
    for index in range(2, len(segment), 3):
        if segment[index]:
            found.append(Adjustment(group, segment[index], _amount(segment, index + 1, number)))
    return found


def _clp(segment: list[str], number: int) -> ClaimPayment:
    if len(segment) < 8 or not segment[1]:
        raise RemittanceFormatError(f"Segment {number} (CLP) needs at least 7 elements.")
    return ClaimPayment(
        account_number=segment[1],
        status_code=segment[2],
        charge=_amount(segment, 3, number),
        paid=_amount(segment, 4, number),
        patient_responsibility=_amount(segment, 5, number),
        payer_claim_number=segment[7],
    )


def parse_835(content: str) -> Remittance835:
    segments, _component = _segments(content)
    _check_envelope(segments)
    result = Remittance835()
    current: ClaimPayment | None = None
    for number, segment in enumerate(segments, start=1):
        tag = segment[0]
        if tag == "BPR":
            result.payment_total = _amount(segment, 2, number)
            result.paid_on = _date(segment[-1]) or result.paid_on  # BPR16 effective date
        elif tag == "DTM" and len(segment) > 2 and segment[1] == "405":
            result.paid_on = result.paid_on or _date(segment[2])
        elif tag == "TRN" and len(segment) > 2:
            result.trace_number = segment[2]
        elif tag == "N1" and len(segment) > 2 and segment[1] == "PR":
            result.payer_name = segment[2]
        elif tag == "CLP":
            current = _clp(segment, number)
            result.claims.append(current)
        elif tag == "CAS" and current is not None:
            current.adjustments.extend(_cas(segment, number))
        elif tag == "NM1" and current is not None and len(segment) > 4 and segment[1] == "QC":
            current.patient_name = f"{segment[4]} {segment[3]}".strip()
    if not result.claims:
        raise RemittanceFormatError("The 835 has no CLP (claim payment) segments.")
    return result
