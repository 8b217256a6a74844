"""`manage.py export_837p` end to end: clean claims → one interchange per payer, judged by
pyx12; claims marked submitted with control numbers from the practice counter. The pyx12
helper also has to say Failure on the defective LinuxForHealth samples."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from petrissage.billing.charge_services import charges_create_for_session
from petrissage.billing.models import BillingProfile, Claim, ClaimBatch, ClaimStatus
from tests.billing.builders import actor_for, insured_patient, open_case, session, setup_billing
from tests.domain.x12_validation import LINUXFORHEALTH_837, validate_file, validate_x12

LONG_NAME = "Ñúñez-O'Brien de la Santísima Trinidad y Montenegro-Villalobos Castellanos"
FAILING_SAMPLES = (
    "demo.example6.837",
    "demo.ambulance.example5.837",
    "demo.cob.example3.A.837",
    "demo.cob.example4.837",
)


def bill(practice, therapist, *codes, lines=None, **coverage):
    patient = insured_patient(practice, **coverage)
    note = session(open_case(patient, therapist, *codes), *([lines] if lines else []))
    charges_create_for_session(session=note, actor=actor_for(practice))
    return Claim.objects.get(patient=patient)


@pytest.fixture
def claims(practice, therapist):
    setup_billing(practice)
    two_regions = (
        ("massage", "lumbar-paraspinals", 30),
        ("myofascial release", "upper-trapezius", 23),
    )
    commercial = bill(practice, therapist, "M54.50", "M62.830", lines=two_regions)
    commercial.patient.family_name = LONG_NAME
    commercial.patient.given_name = "Zoë"
    commercial.patient.save()
    commercial.coverage.subscriber_name = f"Zoë {LONG_NAME}"
    commercial.coverage.save()
    spouse = bill(
        practice,
        therapist,
        "M54.2",
        relationship="01",
        subscriber_name="Sören Lindqvist",
        subscriber_birth_date=date(1979, 2, 3),
    )
    auto = bill(
        practice,
        therapist,
        "S13.4XXD",
        channel="auto",
        payer_name="Safeco Insurance",
        payer_identifier="SAFE1",
        claim_number="12-3456-789",
        injury_date=date(2025, 1, 5),
        accident_state="WA",
    )
    comp = bill(
        practice,
        therapist,
        "S39.012D",
        channel="workers_comp",
        payer_name="Washington State Department of Labor & Industries",
        payer_identifier="LNI01",
        member_id="A123456",
        claim_number="A123456",
        injury_date=date(2025, 1, 10),
        employer_name="Boeing Everett Plant",
        accident_state="WA",
    )
    broken = bill(practice, therapist, "M54.5")
    return {
        "commercial": commercial,
        "spouse": spouse,
        "auto": auto,
        "comp": comp,
        "broken": broken,
    }


def test_export_writes_valid_files_per_payer_and_marks_claims_submitted(claims, practice, tmp_path):
    call_command("export_837p", practice=practice.slug, out=tmp_path)
    files = sorted(tmp_path.glob("*.x12"))
    assert len(files) == 3  # Premera, Safeco, L&I
    for path in files:
        content = path.read_text(encoding="ascii")
        result = validate_x12(content)
        assert result.ok, f"{path.name}\n{result}"
    for name in ("commercial", "spouse", "auto", "comp"):
        claim = Claim.objects.get(pk=claims[name].pk)
        assert claim.status == ClaimStatus.SUBMITTED
        assert claim.batch is not None
    held = Claim.objects.get(pk=claims["broken"].pk)
    assert held.status == ClaimStatus.DRAFT
    assert any("M54.50" in p for p in held.problems)
    numbers = sorted(ClaimBatch.objects.values_list("control_number", flat=True))
    assert numbers == [1, 2, 3]
    assert BillingProfile.objects.get(practice=practice).last_control_number == 3


def test_non_ascii_and_over_long_names_are_sanitised_end_to_end(claims, practice, tmp_path):
    call_command("export_837p", practice=practice.slug, out=tmp_path)
    content = ClaimBatch.objects.get(payer__name="Premera Blue Cross").content
    assert content.isascii()
    name_segment = next(s for s in content.split("~") if s.strip().startswith("NM1*IL"))
    last = name_segment.split("*")[3]
    assert last.startswith("NUNEZ-O'BRIEN DE LA SANTISIMA")
    assert len(last) <= 60
    assert "*ZOE*" in name_segment
    assert "HC:97140:59" in content  # separate regions documented → modifier 59


def test_auto_and_comp_carry_related_causes_and_claim_numbers(claims, practice, tmp_path):
    call_command("export_837p", practice=practice.slug, out=tmp_path)
    auto = ClaimBatch.objects.get(payer__name="Safeco Insurance").content
    assert "AA:::WA" in auto
    assert "REF*Y4*12-3456-789" in auto
    assert "DTP*439*D8*20250105" in auto
    comp = ClaimBatch.objects.get(payer__payer_id="LNI01").content
    assert "*Y**EM~" in comp
    assert "NM1*IL*2*BOEING EVERETT PLANT" in comp
    assert "PAT*20" in comp


def test_a_second_export_has_nothing_left_and_new_numbers_continue(
    claims, practice, therapist, tmp_path
):
    call_command("export_837p", practice=practice.slug, out=tmp_path / "one")
    bill(practice, therapist, "M54.50")
    call_command("export_837p", practice=practice.slug, out=tmp_path / "two")
    [second] = list((tmp_path / "two").glob("*.x12"))
    assert "000000004" in second.name
    assert validate_x12(second.read_text(encoding="ascii")).ok


@pytest.mark.parametrize("name", FAILING_SAMPLES)
def test_the_validator_catches_defective_real_world_samples(name):
    path = Path(LINUXFORHEALTH_837) / name
    if not path.exists():
        pytest.skip("../shared/data/x12 (LinuxForHealth samples) is not beside this checkout")
    result = validate_file(path)
    assert not result.ok
    assert result.errors


def test_the_validator_accepts_a_good_real_world_sample():
    path = Path(LINUXFORHEALTH_837) / "demo.example1.837"
    if not path.exists():
        pytest.skip("../shared/data/x12 (LinuxForHealth samples) is not beside this checkout")
    assert validate_file(path).ok
