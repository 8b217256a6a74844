"""Write one X12 837P 005010X222A1 interchange (clinical.md §4f [B23]).

One interchange per payer: ISA/GS/ST … SE/GE/IEA around every claim for that payer,
grouped billing provider (2000A) → subscriber (2000B) → patient (2000C) → claims (2300).
Control numbers: ISA13 = IEA02 (9 digits), GS06 = GE02, ST02 = SE02; SE01 counts ST..SE.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from petrissage.domain.billing.x12 import segments as s
from petrissage.domain.billing.x12 import text
from petrissage.domain.billing.x12.model import (
    BillingProvider,
    Claim,
    Payer,
    Receiver,
    Submitter,
)
from petrissage.domain.billing.x12.segments import Segment, seg
from petrissage.domain.billing.x12.validate import check_claim

VERSION = "005010X222A1"
TRANSACTION_CONTROL = "0001"
MAX_CONTROL_NUMBER = 999_999_999


def _interchange_header(
    sender: Submitter, receiver: Receiver, control: int, created_at: datetime, usage: str
) -> Segment:
    """ISA: every element fixed width; ISA16 is the component separator itself."""
    return seg(
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        sender.id_qualifier,
        text.fixed(sender.identifier, 15),
        receiver.id_qualifier,
        text.fixed(receiver.identifier, 15),
        created_at.strftime("%y%m%d"),
        created_at.strftime("%H%M"),
        text.SEPARATORS.repetition,
        "00501",
        f"{control:09d}",
        "0",
        usage,
        text.SEPARATORS.component,
    )


def _transaction_header(
    sender: Submitter, receiver: Receiver, control: int, created_at: datetime
) -> list[Segment]:
    """ST, BHT, 1000A submitter (NM1*41 + PER), 1000B receiver (NM1*40)."""
    sender_id = text.clean_id(sender.identifier, 80, "submitter identifier")
    receiver_id = text.clean_id(receiver.identifier, 80, "receiver identifier")
    phone = text.digits(sender.phone, 10, "submitter phone")
    return [
        seg("ST", "837", TRANSACTION_CONTROL, VERSION),
        seg(
            "BHT",
            "0019",
            "00",
            str(control),
            created_at.strftime("%Y%m%d"),
            created_at.strftime("%H%M"),
            "CH",
        ),
        s.org_nm1("41", sender.name, "46", sender_id),
        seg(
            "PER",
            "IC",
            text.clean_required(sender.contact_name, 60, "submitter contact"),
            "TE",
            phone,
        ),
        s.org_nm1("40", receiver.name, "46", receiver_id),
    ]


def _group(claims: Sequence[Claim]) -> dict[BillingProvider, dict[tuple[object, ...], list[Claim]]]:
    """Billing provider → (subscriber, payer, patient, P&C claim no.) → claims, first-seen order."""
    groups: dict[BillingProvider, dict[tuple[object, ...], list[Claim]]] = {}
    for claim in claims:
        by_party = groups.setdefault(claim.billing_provider, {})
        # REF*Y4 sits in the subscriber/patient loop, so its claim number splits the group
        key = (claim.subscriber, claim.payer, claim.patient, claim.property_casualty_claim_number)
        by_party.setdefault(key, []).append(claim)
    return groups


def _claim_segments(claim: Claim) -> Iterator[Segment]:
    yield from s.claim_header(claim)
    yield from s.providers(claim)
    for number, line in enumerate(claim.lines, start=1):
        yield from s.service_line(number, line)


def _hierarchy(claims: Sequence[Claim]) -> Iterator[Segment]:
    """HL loops 2000A/B/C with their claims; HL numbers count up from 1."""
    number = 0
    for provider, parties in _group(claims).items():
        number += 1
        provider_hl = number
        yield s.hl(provider_hl, None, "20", has_children=True)
        yield from s.billing_provider(provider)
        for party_claims in parties.values():
            first = party_claims[0]
            number += 1
            subscriber_hl = number
            yield s.hl(subscriber_hl, provider_hl, "22", has_children=first.patient is not None)
            yield from s.subscriber(first)
            if first.patient is not None:
                number += 1
                yield s.hl(number, subscriber_hl, "23", has_children=False)
                yield from s.patient(first, first.patient)
            for claim in party_claims:
                yield from _claim_segments(claim)


def _check_inputs(claims: Sequence[Claim], control_number: int, usage: str) -> None:
    if not claims:
        raise ValueError("an interchange needs at least one claim")
    if not 1 <= control_number <= MAX_CONTROL_NUMBER:
        raise ValueError(f"control_number must be 1 to {MAX_CONTROL_NUMBER}")
    if usage not in ("P", "T"):
        raise ValueError("usage must be 'P' (production) or 'T' (test)")
    if len({claim.payer for claim in claims}) != 1:
        raise ValueError("one interchange per payer: split the claims by payer first")
    for claim in claims:
        check_claim(claim)


def write_interchange(
    sender: Submitter,
    receiver: Receiver,
    claims: Sequence[Claim],
    control_number: int,
    created_at: datetime,
    *,
    usage: str = "P",
    newline: bool = False,
) -> str:
    """The 837P file for one payer's claims. `created_at` must be timezone-aware.

    `control_number` is used for ISA13/IEA02, GS06/GE02 and BHT03; keep it unique per
    sender. `newline=True` puts a line break after each segment terminator.
    """
    _check_inputs(claims, control_number, usage)
    when = text.aware(created_at)
    sender_id = text.clean_id(sender.identifier, 15, "submitter identifier")
    receiver_id = text.clean_id(receiver.identifier, 15, "receiver identifier")
    body = [
        *_transaction_header(sender, receiver, control_number, when),
        *_hierarchy(claims),
    ]
    body.append(seg("SE", str(len(body) + 1), TRANSACTION_CONTROL))
    segments = [
        _interchange_header(sender, receiver, control_number, when, usage),
        seg(
            "GS",
            "HC",
            sender_id,
            receiver_id,
            when.strftime("%Y%m%d"),
            when.strftime("%H%M"),
            str(control_number),
            "X",
            VERSION,
        ),
        *body,
        seg("GE", "1", str(control_number)),
        seg("IEA", "1", f"{control_number:09d}"),
    ]
    terminator = text.SEPARATORS.segment + ("\n" if newline else "")
    return "".join(s.render(segment) + terminator for segment in segments)


def split_by_payer(claims: Sequence[Claim]) -> dict[Payer, list[Claim]]:
    """Claims grouped by payer, first-seen order: one interchange per group."""
    groups: dict[Payer, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.payer, []).append(claim)
    return groups
