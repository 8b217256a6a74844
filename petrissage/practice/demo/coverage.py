"""Insurance coverage for demo patients: the payer mix of a Washington medical massage
clinic (commercial plans under the "every category" law, auto/PIP, L&I workers' comp,
some Medicare Advantage, the rest self-pay; clinical.md §payer rules). Pure, no Django.

Payer ids: Premera's 00430 is from premera.com ("Claim payer IDs"); the others are the
ids clearinghouse payer lists commonly show and are demo values only — confirm a payer
id with your clearinghouse before billing. L&I and auto insurers are left without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from string import ascii_uppercase, digits
from typing import Any

from petrissage.practice.demo.places import AUTO_INSURERS, EMPLOYERS


@dataclass(frozen=True)
class DemoPayer:
    name: str
    payer_id: str
    member_prefix: str


COMMERCIAL: tuple[DemoPayer, ...] = (
    DemoPayer("Premera Blue Cross", "00430", "PRA"),
    DemoPayer("Regence BlueShield", "00932", "RBS"),
    DemoPayer("Kaiser Permanente Washington", "91051", "KPW"),
    DemoPayer("Aetna", "60054", "W"),
    DemoPayer("UnitedHealthcare", "87726", "9"),
    DemoPayer("Cigna", "62308", "U"),
)
COMMERCIAL_WEIGHTS = (28, 22, 16, 12, 12, 10)

MEDICARE_ADVANTAGE: tuple[DemoPayer, ...] = (
    DemoPayer("Humana Medicare Advantage", "61101", "H"),
    DemoPayer("UnitedHealthcare Medicare Advantage (AARP)", "87726", "9"),
    DemoPayer("Premera Blue Cross Medicare Advantage", "00430", "PRM"),
)

LNI = "Washington State Department of Labor & Industries"

# Share of patients per channel; whoever is left is self-pay.
CHANNEL_SHARES: dict[str, float] = {
    "medicare_advantage": 0.05,
    "workers_comp": 0.12,
    "auto": 0.15,
    "commercial": 0.45,
}


def _fits(channel: str, age: int, rng: Random) -> bool:
    if channel == "medicare_advantage":
        return age >= 65
    if channel == "workers_comp":
        return age <= 66
    if channel == "commercial":  # some retirees keep an employer or spouse's plan
        return age < 65 or rng.random() < 0.3
    return True


def assign_channels(ages: list[int], rng: Random) -> list[str]:
    """One channel per patient, in the shares above: Medicare Advantage goes to patients
    of 65 and over, workers' comp to working age (18–66), the rest at random."""
    channels = ["self_pay"] * len(ages)
    order = list(range(len(ages)))
    rng.shuffle(order)
    taken: set[int] = set()
    for channel, share in CHANNEL_SHARES.items():
        wanted = round(share * len(ages))
        chosen = [i for i in order if i not in taken and _fits(channel, ages[i], rng)][:wanted]
        for index in chosen:
            channels[index] = channel
            taken.add(index)
    return channels


def _code(rng: Random, length: int, alphabet: str = digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def _recent_injury(rng: Random, today: date, *, min_days: int, max_days: int) -> date:
    return today - timedelta(days=rng.randint(min_days, max_days))


def _insured(payer: DemoPayer, rng: Random) -> dict[str, Any]:
    return {
        "payer_name": payer.name,
        "payer_identifier": payer.payer_id,
        "member_id": payer.member_prefix + _code(rng, 11 - len(payer.member_prefix)),
        "group_number": _code(rng, rng.choice((6, 7, 8))),
    }


def coverage_for(
    channel: str,
    *,
    rng: Random,
    today: date,
    holder: str,
    spouse: str | None,
    spouse_birth_date: date | None,
) -> dict[str, Any]:
    """The coverage_save data for one patient of `channel` (holder: the patient's name)."""
    if channel == "self_pay":
        return {"channel": channel}
    data: dict[str, Any] = {"channel": channel, "subscriber_name": holder, "relationship": "18"}
    if channel == "commercial":
        data |= _insured(rng.choices(COMMERCIAL, weights=COMMERCIAL_WEIGHTS)[0], rng)
        if spouse and rng.random() < 0.25:  # covered through a spouse's employer plan
            data |= {
                "subscriber_name": spouse,
                "subscriber_birth_date": spouse_birth_date,
                "relationship": "01",
            }
        data["valid_from"] = date(today.year, 1, 1)
    elif channel == "medicare_advantage":
        data |= _insured(rng.choice(MEDICARE_ADVANTAGE), rng)
        data["valid_from"] = date(today.year, 1, 1)
    elif channel == "auto":
        data |= {
            "payer_name": rng.choice(AUTO_INSURERS),
            "member_id": f"{_code(rng, 2, ascii_uppercase)}{_code(rng, 8)}",  # policy number
            "claim_number": f"{_code(rng, 2)}-{_code(rng, 4)}-{_code(rng, 3)}",
            "injury_date": _recent_injury(rng, today, min_days=14, max_days=240),
            "accident_state": "WA",
        }
    elif channel == "workers_comp":
        # L&I claim numbers: one letter and six digits, or two letters and five (lni.wa.gov).
        claim = (
            f"{_code(rng, 1, ascii_uppercase)}{_code(rng, 6)}"
            if rng.random() < 0.5
            else f"{_code(rng, 2, ascii_uppercase)}{_code(rng, 5)}"
        )
        data |= {
            "payer_name": LNI,
            "member_id": claim,
            "claim_number": claim,
            "injury_date": _recent_injury(rng, today, min_days=21, max_days=300),
            "employer_name": rng.choice(EMPLOYERS),
            "accident_state": "WA",
        }
    return data
