"""Both the import_fhir command and the owner's upload page report, next to the patient
matches, which staff member the imported cases, plans and signed notes were recorded under
and how they were matched (by NPI, or the first owner/therapist when nobody matches)."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from petrissage.clinical.models import Case
from petrissage.practice.models import Role
from tests import factories
from tests.fhir.fhir_import_helpers import condition, patient, write_bundle
from tests.fhir.test_export_reimports_cases_plans_and_signed_sessions import _build

pytestmark = pytest.mark.django_db

SOURCE = "Ana Therapist (NPI 1234567893)"  # the exported cases' therapist (factories NPI)
LINE = re.compile(r".+ -> .+ \((npi|name|first owner/therapist)\): (1 record|\d+ records)")


@pytest.fixture
def export(practice, owner, tmp_path: Path) -> Path:
    _build(practice, tmp_path)
    out = tmp_path / "export"
    call_command(
        "export_fhir", practice=practice.slug, out=str(out), stdout=StringIO(), stderr=StringIO()
    )
    return out


def _one_ndjson(folder: Path) -> bytes:
    """Every exported resource in one NDJSON file, in the manifest's order (the page takes
    one file)."""
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    lines = [
        line
        for item in manifest["output"]
        for line in (folder / item["url"]).read_text("utf-8").splitlines()
        if line.strip()
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_the_command_lists_staff_matches_after_the_patients(export):
    target = factories.make_practice("beta-clinic")
    factories.make_staff(target, Role.OWNER, "beta-owner")
    therapist = factories.make_staff(target, Role.THERAPIST, "beta-therapist")  # same NPI
    out = StringIO()

    call_command(
        "import_fhir",
        str(export),
        practice=target.slug,
        no_progress=True,
        stdout=out,
        stderr=StringIO(),
    )

    text = out.getvalue()
    assert Case.objects.filter(practice=target, therapist=therapist).count() == 2
    assert "\nPatients:\n" in text
    heading = "\nStaff (who the imported cases, plans and notes are under):\n"
    assert heading in text
    assert text.index("\nPatients:\n") < text.index(heading)
    section = text.split(heading)[1].split("\n\n")[0].splitlines()
    # most records first: the therapist's cases, plans and notes, matched by NPI
    first = re.fullmatch(
        rf"  {re.escape(SOURCE)} -> Beta Therapist \(npi\): (\d+) records", section[0]
    )
    assert first, section
    assert int(first.group(1)) >= 2  # at least the two cases
    assert all(LINE.fullmatch(line.strip()) for line in section), section


def test_the_command_has_no_staff_section_when_nothing_needs_staff(practice, tmp_path):
    bundle = write_bundle(tmp_path, "b.json", [patient(), condition("c1", "64859006", "Osteo")])
    out = StringIO()

    call_command(
        "import_fhir",
        str(bundle),
        practice=practice.slug,
        no_progress=True,
        stdout=out,
        stderr=StringIO(),
    )

    assert "\nPatients:\n" in out.getvalue()
    assert "Staff (" not in out.getvalue()


def test_the_upload_page_shows_the_staff_matches_beside_the_patients(export, login):
    target = factories.make_practice("gamma-clinic")
    owner = factories.make_staff(target, Role.OWNER, "gamma-owner")  # no therapist: fallback
    client = login(owner)
    upload = SimpleUploadedFile("export.ndjson", _one_ndjson(export), "application/x-ndjson")

    response = client.post(reverse("fhir_import"), {"file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-summary"' in page
    assert "<h3>Patients</h3>" in page
    assert page.index("<h3>Patients</h3>") < page.index("<h3>Staff</h3>")
    staff = page.split('data-testid="staff-matches">')[1].split("</ul>")[0]
    items = re.findall(r"<li>(.*?)</li>", staff)
    # nobody matches by NPI or name: everything goes to the first owner, and the page says so
    assert re.fullmatch(
        rf"{re.escape(SOURCE)} -&gt; Gamma Owner \(first owner/therapist\): \d+ records",
        items[0],
    ), items
    assert all(LINE.fullmatch(item.replace("-&gt;", "->")) for item in items), items
    assert all("Gamma Owner (first owner/therapist)" in item for item in items), items
    assert Case.objects.filter(practice=target, therapist=owner).count() == 2
