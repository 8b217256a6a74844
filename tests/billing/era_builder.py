"""Build a small 835 remittance for claims of ours (the payer's answer to our 837P)."""

from __future__ import annotations

from decimal import Decimal

from petrissage.billing.models import Claim

Adjustments = tuple[tuple[str, str, str], ...]


def _isa(control: int) -> str:
    isa = (
        f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{'PREMERA':<15}*ZZ*{'ALPHA01':<15}"
        f"*250320*1200*^*00501*{control:09d}*0*P*:~"
    )
    assert len(isa) == 106
    return isa


def era_for(
    items: list[tuple[Claim, str, Adjustments]],
    *,
    trace: str = "TRACE0001",
    status: str = "1",
) -> str:
    """items: (claim, paid, ((group, reason, amount), ...)); one CLP per claim."""
    total = sum((Decimal(paid) for _, paid, _ in items), Decimal("0.00"))
    body = [
        "ST*835*0001",
        f"BPR*I*{total}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20250320",
        f"TRN*1*{trace}*1512345678",
        "DTM*405*20250320",
        "N1*PR*PREMERA BLUE CROSS",
        "N1*PE*ALPHA CLINIC MASSAGE LLC*XX*1245319599",
        "LX*1",
    ]
    for number, (claim, paid, adjustments) in enumerate(items, start=1):
        patient_share = sum((Decimal(a) for g, _, a in adjustments if g == "PR"), Decimal("0.00"))
        clp_status = "4" if status == "4" else status
        body.append(
            f"CLP*{claim.account_number}*{clp_status}*{claim.total_charge}*{paid}*{patient_share}"
            f"*12*PAYER{number:05d}"
        )
        body.extend(f"CAS*{g}*{r}*{a}" for g, r, a in adjustments)
        body.append(
            f"NM1*QC*1*{claim.patient.family_name.upper()}*{claim.patient.given_name.upper()}****MI*X1"
        )
    body.append(f"SE*{len(body) + 1}*0001")
    segments = [
        _isa(1).removesuffix("~"),
        "GS*HP*PREMERA*ALPHA01*20250320*1200*1*X*005010X221A1",
        *body,
        "GE*1*1",
        "IEA*1*000000001",
    ]
    return "~\n".join(segments) + "~\n"
